""" "People you have studied with": the peer-interaction log of one person, with what
they did with each other person, when last, and the courses and study groups they
share. Lives in home because it shows courses and groups; only the person themself
ever sees it."""

from dataclasses import dataclass, field

from accounts.interactions import SharedHistory, history_with_each
from courses.models import Enrolment
from groups.models import Membership

# How far back the page looks, in days; the first is the default.
PERIODS = (90, 30, 365)


def period_from(value):
    """The period a query string asks for, or the default for anything else."""
    return next((days for days in PERIODS if str(days) == value), PERIODS[0])


@dataclass
class Connection:
    history: SharedHistory
    courses: list = field(default_factory=list)
    groups: list = field(default_factory=list)

    @property
    def person(self):
        return self.history.person


def connections_of(person, since):
    """[Connection], most frequent first, in a fixed number of queries."""
    found = [Connection(history) for history in history_with_each(person, since)]
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
