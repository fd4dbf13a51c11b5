"""The availability heat-map of a whole course: for each hour of the week in the
viewer's zone, how many of its students are free. Each student's week is stored as
wall-clock hours in their own zone (accounts.availability), so a São Paulo evening
and a Berlin evening land on different hours of the viewer's week, DST and all."""

from django.utils import timezone

from accounts.availability import free_counts_by_local_hour

from .models import Enrolment


def course_heatmap(course, zone_name, now=None):
    """7 lists (Monday first) of 24 counts: the course's students free for the whole
    of each hour of this week in `zone_name`. Two queries, whatever the course's size:
    the students are a subquery of both."""
    students = Enrolment.objects.filter(course=course, role=Enrolment.Role.STUDENT).values(
        "user_id"
    )
    grid, _ = free_counts_by_local_hour(students, zone_name, now or timezone.now())
    return grid
