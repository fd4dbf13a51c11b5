"""The one chat engine: channels of every kind, their members, messages, reactions,
mentions and each person's chat preferences."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse

MAX_MESSAGE_LENGTH = 4000
MAX_EMOJI_LENGTH = 16


class ChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def social(self):
        return self.filter(kind=Channel.Kind.SOCIAL)

    def with_member_counts(self):
        return self.annotate(member_count=Count("memberships", distinct=True))


class Channel(models.Model):
    """A chat. Social channels are open to everyone signed in; every other kind is
    readable by its members only, and membership is kept in step by the verbs of the
    app that owns the channel (courses, groups) through lounge.actions."""

    class Kind(models.TextChoices):
        SOCIAL = "social", "Social"
        COURSE = "course", "Course"
        GROUP = "group", "Study group"
        DIRECT = "direct", "Direct message"

    kind = models.CharField(max_length=12, choices=Kind, default=Kind.SOCIAL)
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=80)
    topic = models.CharField(max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    slow_mode_seconds = models.PositiveIntegerField(
        default=0, help_text="Minimum seconds between two messages of one person (0 = off)."
    )
    # The sequence number of the newest message: messages are numbered 1, 2, 3… per
    # channel under a lock on this row, so a client can spot a gap and ask for it.
    last_seq = models.PositiveBigIntegerField(default=0)
    # Direct messages: the sorted member ids ("3-7-12"), so a conversation is reused.
    direct_key = models.CharField(max_length=200, null=True, blank=True, unique=True)  # noqa: DJ001
    # The object that owns a course or study group channel (lounge does not import it).
    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")

    objects = ChannelQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id", "kind"], name="channel_one_per_owner"
            ),
        ]
        indexes = [models.Index(fields=["owner_type", "owner_id"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("lounge:channel", args=[self.slug])

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def is_public(self):
        return self.kind == self.Kind.SOCIAL

    @property
    def group_name(self):
        return f"lounge.channel.{self.pk}"

    @property
    def label(self):
        return f"#{self.name}" if self.kind == self.Kind.SOCIAL else self.name


class MembershipQuerySet(models.QuerySet):
    def with_unread(self):
        """Annotate `unread` (messages after the read marker, own ones excluded) and
        `unread_mentions`."""
        mentions = (
            Mention.objects.filter(
                user=OuterRef("user"),
                message__channel=OuterRef("channel"),
                message__seq__gt=OuterRef("last_read_seq"),
                message__deleted_at__isnull=True,
            )
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            unread=F("channel__last_seq") - F("last_read_seq"),
            unread_mentions=Coalesce(Subquery(mentions), 0),
        )


class Membership(models.Model):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lounge_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    last_read_seq = models.PositiveBigIntegerField(default=0)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "user"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} in {self.channel}"


class MessageQuerySet(models.QuerySet):
    def for_display(self):
        return self.select_related("author__profile", "reply_to__author__profile").prefetch_related(
            "reactions__user__profile", "mentions"
        )


class Message(models.Model):
    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="messages")
    seq = models.PositiveBigIntegerField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lounge_messages"
    )
    body = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    body_html = models.TextField()
    # Chosen by the sender's browser; a retried send with the same id is not stored twice.
    client_id = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULL = none
    reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replies"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change a client has to re-render (edit, delete, reaction).
    version = models.PositiveIntegerField(default=1)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["channel", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "seq"], name="message_seq_unique"),
            models.UniqueConstraint(
                fields=["author", "client_id"],
                condition=Q(client_id__isnull=False),
                name="message_client_id_unique",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("body"), MAX_MESSAGE_LENGTH),
                name="message_body_length",
            ),
        ]
        indexes = [models.Index(fields=["author", "created_at"])]

    def __str__(self):
        return f"{self.channel} #{self.seq} by {self.author}"

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def dom_id(self):
        return f"message-{self.pk}"


class Reaction(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(max_length=MAX_EMOJI_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["message", "user", "emoji"], name="reaction_unique"),
        ]

    def __str__(self):
        return f"{self.emoji} by {self.user}"


class Mention(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lounge_mentions"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="mention_unique"),
        ]

    def __str__(self):
        return f"@{self.user} in {self.message}"


class ChatPreferences(models.Model):
    """Chat privacy settings; lives in lounge so accounts stays free of chat concerns."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_preferences"
    )
    appear_offline = models.BooleanField(
        default=False, help_text="Others always see you as offline."
    )
    share_typing = models.BooleanField(default=True, help_text="Show others when you are typing.")

    class Meta:
        verbose_name_plural = "chat preferences"

    def __str__(self):
        return f"Chat preferences of {self.user}"

    @classmethod
    def for_user(cls, user):
        return cls.objects.filter(user=user).first() or cls(user=user)
