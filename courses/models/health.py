from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CourseHealth(models.Model):
    """The latest snapshot of a course's community health: its interaction graph and
    its study groups' activity, computed by the worker (groups.tasks) and read by the
    instructor's pages, which never compute it themselves. `data` holds counts and
    ties only, never what anyone said (courses.health describes its shape)."""

    course = models.OneToOneField("courses.Course", on_delete=models.CASCADE, related_name="health")
    # Bumped when the shape of `data` changes: a page shows an older snapshot as "being
    # recomputed" instead of reading keys it does not have.
    version = models.PositiveSmallIntegerField(default=0)
    computed_at = models.DateTimeField(null=True, blank=True)
    # When someone last asked for a recomputation ("Refresh now"): the rate limit.
    requested_at = models.DateTimeField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = _("course health snapshots")

    def __str__(self):
        return f"Health of {self.course_id} at {self.computed_at}"
