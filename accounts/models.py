import traceback
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core.dates import babel_locale

from .timezones import DEFAULT_TIME_ZONE, get_zone


class User(AbstractUser):
    """A person. `username` is the public handle in /people/<handle>/; email is the login."""

    email = models.EmailField("email address", unique=True)

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.username

    @property
    def display_name(self):
        profile = getattr(self, "profile", None)
        return (profile and profile.display_name) or self.username


class Language(models.Model):
    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        """The name in the active language ("Japanese", "Japonés", "Japonês"): the
        stored English name in English, CLDR's name in the others."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language.startswith("en"):
            return self.name
        name = babel_locale(language).languages.get(self.code)
        return name[:1].upper() + name[1:] if name else self.name


class Interest(models.Model):
    """A topic a person cares about; names are stored lower-cased so tags merge."""

    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Profile(models.Model):
    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        INSTRUCTOR = "instructor", _("Instructor")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    display_name = models.CharField(max_length=60, blank=True)
    pronouns = models.CharField(max_length=30, blank=True)
    time_zone = models.CharField(max_length=64, default=DEFAULT_TIME_ZONE)
    time_zone_confirmed = models.BooleanField(
        default=False, help_text=_("Set once the person has confirmed the zone preset at signup.")
    )
    # The language Commons speaks to this person in (pages, emails, notifications, live
    # updates); empty until chosen, when their browser's preference applies.
    interface_language = models.CharField(
        max_length=10, choices=settings.LANGUAGES, blank=True, verbose_name=_("language")
    )
    # "more" always uses the high-contrast colours; "auto" follows the device's
    # prefers-contrast setting.
    contrast = models.CharField(
        max_length=8,
        choices=[("auto", _("As my device says")), ("more", _("High contrast"))],
        default="auto",
        verbose_name=_("contrast"),
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers")
    # Language-tandem coffee chats pair a learner with someone who speaks the language.
    learning_languages = models.ManyToManyField(Language, blank=True, related_name="learners")
    interests = models.ManyToManyField(Interest, blank=True, related_name="people")
    bio = models.TextField(max_length=500, blank=True)
    # The storage key of the profile picture's sizes (accounts.avatars); empty: none,
    # the person's initials are shown instead.
    picture = models.CharField(max_length=100, blank=True, editable=False)
    role = models.CharField(max_length=12, choices=Role, default=Role.STUDENT)
    conduct_version_accepted = models.PositiveIntegerField(
        default=0, help_text=_("The code of conduct version this person last accepted.")
    )
    conduct_accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.display_name or self.user.username

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.user.username])

    @property
    def zone(self):
        return get_zone(self.time_zone)

    def local_now(self):
        return timezone.now().astimezone(self.zone)


class AvailabilitySlot(models.Model):
    """One free hour in a person's week, kept as the wall-clock hour they chose.

    Recurring availability is a wall-clock intent ("Tuesdays 19:00 where I
    live"), so it is stored with the zone it was entered in and turned into UTC
    intervals for a concrete week when compared (see accounts.availability).
    Pinning it to a fixed UTC hour would move it by an hour at every DST change.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(
        help_text="0 = Monday … 6 = Sunday, local time"  # untranslated: a schema note
    )
    hour = models.PositiveSmallIntegerField(
        help_text="Start hour, 0–23, local time"  # untranslated: a schema note
    )

    class Meta:
        ordering = ["weekday", "hour"]
        constraints = [
            models.UniqueConstraint(fields=["user", "weekday", "hour"], name="slot_unique"),
            models.CheckConstraint(
                condition=models.Q(weekday__lte=6) & models.Q(hour__lte=23),
                name="slot_in_week",
            ),
        ]

    def __str__(self):
        return f"{self.user} {self.weekday}/{self.hour:02d}:00"


BADGE_CAP = 100


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        """What `user` is shown: their notifications, leaving out those caused by someone
        with a block between them, either way (a block hides what came before it too)."""
        blocks = Block.objects.filter(
            Q(blocker=user, blocked=OuterRef("actor")) | Q(blocker=OuterRef("actor"), blocked=user)
        )
        return self.filter(recipient=user).exclude(Exists(blocks))

    def unread(self):
        return self.filter(read_at__isnull=True)

    def unread_count(self):
        """Counted up to BADGE_CAP (shown as "99+"), so the bell's query stays cheap."""
        return self.unread()[:BADGE_CAP].count()


class Notification(models.Model):
    """Something a person should hear about, stored as facts (kind, actor, target,
    params) and put into words only when read, in the reader's zone (see
    accounts.notifications). Written only by `accounts.actions.notify`.

    List or count them through `Notification.objects.for_recipient(user)`, never
    `user.notifications`, so that blocks hold."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(
        max_length=32,
        help_text="One of accounts.notifications.KINDS.",  # untranslated: a schema note
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notifications_caused",
        help_text=_("The person whose act this tells of; empty for moderation and automatic news."),
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    scope = models.CharField(
        max_length=80,
        blank=True,
        help_text=_(
            "'app_label.model:pk' the recipient must still be allowed to see for the "
            "text to show (a channel, a group); empty: always shown."
        ),
    )
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"]),
            models.Index(fields=["recipient", "-created_at"], name="notification_recent"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True, emailed_at__isnull=True),
                name="notification_pending_email",
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    @property
    def text(self):
        """In words, as its recipient reads it. For one notification at a time (the
        admin, tests); lists go through accounts.notifications.render_for in one go."""
        from .notifications import render_for

        return render_for(self.recipient, [self])[0].text


class NotificationSettings(models.Model):
    """How a person hears about each kind of notification, and when email may not come."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    deliveries = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("kind -> delivery, only where it differs from the default."),
    )
    quiet_start = models.TimeField(
        null=True, blank=True, help_text=_("Wall-clock, the person's zone.")
    )
    quiet_end = models.TimeField(null=True, blank=True)
    last_daily_digest_at = models.DateTimeField(null=True, blank=True)
    last_weekly_digest_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"Notification settings of {self.user_id}"


