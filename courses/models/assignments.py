"""Assignments, each team's workspace for one (its draft and the draft's versions), and
the team's submission."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_TITLE_LENGTH = 120
MAX_BRIEF_LENGTH = 20_000
MAX_DRAFT_LENGTH = 50_000
MAX_LATE_HOURS = 14 * 24


class Assignment(models.Model):
    class LatePolicy(models.TextChoices):
        REFUSE = "refuse", _("No late submissions")
        ACCEPT = "accept", _("Late submissions accepted for a while, marked late")

    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="assignments"
    )
    title = models.CharField(max_length=MAX_TITLE_LENGTH)
    brief = models.TextField(max_length=MAX_BRIEF_LENGTH, help_text=_("Safe markdown."))
    # When the brief is given out: submissions are taken from then until the due time.
    opens_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField()
    # The zone the instructor entered the due time in, to show it back to them alike.
    time_zone = models.CharField(max_length=64, default="UTC")
    grouping = models.ForeignKey(
        "courses.Grouping", on_delete=models.RESTRICT, related_name="assignments"
    )
    late_policy = models.CharField(max_length=8, choices=LatePolicy, default=LatePolicy.REFUSE)
    late_hours = models.PositiveSmallIntegerField(
        default=0, help_text=_("How long after the due time late work is still accepted.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(late_hours__lte=MAX_LATE_HOURS), name="assignment_late_hours"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:assignment", args=[self.pk])

    @property
    def closes_at(self):
        """The last moment a submission is taken."""
        if self.late_policy == self.LatePolicy.ACCEPT:
            return self.due_at + timedelta(hours=self.late_hours)
        return self.due_at


class Workspace(models.Model):
    """One team's place for one assignment: its chat (a lounge channel it owns), its
    shared draft and the draft's versions, and its submission."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="workspaces")
    team = models.ForeignKey("courses.Team", on_delete=models.CASCADE, related_name="workspaces")
    draft = models.TextField(max_length=MAX_DRAFT_LENGTH, blank=True)
    # The number of the version `draft` holds; 0 before anyone wrote anything.
    version = models.PositiveIntegerField(default=0)
    # A later due time given to this team alone; the late policy runs from it.
    extended_due_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["assignment", "team__name"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "team"], name="one_workspace_per_team"),
        ]

    def __str__(self):
        return f"{self.team} · {self.assignment}"

    def get_absolute_url(self):
        return reverse("courses:workspace", args=[self.pk])

    @property
    def due_at(self):
        """The team's due time: its extension, or the assignment's."""
        return self.extended_due_at or self.assignment.due_at

    @property
    def closes_at(self):
        """The last moment this team's submission is taken, under the late policy."""
        assignment = self.assignment
        if assignment.late_policy == Assignment.LatePolicy.ACCEPT:
            return self.due_at + timedelta(hours=assignment.late_hours)
        return self.due_at


class DraftVersion(models.Model):
    """A saved state of a team's draft: who saved it, when, and how much it changed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(max_length=MAX_DRAFT_LENGTH, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    lines_added = models.PositiveIntegerField(default=0)
    lines_removed = models.PositiveIntegerField(default=0)
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["workspace", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "number"], name="draft_version_unique"),
        ]

    def __str__(self):
        return f"v{self.number} of {self.workspace}"


class Submission(models.Model):
    """A team's final work: a frozen copy of one version of its draft."""

    workspace = models.OneToOneField(Workspace, on_delete=models.CASCADE, related_name="submission")
    version = models.ForeignKey(DraftVersion, on_delete=models.RESTRICT, related_name="+")
    body = models.TextField(max_length=MAX_DRAFT_LENGTH)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField()
    is_late = models.BooleanField(default=False)

    class Meta:
        ordering = ["workspace"]

    def __str__(self):
        return f"Submission of {self.workspace}"
