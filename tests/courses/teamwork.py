"""Building blocks for teamwork tests: students with weekly free hours, a grouping of
two teams, an assignment, and submissions, all made through the verbs."""

from datetime import timedelta

from django.utils import timezone

from accounts.actions import set_free_hours
from courses import actions
from tests.factories import UserFactory

EVENINGS = [(day, hour) for day in range(7) for hour in range(17, 22)]
MORNINGS = [(day, hour) for day in range(7) for hour in range(6, 10)]


def enrol(course, username, *, zone="Europe/Berlin", free=EVENINGS):
    person = UserFactory(username=username, display_name=username.title(), time_zone=zone)
    actions.enrol_with_code(person, course.join_code)
    set_free_hours(person, free)
    return person


def two_teams(instructor, course, red, blue, name="Project teams"):
    """A grouping of `course` with the teams Red and Blue of these people."""
    return actions.create_grouping(
        instructor, course, name=name, teams=[("Red", red), ("Blue", blue)]
    )


def new_assignment(instructor, course, grouping, **details):
    values = {
        "title": "Survey analysis",
        "brief": "Analyse the **survey** together.",
        "due_at": timezone.now() + timedelta(days=7),
        "time_zone": "Asia/Kolkata",
        "grouping": grouping,
        "late_policy": "refuse",
        "late_hours": 0,
    }
    values.update(details)
    return actions.create_assignment(instructor, course, **values)


def write_and_submit(person, workspace, body="Our findings.", now=None):
    actions.save_draft(person, workspace, body=body, base_version=workspace.version)
    workspace.refresh_from_db()
    return actions.submit_work(person, workspace, version=workspace.version, now=now)


RUBRIC = [
    {"title": "Clarity", "prompt": "Is it easy to follow?", "scale": 5, "comment_required": True},
    {"title": "Evidence", "prompt": "", "scale": 4, "comment_required": False},
]
