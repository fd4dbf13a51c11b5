from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

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
        return self.name


class Interest(models.Model):
    """A topic a person cares about; names are stored lower-cased so tags merge."""

    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Profile(models.Model):
    class Role(models.TextChoices):
        STUDENT = "student", "Student"
        INSTRUCTOR = "instructor", "Instructor"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    display_name = models.CharField(max_length=60, blank=True)
    pronouns = models.CharField(max_length=30, blank=True)
    time_zone = models.CharField(max_length=64, default=DEFAULT_TIME_ZONE)
    time_zone_confirmed = models.BooleanField(
        default=False, help_text="Set once the person has confirmed the zone preset at signup."
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="speakers")
    interests = models.ManyToManyField(Interest, blank=True, related_name="people")
    bio = models.TextField(max_length=500, blank=True)
    role = models.CharField(max_length=12, choices=Role, default=Role.STUDENT)
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
    weekday = models.PositiveSmallIntegerField(help_text="0 = Monday … 6 = Sunday, local time")
    hour = models.PositiveSmallIntegerField(help_text="Start hour, 0–23, local time")

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


class Notification(models.Model):
    """Something a person should hear about (a request decided, a seat freed up)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.text
