"""The instructor's community-health pages, composed from the stored snapshot (courses
and groups, computed by the worker), mentorship's and coffee chats' suggestions, and
the forms behind the radar's one-click actions. Nothing here computes the graph: the
pages read one row and a handful of small lookups for the rows they show."""

from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.health import VERSION
from courses.models import CourseHealth, Enrolment
from groups.health import RADAR_DAYS, RADAR_ROWS, radar
from groups.models import StudyGroup
from mentorship.coffee.models import Series
from mentorship.health import suggestions_for

DEFAULT_DAYS = 14
CHART_MAX_STUDENTS = 300
CHART_MAX_ALONE = 60
CHART_MAX_TIES = 2000
MAX_NOTE_LENGTH = 2000
REASON_LABELS = {
    "no_peer": gettext_lazy("No peer interaction"),
    "staff_only": gettext_lazy("Only with staff"),
    "no_group": gettext_lazy("In no study group"),
}
TREND_LABELS = {
    "rising": gettext_lazy("Rising"),
    "steady": gettext_lazy("Steady"),
    "fading": gettext_lazy("Fading"),
}


def default_note(course, name):
    return _(
        "Hi %(name)s, I hope %(course)s is going well. Studying with others helps a lot: "
        "a study group or a coffee chat is a good start, and I am happy to help you find one."
    ) % {"name": name, "course": course.code}


def snapshot_of(course):
    """(the course's snapshot row or None, whether its data can be shown: computed, in
    the current shape)."""
    snapshot = CourseHealth.objects.filter(course=course).first()
    ready = snapshot is not None and snapshot.computed_at is not None
    return snapshot, ready and snapshot.version == VERSION


def chosen_days(request):
    try:
        days = int(request.GET.get("days", DEFAULT_DAYS))
    except ValueError:
        return DEFAULT_DAYS
    return days if days in RADAR_DAYS else DEFAULT_DAYS


@dataclass
class RadarRow:
    id: int
    name: str
    handle: str
    last_peer_at: object
    reasons: list
    groups: list = field(default_factory=list)  # [(group dict, free, total)]
    mentor: object = None
    coffee: object = None
    note: str = ""

    @property
    def reason_labels(self):
        return [REASON_LABELS[reason] for reason in self.reasons]


def radar_rows(course, data, now, days):
    """(rows shown, number of students on the radar)."""
    found = radar(data, now, days)
    groups = {group["id"]: group for group in data.get("groups", ())}
    shown = found[:RADAR_ROWS]
    suggestions = suggestions_for(course, [row["id"] for row in shown], now)
    rows = []
    for row in shown:
        suggested = suggestions[row["id"]]
        rows.append(
            RadarRow(
                id=row["id"],
                name=row["name"],
                handle=row["handle"],
                last_peer_at=row["last_peer_at"],
                reasons=row["reasons"],
                groups=[
                    (groups[group_id], free, total)
                    for group_id, free, total in row["group_fits"]
                    if group_id in groups
                ],
                mentor=suggested.mentor,
                coffee=suggested.coffee,
                note=default_note(course, row["name"]),
            )
        )
    return rows, len(found)


def chart_data(data, now, days):
    """(nodes, ties, sampled) for the connection chart: every student, those alone in the
    last `days` marked isolated. A course larger than CHART_MAX_STUDENTS is drawn as its
    CHART_MAX_ALONE students alone longest and its most connected ones (a picture of
    thousands of dots shows nothing and takes seconds to lay out); the radar lists the
    rest."""
    alone = [
        row["id"]
        for row in radar(data, now, days, with_fits=False)
        if {"no_peer", "staff_only"} & set(row["reasons"])
    ]
    students = {student["id"]: student for student in data.get("students", ())}
    ties = data.get("ties", [])
    sampled = len(students) > CHART_MAX_STUDENTS
    if sampled:
        strength = Counter()
        for first, second, weight in ties:
            strength[first] += weight
            strength[second] += weight
        everyone_alone = set(alone)
        alone = alone[:CHART_MAX_ALONE]
        connected = sorted(
            (student for student in students if student not in everyone_alone),
            key=lambda student: (-strength[student], student),
        )[: CHART_MAX_STUDENTS - len(alone)]
        kept = set(alone) | set(connected)
        ties = [tie for tie in ties if tie[0] in kept and tie[1] in kept]
        ties = sorted(ties, key=lambda tie: -tie[2])[:CHART_MAX_TIES]
    else:
        kept = students
    isolated = set(alone)
    nodes = [
        {"id": student_id, "name": students[student_id]["name"], "isolated": student_id in isolated}
        for student_id in students
        if student_id in kept
    ]
    return nodes, ties, sampled


# The one-click actions. Each names a student of the course by id; the view turns an id
# that is not one of the course's students (or a group or series of another course)
# into the 404 of a missing page, before any verb runs.


class StudentForm(forms.Form):
    student = forms.IntegerField(min_value=1)


class InviteForm(StudentForm):
    group = forms.IntegerField(min_value=1)


class NoteForm(StudentForm):
    body = forms.CharField(max_length=MAX_NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 4}))


class CoffeeForm(StudentForm):
    series = forms.IntegerField(min_value=1)


def student_of(course, student_id):
    enrolment = (
        Enrolment.objects.filter(
            course=course, user_id=student_id, role=Enrolment.Role.STUDENT, user__is_active=True
        )
        .select_related("user__profile")
        .first()
    )
    if enrolment is None:
        raise Http404("No such student.")
    return enrolment.user


def group_of(course, group_id):
    group = StudyGroup.objects.active().filter(course=course, pk=group_id).first()
    if group is None:
        raise Http404("No such group.")
    return group


def series_of(course, series_id):
    series = Series.objects.filter(course=course, pk=series_id).first()
    if series is None:
        raise Http404("No such series.")
    return series
