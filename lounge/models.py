"""The one chat engine: channels of every kind, their members, messages, reactions,
mentions and each person's chat preferences."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Messages after the one a link points at, loaded with it (a page holds 50).
HISTORY_AROUND = 25
MAX_MESSAGE_LENGTH = 4000
MAX_EMOJI_LENGTH = 16


class ChannelQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def social(self):
        return self.filter(kind=Channel.Kind.SOCIAL)

    def with_member_counts(self):
        return self.annotate(member_count=Count("memberships", distinct=True))

    def owned_by(self, owner, kind):
        """The chat of `kind` that `owner` (a course, a study group…) keeps for its people."""
        return self.filter(
            owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, kind=kind
        )


class Channel(models.Model):
    """A chat. Social channels are open to everyone signed in; every other kind is
    readable by its members only, and membership is kept in step by the verbs of the
    app that owns the channel (courses, groups) through lounge.actions."""

    class Kind(models.TextChoices):
        SOCIAL = "social", _("Social")
        COURSE = "course", _("Course")
        GROUP = "group", _("Study group")
        DIRECT = "direct", _("Direct message")
        # Kept in step by their owners' apps: a mentoring pair (mentorship), an
        # assignment's team (courses), a live session's breakout room (groups).
        MENTORSHIP = "mentorship", _("Mentorship")
        TEAM = "team", _("Team")
        BREAKOUT = "breakout", _("Breakout room")

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
        default=0, help_text=_("Minimum seconds between two messages of one person (0 = off).")
    )
    # Locked: only the channel's moderators post (set by lock_channel / unlock_channel).
    locked_at = models.DateTimeField(null=True, blank=True)
    # The sequence number of the newest message: messages are numbered 1, 2, 3… per
    # channel under a lock on this row, so a client can spot a gap and ask for it.
    last_seq = models.PositiveBigIntegerField(default=0)
    # Direct messages: the sorted member ids ("3-7-12"), so a conversation is reused.
    direct_key = models.CharField(max_length=200, null=True, blank=True, unique=True)  # noqa: DJ001
    # The object that keeps this chat for its people (a course, a study group; lounge does
    # not import it). Its app's verbs keep the membership in step (ensure_owned_channel).
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
    def is_locked(self):
        return self.locked_at is not None

    @property
    def is_public(self):
        return self.kind == self.Kind.SOCIAL

    @property
    def label(self):
        return f"#{self.name}" if self.kind == self.Kind.SOCIAL else self.name


class MembershipQuerySet(models.QuerySet):
    def with_unread(self):
        """Annotate `unread` (messages after the read marker that others wrote and that
        everyone can see: not hidden, pending or deleted) and `unread_mentions`."""
        unread = (
            Message.objects.filter(
                channel=OuterRef("channel"),
                seq__gt=OuterRef("last_read_seq"),
                deleted_at__isnull=True,
                hidden_at__isnull=True,
                pending=False,
            )
            .exclude(author=OuterRef("user"))
            .order_by()
            .values("channel")
            .annotate(n=Count("pk"))
            .values("n")
        )
        mentions = (
            Mention.objects.filter(
                user=OuterRef("user"),
                message__channel=OuterRef("channel"),
                message__seq__gt=OuterRef("last_read_seq"),
                message__deleted_at__isnull=True,
                message__hidden_at__isnull=True,
                message__pending=False,
            )
            .order_by()
            .values("user")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            unread=Coalesce(Subquery(unread), 0),
            unread_mentions=Coalesce(Subquery(mentions), 0),
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MODERATOR = "moderator", _("Moderator")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lounge_memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)
    last_read_seq = models.PositiveBigIntegerField(default=0)
    # Channel moderators (a course's instructors and TAs) moderate this channel only.
    role = models.CharField(max_length=12, choices=Role, default=Role.MEMBER)
    # The person's own mute of the channel: no unread badge, no mention alerts.
    muted = models.BooleanField(default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "user"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} in {self.channel}"


class MessageQuerySet(models.QuerySet):
    def public(self):
        """Messages everyone in the channel sees (not hidden, not awaiting approval)."""
        return self.filter(hidden_at__isnull=True, pending=False)

    def for_display(self):
        """What a row shows (lounge.rendering.message_payload): three queries for any
        number of messages, their reactions read with the people who gave them, and
        their attachments."""
        reactions = Reaction.objects.select_related("user__profile")
        return self.select_related("author__profile", "reply_to__author__profile").prefetch_related(
            models.Prefetch("reactions", queryset=reactions), "attachments"
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
    # Threads. A reply in a thread is numbered in its channel like any message (so
    # badges, read markers and resuming need nothing new) but shown in the thread, and
    # in the channel too only when its author chose "also send to the channel".
    thread_root = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="thread_replies"
    )
    also_in_channel = models.BooleanField(default=False)
    # On a thread's first message, what its row in the channel says of the thread
    # ("4 replies · last 10 min ago", and who took part), kept by
    # lounge.actions.threads.refresh_summary: counted from the replies everyone sees.
    thread_reply_count = models.PositiveIntegerField(default=0)
    thread_last_reply_at = models.DateTimeField(null=True, blank=True)
    # [[user id, display name], …]: the most recent repliers first, at most four.
    thread_participants = models.JSONField(default=list, blank=True)
    # When the server received it (a socket frame's arrival), which can be a little before
    # it was saved when the server is behind: the rate limit counts by it.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # Bumped by every change a client has to re-render (edit, delete, reaction, hide).
    version = models.PositiveIntegerField(default=1)
    # When anyone would last have seen it change (edit, delete, hide, approval, reaction):
    # a client that was away asks for the messages changed since it last heard.
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Moderation. A hidden message keeps its text for the record but is shown to nobody
    # in the lounge; a pending one (pre-moderation) is shown to its author and the
    # channel's moderators until approved; a flagged one is shown but awaits review.
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    hidden_reason = models.TextField(max_length=2000, blank=True)
    pending = models.BooleanField(default=False, db_index=True)
    flag_reason = models.CharField(max_length=200, blank=True)
    # The body's words for full-text search (lounge.search). On PostgreSQL a trigger
    # keeps it in step with the body and a GIN index serves it (migration 0006); on
    # SQLite it stays empty and search falls back to matching the text.
    search_vector = SearchVectorField(null=True, editable=False)

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
        indexes = [
            models.Index(fields=["author", "created_at"]),
            models.Index(
                fields=["thread_root", "seq"],
                condition=Q(thread_root__isnull=False),
                name="message_thread_replies",
            ),
        ]

    def __str__(self):
        return f"{self.channel} #{self.seq} by {self.author}"

    def save(self, *args, **kwargs):
        """Every save is a change someone can see; `changed_at` follows even when the
        caller names only the fields it touched."""
        self.changed_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "changed_at" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "changed_at"]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The channel at this message, the page of history around it loaded; a reply
        shown only in its thread, the thread at the reply."""
        if not self.in_channel_list:
            return f"{self.get_thread_url()}#thread-message-{self.pk}"
        return (
            f"{self.channel.get_absolute_url()}?before={self.seq + HISTORY_AROUND}"
            f"#message-{self.pk}"
        )

    def get_thread_url(self):
        return reverse("lounge:thread", args=[self.thread_root_id or self.pk])

    @property
    def in_channel_list(self):
        """Shown in the channel's list of messages (a thread's replies are not, unless
        also sent there)."""
        return self.thread_root_id is None or self.also_in_channel

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_hidden(self):
        return self.hidden_at is not None

    @property
    def is_public(self):
        """Shown to everyone who can read the channel."""
        return not self.pending and self.hidden_at is None

    @property
    def dom_id(self):
        return f"message-{self.pk}"


