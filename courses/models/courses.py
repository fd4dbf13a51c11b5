import secrets

from django.conf import settings
from django.db import models
from django.db.models import FilteredRelation, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# No 0/O or 1/I/L: join codes are read aloud and typed from slides.
JOIN_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
JOIN_CODE_LENGTH = 8


def new_join_code():
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


class CourseQuerySet(models.QuerySet):
    def taken_by(self, user):
        return self.filter(enrolments__user=user)

    def taught_by(self, user):
        """The courses `user` is an instructor or TA of."""
        return self.filter(
            enrolments__user=user, enrolments__role__in=Enrolment.STAFF_ROLES
        ).distinct()

    def with_enrolment_of(self, user):
        """Select with each course `user`'s enrolment in it as `viewer_enrolment` (at most
        one; when they are not enrolled the attribute is left unset)."""
        return self.annotate(
            viewer_enrolment=FilteredRelation("enrolments", condition=Q(enrolments__user=user))
        ).select_related("viewer_enrolment")


class Course(models.Model):
    """An online course whose students study together on Commons."""

    title = models.CharField(max_length=120)
    code = models.CharField(max_length=20, unique=True, help_text=_("e.g. STAT101"))
    term = models.CharField(max_length=40, help_text=_("e.g. Spring 2027"))
    description = models.TextField(max_length=2000, blank=True)
    join_code = models.CharField(max_length=JOIN_CODE_LENGTH, unique=True, default=new_join_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="courses_created",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Whether the course's TAs see its community-health pages (who is alone, which
    # groups fade); instructors always do. Off by default: it is about students.
    tas_see_health = models.BooleanField(
        default=False, help_text=_("Teaching assistants see the community-health pages.")
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["code"]

    def __str__(self):
        return f"{self.code}: {self.title}"

    def get_absolute_url(self):
        return reverse("courses:detail", args=[self.pk])


class EnrolmentQuerySet(models.QuerySet):
    def staff(self):
        """Instructors and TAs: they moderate the course's chats and groups."""
        return self.filter(role__in=Enrolment.STAFF_ROLES)


class Enrolment(models.Model):
    class Role(models.TextChoices):
        STUDENT = "student", _("Student")
        TA = "ta", _("Teaching assistant")
        INSTRUCTOR = "instructor", _("Instructor")

    STAFF_ROLES = (Role.INSTRUCTOR, Role.TA)

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    role = models.CharField(max_length=12, choices=Role, default=Role.STUDENT)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["course", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["course", "user"], name="enrolment_unique"),
        ]

    def __str__(self):
        return f"{self.user} in {self.course.code} ({self.role})"

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        enrolment = super().from_db(db, field_names, values, **kwargs)
        enrolment._stored_role = enrolment.__dict__.get("role")
        return enrolment

    @property
    def is_staff_role(self):
        return self.role in self.STAFF_ROLES

    def staff_role_changed(self):
        """Whether this save turns a student into staff (instructor, TA) or back: what
        other apps' chats follow. A new row was nobody before; remembered per save."""
        stored = getattr(self, "_stored_role", None)
        was_staff = stored in self.STAFF_ROLES
        self._stored_role = self.role
        return was_staff != self.is_staff_role
