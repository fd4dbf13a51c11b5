"""Demo community health: in STAT101, three students who are clearly alone (one only
ever writes to the instructor), a study group that chats every week and one that went
quiet a month ago; then every course's snapshot is computed, so the instructor's pages
show data right after seeding. Runs last, after every other app's demo. Safe to re-run."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from accounts.demo import _person, _profile
from courses.actions import sync_chat_member
from courses.models import Course, Enrolment
from lounge import actions as lounge

from . import actions, health_refresh
from .models import StudyGroup

ALONE = [
    ("rania", "Rania Haddad", "Asia/Amman"),
    ("tomas", "Tomás Rey", "America/Bogota"),
    ("wei", "Wei Zhang", "Asia/Shanghai"),
]
HEALTHY_GROUP = "Stats in Spanish"
FADING_GROUP = "Asia-Pacific stats circle"
WEEKLY_LINES = [
    "Problem set {week} is up: who wants to compare answers?",
    "I got 0.{week}3 for question 2, does that match?",
    "Same here. See you at the usual time!",
]


def seed(rng):
    course = Course.objects.filter(code="STAT101").first()
    if course is None:
        return
    if not Enrolment.objects.filter(course=course, user__username=ALONE[0][0]).exists():
        # Weeks of history are written at once: the posting rate limit does not apply.
        with override_settings(LOUNGE_RATE_LIMIT=(10**6, 1)):
            _seed_alone(course)
            now = timezone.now()
            _chat_weekly(StudyGroup.objects.filter(name=HEALTHY_GROUP).first(), now, range(8))
            _chat_weekly(StudyGroup.objects.filter(name=FADING_GROUP).first(), now, range(5, 8))
    for course_id in Course.objects.values_list("pk", flat=True):
        health_refresh.refresh(course_id)


def _seed_alone(course):
    people = []
    for handle, name, zone in ALONE:
        person = _person(handle)
        _profile(person, name, "", zone, [], [], "New here.")
        enrolment, _ = Enrolment.objects.get_or_create(course=course, user=person)
        sync_chat_member(course, enrolment)
        people.append(person)
    # Only ever in touch with the instructor: alone among peers all the same.
    chat = lounge.open_direct_channel(people[0], [course.created_by])
    lounge.post_message(people[0], chat, "Hello, is problem set 3 due on Friday or Sunday?")
    lounge.post_message(course.created_by, chat, "Sunday night, in your own time zone.")


def _chat_weekly(group, now, weeks_ago):
    """Three messages a week in `group`'s chat in each of those weeks back from now,
    oldest first (the chat's rate limit counts the messages after each one's time)."""
    if group is None:
        return
    members = [membership.user for membership in group.memberships.select_related("user")]
    channel = actions.group_channel(group)
    for weeks in sorted(weeks_ago, reverse=True):
        for number, line in enumerate(WEEKLY_LINES):
            lounge.post_message(
                members[number % len(members)],
                channel,
                line.format(week=8 - weeks),
                received_at=now - timedelta(weeks=weeks, hours=len(WEEKLY_LINES) - number),
            )