class MessageEdit(models.Model):
    """A message's text before one of its edits: the history readers of the channel can
    open from "(edited)", and moderators see beside a report."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="edits")
    previous_body = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["message", "edited_at"]

    def __str__(self):
        return f"edit of message {self.message_id} at {self.edited_at:%Y-%m-%d %H:%M}"


class ThreadFollow(models.Model):
    """Someone follows a thread (told of its new replies) or chose to stop. Posting in a
    thread, starting one that gets a reply, or being mentioned in it follows it; an
    explicit unfollow is kept (following=False) until they post there again."""

    root = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thread_follows"
    )
    following = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["root", "user"], name="thread_follow_unique"),
        ]

    def __str__(self):
        return f"{self.user} {'follows' if self.following else 'unfollowed'} thread {self.root_id}"


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
        default=False, help_text=_("Others always see you as offline.")
    )
    share_typing = models.BooleanField(
        default=True, help_text=_("Show others when you are typing.")
    )

    class Meta:
        verbose_name_plural = _("chat preferences")

    def __str__(self):
        return f"Chat preferences of {self.user}"

    @classmethod
    def for_user(cls, user):
        return cls.objects.filter(user=user).first() or cls(user=user)


# Moderation -----------------------------------------------------------------------

MAX_REPORT_NOTE_LENGTH = 1000


class ChannelMuteQuerySet(models.QuerySet):
    def active(self, now=None):
        from django.utils import timezone

        return self.filter(lifted_at__isnull=True, until__gt=now or timezone.now())


class ChannelMute(models.Model):
    """A timed mute in one channel: the person reads but does not post, edit or react."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="mutes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lounge_channel_mutes"
    )
    until = models.DateTimeField()
    reason = models.TextField(max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for automatic mutes (flood detector)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ChannelMuteQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["channel", "user", "until"])]

    def __str__(self):
        return f"{self.user} muted in {self.channel}"


