"""Every main page, on a desktop (1280×800) and a phone (390×844): axe-core finds no
serious or critical problem, the page does not scroll sideways, and a screenshot of
each is saved (test-results/screenshots/) to be looked at."""

from datetime import time

import pytest
from django.urls import reverse

from accounts.actions import set_free_hours
from accounts.models import Language, Profile
from courses.actions import create_course, enrol_with_code
from groups.actions import create_group, join_group, request_to_join
from lounge import actions as lounge
from lounge.models import Channel
from tests.factories import UserFactory

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture
def community(db):
    instructor = UserFactory(
        username="amara", display_name="Amara Okafor", time_zone="Africa/Lagos"
    )
    Profile.objects.filter(user=instructor).update(role=Profile.Role.INSTRUCTOR)
    instructor.refresh_from_db()
    ana = UserFactory(username="ana", display_name="Ana Souza", time_zone="America/Sao_Paulo")
    dev = UserFactory(username="dev", display_name="Dev Patel", time_zone="Asia/Kolkata")
    staff = UserFactory(username="admin", display_name="Site Admin", time_zone="UTC")
    staff.is_staff = staff.is_superuser = True
    staff.save(update_fields=["is_staff", "is_superuser"])
    course = create_course(
        instructor, title="Introduction to Statistics", code="STAT101", term="Spring 2027"
    )
    for person in (ana, dev):
        enrol_with_code(person, course.join_code)
        set_free_hours(person, [(day, hour) for day in range(5) for hour in (18, 19, 20)])
    portuguese = Language.objects.get_or_create(code="pt", defaults={"name": "Portuguese"})[0]
    group = create_group(
        ana,
        name="Estatística em português",
        description="Exercícios juntos, **toda semana**.",
        course=course,
        capacity=6,
        visibility="request",
        topics=[],
        languages=[portuguese],
        slots=[(1, time(23), 120), (3, time(19), 60)],
        schedule_public=True,
        location="https://meet.example.org/estatistica",
    )
    request_to_join(dev, group, "Olá! I am free on Tuesday nights.")
    open_group = create_group(
        dev,
        name="Night owls: regression",
        description="",
        course=course,
        capacity=4,
        visibility="open",
        topics=[],
        languages=[],
        slots=[(2, time(21), 90)],
    )
    join_group(ana, open_group)
    social = lounge.create_channel(ana, kind=Channel.Kind.SOCIAL, name="introductions")
    lounge.join_channel(dev, social)
    for number in range(6):
        author = (ana, dev)[number % 2]
        lounge.post_message(author, social, f"Hello from message {number} — **welcome**!")
    message, _ = lounge.post_message(dev, social, "I feel like giving up on everything")
    lounge.file_report(ana, message, "self_harm", "Worried about Dev")
    return {
        "ana": ana,
        "dev": dev,
        "instructor": instructor,
        "staff": staff,
        "course": course,
        "group": group,
        "social": social,
    }


def _pages(c):
    return [
        ("ana", "home", "/"),
        ("ana", "groups", reverse("groups:index")),
        ("ana", "group-organiser", reverse("groups:detail", args=[c["group"].pk])),
        ("dev", "group-asking", reverse("groups:detail", args=[c["group"].pk])),
        ("ana", "group-form", reverse("groups:create")),
        ("ana", "course", reverse("courses:detail", args=[c["course"].pk])),
        ("instructor", "course-edit", reverse("courses:edit", args=[c["course"].pk])),
        ("ana", "lounge-channel", reverse("lounge:channel", args=[c["social"].slug])),
        ("ana", "direct", reverse("lounge:direct") + "?q=de"),
        ("ana", "profile", reverse("accounts:profile_edit")),
        ("ana", "person", reverse("people:detail", args=["dev"])),
        ("ana", "week", reverse("accounts:availability")),
        ("ana", "notifications", reverse("notifications:index")),
        ("ana", "meetups", reverse("meetups:index")),
        ("staff", "archive-confirm", reverse("lounge:channel_archive", args=[c["social"].slug])),
        ("staff", "admin-dashboard", reverse("admin:index")),
        ("staff", "admin-audit-log", reverse("admin:accounts_moderationaction_changelist")),
        ("staff", "admin-reports", reverse("admin:lounge_report_changelist")),
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_main_page_is_accessible_and_fits(
    new_page, log_in, screenshot, assert_accessible, community, viewport
):
    pages = {}
    problems = []
    for who, name, path in _pages(community):
        if who not in pages:
            pages[who] = log_in(new_page(viewport=VIEWPORTS[viewport]), community[who])
        page = pages[who]
        response = page.goto(path)
        assert response.status == 200, f"{name}: {response.status}"
        page.wait_for_load_state("networkidle")
        try:
            screenshot(page, f"{viewport}-{name}")
        except AssertionError as problem:
            problems.append(f"{name}: {problem}")
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 1:
            problems.append(f"{name}: scrolls sideways by {overflow}px")
    assert not problems, "\n".join(problems)
