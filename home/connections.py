""" "People you have studied with": the peer-interaction log of one person, with the
courses and study groups they share with each. Lives in home because it shows courses
and groups; only the person themself ever sees it."""

from dataclasses import dataclass, field
from datetime import timedelta

from accounts.interactions import interactions_of
from courses.models import Enrolment
from groups.models import Membership

SINCE = timedelta(days=365)


@dataclass
class Connection:
    person: object
    count: int
    courses: list = field(default_factory=list)
    groups: list = field(default_factory=list)


def connections_of(person, now):
    """[Connection], most frequent first, in a fixed number of queries."""
    found = [Connection(other, count) for other, count in interactions_of(person, now - SINCE)]
    by_id = {connection.person.pk: connection for connection in found}
    if not by_id:
        return []
    my_courses = Enrolment.objects.filter(user=person).values("course_id")
    my_groups = Membership.objects.filter(user=person).values("group_id")
    for enrolment in Enrolment.objects.filter(
        user_id__in=by_id, course_id__in=my_courses
    ).select_related("course"):
        by_id[enrolment.user_id].courses.append(enrolment.course)
    for membership in Membership.objects.filter(
        user_id__in=by_id, group_id__in=my_groups, group__archived_at__isnull=True
    ).select_related("group"):
        by_id[membership.user_id].groups.append(membership.group)
    return found