class CommunitySettings(models.Model):
    """The one row of community-wide moderation settings (edited in the admin)."""

    premoderate_first_messages = models.PositiveIntegerField(
        default=0,
        help_text=_(
            "The first N messages of a new account wait for a moderator's approval "
            "(0 = off). Direct messages are not pre-moderated."
        ),
    )
    flagged_words = models.TextField(
        blank=True,
        help_text=_(
            "One word or phrase per line. Messages containing one (whole words, any "
            "case) are posted but flagged for review."
        ),
    )
    flood_messages = models.PositiveIntegerField(
        default=0,
        help_text=_(
            "This many messages by one person in one channel within the window below "
            "are flagged and the person is muted there briefly (0 = off)."
        ),
    )
    flood_seconds = models.PositiveIntegerField(default=30)
    flood_mute_minutes = models.PositiveIntegerField(default=10)
    group_mention_max_members = models.PositiveIntegerField(
        default=30,
        help_text=_(
            "In channels with more members than this, only moderators may use @here, "
            "@channel and @everyone (they notify every member, or every member online)."
        ),
    )
    welcome_channels = models.ManyToManyField(
        Channel,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": "social", "archived_at__isnull": True},
        help_text=_(
            "New people join these social channels when they sign up (#introductions, "
            "say), so their first visit to the lounge is not an empty room."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community settings")
        verbose_name_plural = _("community settings")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="community_settings_single")]

    def __str__(self):
        return "Community settings"

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    def word_list(self):
        return [w.strip() for w in self.flagged_words.splitlines() if w.strip()]


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """Someone (or the automatic checks, with no reporter) asks moderators to look at a
    message, a person, a study group or any other object."""

    class Reason(models.TextChoices):
        HARASSMENT = "harassment", _("Harassment")
        HATE = "hate", _("Hate or discrimination")
        SPAM = "spam", _("Spam")
        SELF_HARM = "self_harm", _("Self-harm concern")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("report state", "Open")
        DISMISSED = "dismissed", _("Dismissed")
        ACTIONED = "actioned", _("Action taken")
        # A self-harm concern: a moderator reached out; nobody is punished for it.
        HANDLED = "handled", _("Handled: reached out")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lounge_reports_filed",
        help_text=_("Empty for automatic flags (word list, flood detector)."),
    )
    reason = models.CharField(max_length=12, choices=Reason)
    note = models.TextField(max_length=MAX_REPORT_NOTE_LENGTH, blank=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    target_label = models.CharField(max_length=200, blank=True)
    reported_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lounge_reports_received",
    )
    # The channel the reported thing lives in: decides which course moderators see it.
    channel = models.ForeignKey(
        Channel, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=300, blank=True, help_text=_("What the reporter is told (no details).")
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=Q(status="open", reporter__isnull=False),
                name="report_one_open_per_reporter",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("note"), MAX_REPORT_NOTE_LENGTH),
                name="report_note_length",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["target_type", "target_id"]),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.target_label}"

    @property
    def is_open(self):
        return self.status == self.Status.OPEN

    @property
    def takes_more_action(self):
        """Open, or acted on once: a moderator may hide a message and then also mute its
        author. A dismissed or handled report is finished."""
        return self.status in (self.Status.OPEN, self.Status.ACTIONED)

    @property
    def is_urgent(self):
        return self.reason == self.Reason.SELF_HARM and self.is_open


# Files and pictures ------------------------------------------------------------------


def _private_storage():
    from core.storage import PrivateStorage

    return PrivateStorage()


class Attachment(models.Model):
    """A file or picture sent with a message (lounge.attachments checks and encodes it).
    Kept in the private storage and served only through lounge.views.attachment, to
    whoever may see the message."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Picture")
        FILE = "file", _("File")

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=8, choices=Kind)
    # The name shown and offered for download, cleaned (lounge.attachments.clean_name).
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    file = models.FileField(storage=_private_storage, max_length=255)
    thumbnail = models.FileField(storage=_private_storage, max_length=255, blank=True)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    thumb_width = models.PositiveIntegerField(null=True, blank=True)
    thumb_height = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["message", "position"]

    def __str__(self):
        return self.name

    @property
    def is_image(self):
        return self.kind == self.Kind.IMAGE
