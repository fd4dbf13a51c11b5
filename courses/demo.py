"""Demo courses, with instructors and students enrolled. Safe to re-run."""

from django.contrib.auth import get_user_model

from accounts.demo import STUDENTS
from lounge.actions import file_report, post_message

from .actions import course_channel, set_course_role, sync_chat_member
from .models import Course, Enrolment

COURSES = [
    (
        "STAT101",
        "Introduction to Statistics",
        "amara",
        "Descriptive statistics, probability and inference, with weekly problem sets that reward "
        "working together.",
    ),
    (
        "CS201",
        "Algorithms and Data Structures",
        "kenji",
        "Sorting, graphs, dynamic programming. Pair up for the weekly coding exercises.",
    ),
    (
        "DES110",
        "Foundations of UX Design",
        "lucia",
        "Research, sketching and prototyping, with peer critique every week.",
    ),
]


COURSES_PER_STUDENT = (1, 3)


def seed(rng):
    users = {user.username: user for user in get_user_model().objects.all()}
    for code, title, teacher, description in COURSES:
        course, _ = Course.objects.update_or_create(
            code=code,
            defaults={
                "title": title,
                "term": "Spring 2027",
                "description": description,
                "created_by": users[teacher],
            },
        )
        Enrolment.objects.update_or_create(
            course=course, user=users[teacher], defaults={"role": Enrolment.Role.INSTRUCTOR}
        )
    courses = list(Course.objects.filter(code__in=[c[0] for c in COURSES]).order_by("code"))
    for index, (handle, *_rest) in enumerate(STUDENTS):
        # Everyone takes STAT101 or CS201; some take two or three courses.
        picks = rng.sample(courses, rng.randint(*COURSES_PER_STUDENT))
        if courses[index % 2] not in picks:
            picks.append(courses[index % 2])
        for course in picks:
            Enrolment.objects.get_or_create(course=course, user=users[handle])
    set_course_role(courses[0].created_by, courses[0], users[STUDENTS[3][0]], Enrolment.Role.TA)
    for course in courses:
        channel = course_channel(course)
        for enrolment in course.enrolments.select_related("user"):
            sync_chat_member(course, enrolment)
        if not channel.messages.exists():
            post_message(
                course.created_by,
                channel,
                f"Welcome to {course.code}! Use this chat for questions about the course, and "
                "look at **Groups** to find classmates who study at the same times as you.",
            )
            if course.code == "STAT101":
                _seed_report_for_course_moderators(course, channel)


def _seed_report_for_course_moderators(course, channel):
    """An open report in a course chat, for the course's instructor to handle in the admin."""
    author, reporter = [
        enrolment.user
        for enrolment in course.enrolments.filter(role=Enrolment.Role.STUDENT)
        .select_related("user")
        .order_by("user__username")[:2]
    ]
    message, _ = post_message(
        author, channel, "Anyone got the answers to this week's graded quiz? Will pay 😉"
    )
    file_report(
        reporter,
        message,
        "other",
        "Asking for answers to a graded quiz, against the course rules.",
        channel=channel,
    )
