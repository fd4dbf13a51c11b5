from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, FilteredRelation, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import MINUTES_PER_WEEK, Interest, Language, WeekRangeFields
from courses.models import Course

MIN_CAPACITY = 2
MAX_CAPACITY = 50


class StudyGroupQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def with_open_seats(self):
        return self.filter(member_count__lt=F("capacity"))

    def with_pending_of(self, user):
        """Select with each group `user`'s waitlist entry, pending join request and pending
        invitation (with who sent it), as `viewer_waitlist_entry`, `viewer_join_request` and
        `viewer_invitation`: at most one of each (unique constraints), and a missing one
        leaves its attribute unset."""
        return self.annotate(
            viewer_waitlist_entry=FilteredRelation("waitlist", condition=Q(waitlist__user=user)),
            viewer_join_request=FilteredRelation(
                "join_requests",
                condition=Q(
                    join_requests__user=user, join_requests__status=JoinRequest.Status.PENDING
                ),
            ),
            viewer_invitation=FilteredRelation(
                "invitations",
                condition=Q(
                    invitations__invitee=user, invitations__status=Invitation.Status.PENDING
                ),
            ),
        ).select_related(
            "viewer_waitlist_entry",
            "viewer_join_request",
            "viewer_invitation__invited_by__profile",
        )


class StudyGroup(models.Model):
    class Visibility(models.TextChoices):
        OPEN = "open", _("Open: anyone can join")
        REQUEST = "request", _("Request to join: organisers approve")
        INVITE = "invite", _("Invite only")

    name = models.CharField(max_length=80)
    description = models.TextField(max_length=2000, blank=True)
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, null=True, blank=True, related_name="study_groups"
    )
    topics = models.ManyToManyField(Interest, blank=True, related_name="study_groups")
    languages = models.ManyToManyField(Language, blank=True, related_name="study_groups")
    capacity = models.PositiveSmallIntegerField(default=8)
    visibility = models.CharField(max_length=10, choices=Visibility, default=Visibility.OPEN)
    # A request-to-join group may show when it meets to people deciding whether to ask
    # (its members and their free hours stay private); other groups ignore it.
    schedule_public = models.BooleanField(default=False)
    # Where the meetings happen: a video-call link or a few words ("Library, room 2").
    location = models.CharField(max_length=300, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="owned_study_groups"
    )
    # Kept in step by groups.actions under a row lock; the check constraint below
    # is the last line of defence against overfilling.
    member_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)

    objects = StudyGroupQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=MIN_CAPACITY) & Q(capacity__lte=MAX_CAPACITY),
                name="group_capacity_range",
            ),
            models.CheckConstraint(
                condition=Q(member_count__lte=F("capacity")), name="group_not_overfull"
            ),
        ]
        indexes = [
            models.Index(fields=["archived_at", "-created_at"]),
            # Suggestions take the most recently active of thousands of groups, and
            # browse can sort by activity: walked in order, no sort of every group.
            models.Index(
                fields=["-last_activity_at"],
                condition=Q(archived_at__isnull=True),
                name="group_active_by_activity",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("groups:detail", args=[self.pk])

    @property
    def open_seats(self):
        return max(self.capacity - self.member_count, 0)

    @property
    def is_archived(self):
        return self.archived_at is not None

    def tag_names(self):
        """(topic names, language names), each sorted by name, read in one query."""
        topics = Interest.objects.filter(study_groups=self).annotate(kind=Value("topic"))
        languages = Language.objects.filter(study_groups=self).annotate(kind=Value("language"))
        tags = {"topic": [], "language": []}
        for kind, name in (
            # The parts' default orderings go: SQLite refuses ORDER BY inside a UNION.
            topics.order_by()
            .values_list("kind", "name")
            .union(languages.order_by().values_list("kind", "name"), all=True)
            .order_by("name")
        ):
            tags[kind].append(name)
        return tags["topic"], tags["language"]


class MeetingSlot(models.Model):
    """A weekly meeting at a wall-clock time in the zone the organiser entered it in."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="meeting_slots")
    weekday = models.PositiveSmallIntegerField(help_text=_("0 = Monday … 6 = Sunday"))
    start_time = models.TimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    time_zone = models.CharField(max_length=64)

    class Meta:
        ordering = ["weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__lte=6), name="slot_weekday_range"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=15) & Q(duration_minutes__lte=480),
                name="slot_duration_range",
            ),
        ]

    def __str__(self):
        return f"{self.group}: {self.weekday} {self.start_time:%H:%M} ({self.time_zone})"

    @property
    def duration(self):
        return timedelta(minutes=self.duration_minutes)


class MembershipQuerySet(models.QuerySet):
    def organisers(self):
        """Owners and co-organisers: they answer join requests and invite people."""
        return self.filter(role__in=Membership.ORGANISER_ROLES)


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        CO_ORGANISER = "co_organiser", _("Co-organiser")
        MEMBER = "member", _("Member")

    ORGANISER_ROLES = (Role.OWNER, Role.CO_ORGANISER)

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(max_length=14, choices=Role, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique"),
            models.UniqueConstraint(
                fields=["group"], condition=Q(role="owner"), name="one_owner_per_group"
            ),
        ]

    def __str__(self):
        return f"{self.user} in {self.group} ({self.role})"

    @property
    def is_organiser(self):
        return self.role in self.ORGANISER_ROLES


class JoinRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_join_requests"
    )
    message = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "user"], condition=Q(status="pending"), name="one_pending_request"
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.group} ({self.status})"


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="invitations")
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "invitee"],
                condition=Q(status="pending"),
                name="one_pending_invitation",
            )
        ]

    def __str__(self):
        return f"{self.invitee} invited to {self.group} ({self.status})"


class WaitlistEntry(models.Model):
    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="waitlist")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_waitlists"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name_plural = "waitlist entries"
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="waitlist_unique"),
        ]

    def __str__(self):
        return f"{self.user} waiting for {self.group}"


class MeetingWeek(models.Model):
    """A UTC week whose MeetingRanges have been worked out for every group; from then
    on every change to a group's meetings rewrites its rows."""

    week = models.DateField(unique=True)

    def __str__(self):
        return f"meetings, week of {self.week}"


class MeetingRange(WeekRangeFields):
    """A group's meeting time in one UTC week, derived from its MeetingSlots by
    groups.schedule (accounts.week_ranges says why). A row is a meeting (one
    occurrence, clipped to the week: "fits my week" asks for one inside my free time),
    a span (the merged time covered by meetings: fit counts its minutes once), or both,
    as it is whenever meetings do not overlap."""

    group = models.ForeignKey(StudyGroup, on_delete=models.CASCADE, related_name="meeting_ranges")
    is_meeting = models.BooleanField()
    is_span = models.BooleanField()
    # The meeting's real start (for one that began the week before, in that week).
    starts_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [models.Index(fields=["week", "group"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_minute__lt=F("end_minute")) & Q(end_minute__lte=MINUTES_PER_WEEK),
                name="meeting_range_in_week",
            ),
            models.CheckConstraint(
                condition=Q(is_meeting=True) | Q(is_span=True), name="meeting_range_has_a_use"
            ),
        ]

    def __str__(self):
        return f"{self.group} {self.week} +{self.start_minute}–{self.end_minute} min"