class Block(models.Model):
    """`blocker` no longer sees `blocked`; `blocked` cannot reach `blocker` and is not told."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_unique"),
            models.CheckConstraint(
                condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"
            ),
        ]

    def __str__(self):
        return f"{self.blocker} blocked {self.blocked}"


class ModerationAction(models.Model):
    """The audit log: who did what, to whom, when and why. Written only by verbs."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_taken",
        help_text=_("Empty for automatic actions (flood detector, word list)."),
    )
    action = models.CharField(max_length=40)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moderation_actions_received",
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField(max_length=2000)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        who = self.actor or "automatic"
        return f"{who}: {self.action} {self.target_label or self.target_user or ''}".strip()

    @property
    def action_name(self):
        """The action in words ("Muted in a channel")."""
        from .moderation import action_name  # moderation builds on these models

        return action_name(self.action)

    @property
    def length(self):
        """How long a mute or ban lasts, in words; "" for other actions."""
        from .moderation import restriction_length

        return restriction_length(self)


class SiteRestriction(models.Model):
    """A site-wide timed mute (can read, cannot post) or a ban from the community."""

    class Kind(models.TextChoices):
        MUTE = "mute", _("Muted site-wide")
        BAN = "ban", _("Banned")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="site_restrictions"
    )
    kind = models.CharField(max_length=8, choices=Kind)
    until = models.DateTimeField(null=True, blank=True, help_text=_("Empty: until lifted."))
    reason = models.TextField(max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "kind", "lifted_at"])]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()}"

    def is_active(self, at=None):
        at = at or timezone.now()
        return self.lifted_at is None and (self.until is None or self.until > at)


