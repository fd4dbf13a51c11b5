"""Groupings: named sets of teams in a course, kept and reused by its assignments."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MAX_NAME_LENGTH = 80
MIN_TEAM_SIZE = 2
MAX_TEAM_SIZE = 12
MAX_MIN_SHARED_HOURS = 40


class Grouping(models.Model):
    class Method(models.TextChoices):
        HAND = "hand", _("Made by hand")
        AUTO = "auto", _("Formed from weekly availability")
        CSV = "csv", _("Imported from a CSV file")
        CHOICE = "choice", _("Chosen by students")

    course = models.ForeignKey("courses.Course", on_delete=models.CASCADE, related_name="groupings")
    name = models.CharField(max_length=MAX_NAME_LENGTH)
    method = models.CharField(max_length=8, choices=Method, default=Method.HAND)
    # What the instructor asked for when the teams were formed automatically.
    min_size = models.PositiveSmallIntegerField(null=True, blank=True)
    max_size = models.PositiveSmallIntegerField(null=True, blank=True)
    min_shared_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    # Students chosen teams: while open, students of the course join and leave its
    # teams themselves, up to `max_size` a team.
    choosing_open = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["course", "name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="grouping_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.course.code})"

    def get_absolute_url(self):
        return reverse("courses:grouping", args=[self.pk])


class Team(models.Model):
    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=MAX_NAME_LENGTH)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="TeamMember", related_name="teams"
    )

    class Meta:
        ordering = ["grouping", "name"]
        constraints = [
            models.UniqueConstraint(fields=["grouping", "name"], name="team_unique_name"),
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    """A student in a team. `grouping` repeats the team's so that the database itself
    keeps anyone from being in two teams of one grouping."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )

    class Meta:
        ordering = ["team", "user"]
        constraints = [
            models.UniqueConstraint(fields=["grouping", "user"], name="one_team_per_grouping"),
        ]

    def __str__(self):
        return f"{self.user} in {self.team}"
