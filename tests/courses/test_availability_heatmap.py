"""The course heat-map: each student's week is kept in their own zone and lands on the
hours of the viewer's zone, with the counts worked out by hand.

Paula lives in São Paulo (UTC-3 all year) and Bert in Berlin (UTC+1 in winter, UTC+2
in summer). Each is free on Mondays 19:00-20:00 where they live:
- Paula: 22:00 UTC, which is 23:00 in a Berlin winter and Tuesday 00:00 in a Berlin
  summer;
- Bert: 18:00 UTC in winter (15:00 in São Paulo) and 17:00 UTC in summer (14:00).
"""

from datetime import UTC, datetime

import pytest

from accounts.actions import set_free_hours
from courses import actions
from courses.availability_heatmap import course_heatmap
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

WINTER_WEDNESDAY = datetime(2027, 1, 13, 12, 0, tzinfo=UTC)
SUMMER_WEDNESDAY = datetime(2027, 7, 14, 12, 0, tzinfo=UTC)
MONDAY, TUESDAY = 0, 1


def enrol(course, username, zone, free_hours):
    person = UserFactory(username=username, time_zone=zone)
    actions.enrol_with_code(person, course.join_code)
    set_free_hours(person, free_hours)
    return person


@pytest.fixture
def paula_and_bert(course):
    enrol(course, "paula", "America/Sao_Paulo", [(MONDAY, 19)])
    enrol(course, "bert", "Europe/Berlin", [(MONDAY, 19)])


def free_hours_of(grid):
    """{(day, hour): count} of the hours anybody is free."""
    return {
        (day, hour): count
        for day, counts in enumerate(grid)
        for hour, count in enumerate(counts)
        if count
    }


@pytest.mark.usefixtures("paula_and_bert")
@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        ("Europe/Berlin", WINTER_WEDNESDAY, {(MONDAY, 19): 1, (MONDAY, 23): 1}),
        ("Europe/Berlin", SUMMER_WEDNESDAY, {(MONDAY, 19): 1, (TUESDAY, 0): 1}),
        ("America/Sao_Paulo", WINTER_WEDNESDAY, {(MONDAY, 15): 1, (MONDAY, 19): 1}),
        ("America/Sao_Paulo", SUMMER_WEDNESDAY, {(MONDAY, 14): 1, (MONDAY, 19): 1}),
        ("UTC", WINTER_WEDNESDAY, {(MONDAY, 18): 1, (MONDAY, 22): 1}),
    ],
)
def test_each_students_hours_land_on_the_viewers_hours(course, zone, now, expected):
    grid = course_heatmap(course, zone, now)

    assert len(grid) == 7 and all(len(day) == 24 for day in grid)
    assert free_hours_of(grid) == expected


def test_students_free_at_the_same_moment_are_counted_together(course):
    # 15:00 in São Paulo is 19:00 in a Berlin winter: both at 18:00 UTC.
    enrol(course, "paula", "America/Sao_Paulo", [(MONDAY, 15), (MONDAY, 16)])
    enrol(course, "bert", "Europe/Berlin", [(MONDAY, 19)])

    grid = course_heatmap(course, "Europe/Berlin", WINTER_WEDNESDAY)

    assert free_hours_of(grid) == {(MONDAY, 19): 2, (MONDAY, 20): 1}


def test_only_this_courses_students_count(course, other_course, instructor, ta):
    set_free_hours(instructor, [(MONDAY, 10)])
    set_free_hours(ta, [(MONDAY, 10)])
    enrol(other_course, "olga", "UTC", [(MONDAY, 10)])
    enrol(course, "sam", "UTC", [(MONDAY, 10)])
    UserFactory(username="stranger", time_zone="UTC")

    grid = course_heatmap(course, "UTC", WINTER_WEDNESDAY)

    assert free_hours_of(grid) == {(MONDAY, 10): 1}


def test_a_course_where_nobody_shared_a_week_is_all_zeros(course, student):
    assert free_hours_of(course_heatmap(course, "UTC", WINTER_WEDNESDAY)) == {}


def test_the_heatmap_takes_two_queries_whatever_the_courses_size(course, django_assert_num_queries):
    for i in range(30):
        enrol(
            course, f"student{i}", ["UTC", "Asia/Tokyo", "America/Sao_Paulo"][i % 3], [(i % 7, 9)]
        )

    with django_assert_num_queries(2):
        grid = course_heatmap(course, "UTC", WINTER_WEDNESDAY)

    assert sum(map(sum, grid)) == 30