class CodeOfConduct(models.Model):
    """A published version of the code of conduct. People accept the newest one; publishing
    a new version (after changing the page's text) asks everyone to accept it again."""

    version = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField(default=timezone.now)
    changes = models.TextField(
        max_length=2000, blank=True, help_text=_("What changed, shown when people re-accept.")
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("code of conduct version")

    def __str__(self):
        return f"Code of conduct v{self.version}"

    @classmethod
    def current_version(cls):
        return cls.objects.order_by("-version").values_list("version", flat=True).first() or 0


class ScheduledRunQuerySet(models.QuerySet):
    @contextmanager
    def claim(self, job, slot):
        """`core.schedules.run_due`'s ledger: yields the run of `job` in `slot` locked for
        this caller, or None when another worker holds it or it is done. The row is made
        first (the unique constraint settles a race between workers), then locked with
        SKIP LOCKED inside a transaction that the job's own writes join."""
        self.get_or_create(job=job, slot=slot)
        with transaction.atomic():
            yield (
                self.select_for_update(skip_locked=True)
                .filter(job=job, slot=slot, finished_at__isnull=True)
                .first()
            )


class ScheduledRun(models.Model):
    """One slot of one periodic job (`core.schedules`): done once `finished_at` is set.

    It lives here, the lowest floor that owns models, so that every app's jobs share one
    ledger; it records job names only, never what a job did."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ScheduledRunQuerySet.as_manager()

    class Meta:
        ordering = ["-slot", "job"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="scheduled_run_once_per_slot")
        ]

    def __str__(self):
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M}"

    def succeeded(self):
        self.attempts += 1
        self.finished_at = timezone.now()
        self.save(update_fields=["attempts", "finished_at"])

    def failed(self, error):
        self.attempts += 1
        self.last_error = "".join(traceback.format_exception(error))[-10_000:]
        self.save(update_fields=["attempts", "last_error"])


class Interaction(models.Model):
    """The peer-interaction log: `person` did something with `other` (replied to,
    mentioned, messaged, reacted to, joined the same group as), at `target` (the
    message, the group). Append-only, written by the verbs of every app through
    `accounts.interactions.record`; it never stores what was said.

    No staff flag is stored: who is staff depends on the course and changes (a TA is
    appointed next term), and accounts cannot ask courses. The readers take the staff
    ids of the course at hand instead (`accounts.interactions.isolated_among`)."""

    class Kind(models.TextChoices):
        # Translators: read as "<person> <kind> <other>", e.g. "Ana replied to Bo".
        REPLIED = "replied", _("replied to")
        MENTIONED = "mentioned", _("mentioned")
        MESSAGED = "messaged", _("sent a direct message to")
        REACTED = "reacted", _("reacted to")
        SAME_GROUP = "same_group", _("joined a study group with")
        MET = "met", _("met at a meetup")
        THANKED = "thanked", _("sent kudos to")
        PAIRED = "paired", _("was paired with")
        REVIEWED = "reviewed", _("reviewed the work of")
        TEAMMATE = "teammate", _("worked in a team with")

    # Not indexed alone: the two indexes below lead with each of them.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interactions_made",
        db_index=False,
    )
    other = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="interactions_received",
        db_index=False,
    )
    kind = models.CharField(max_length=20, choices=Kind)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.SET_NULL, null=True, blank=True
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        # Either side of a pair over a span of time (a week's counts per pair): each
        # index serves one direction of `person = A or other = A` and its time range.
        indexes = [
            models.Index(fields=["person", "created_at", "other"], name="interaction_by_person"),
            models.Index(fields=["other", "created_at", "person"], name="interaction_by_other"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(person=models.F("other")), name="interaction_not_self"
            )
        ]

    def __str__(self):
        return f"{self.person} {self.get_kind_display()} {self.other}"


MINUTES_PER_WEEK = 7 * 24 * 60


class WeekRangeFields(models.Model):
    """A stretch of real time in one UTC week, in minutes from that week's Monday 00:00
    UTC: recurring wall-clock times worked out for a concrete week (DST and all), so
    that the database can compare weeks with plain integer arithmetic."""

    week = models.DateField(
        help_text="Monday of the UTC week"  # untranslated: a schema note
    )
    start_minute = models.PositiveSmallIntegerField()
    end_minute = models.PositiveSmallIntegerField()

    class Meta:
        abstract = True


class FreeTimeWeek(models.Model):
    """A UTC week whose FreeTimeRanges have been worked out for everyone; from then on
    every change to a person's availability or zone rewrites theirs."""

    week = models.DateField(unique=True)

    def __str__(self):
        return f"free time, week of {self.week}"


class FreeTimeRange(WeekRangeFields):
    """A stretch of a person's free time in one UTC week (merged: ranges never touch).
    Derived from AvailabilitySlot and the profile's zone by accounts.week_ranges."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="free_time_ranges"
    )

    class Meta:
        indexes = [models.Index(fields=["week", "user"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_minute__lt=models.F("end_minute"))
                & Q(end_minute__lte=MINUTES_PER_WEEK),
                name="free_time_range_in_week",
            )
        ]

    def __str__(self):
        return f"{self.user} free {self.week} +{self.start_minute}–{self.end_minute} min"
