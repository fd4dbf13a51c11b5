"""Browsing groups. Everyone here lives in UTC so the current week's fit is plain arithmetic."""

from datetime import time

import pytest
from django.db import connection
from django.urls import reverse

from accounts.actions import set_free_hours
from accounts.models import Interest, Language
from courses import actions as course_actions
from groups import actions

WEDNESDAY = 2
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
)
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the substring fallback runs on SQLite only"
)


@pytest.fixture
def viewer(make_person):
    return make_person("vera", "UTC")


@pytest.fixture
def organiser(make_person):
    return make_person("olga", "UTC")


@pytest.fixture
def browse(client, viewer):
    client.force_login(viewer)

    def get(headers=None, **params):
        return client.get(reverse("groups:index"), params, headers=headers or {})

    return get


def names(response):
    return [group.name for group in response.context["page"].object_list]


# Search


@pytest.fixture
def searchable(organiser, make_group):
    make_group(organiser, name="Bayes club", description="Weekly problems.")
    make_group(organiser, name="Exam cram", description="Bayes theorem before the exam.")
    make_group(organiser, name="Linear algebra", description="Matrices and more.")


def test_search_matches_names_and_descriptions(browse, searchable):
    assert sorted(names(browse(q="bayes"))) == ["Bayes club", "Exam cram"]
    assert names(browse(q="bayes club")) == ["Bayes club"]  # every word must match
    assert names(browse(q="matrices")) == ["Linear algebra"]
    assert names(browse(q="topology")) == []


@postgres_only
def test_postgres_ranks_name_matches_first_and_leaves_out_minus_words(browse, searchable):
    assert names(browse(q="bayes", sort="fit")) == ["Bayes club", "Exam cram"]
    assert names(browse(q="bayes -exam")) == ["Bayes club"]
    assert sorted(names(browse(q="baye"))) == ["Bayes club", "Exam cram"]  # a word's start


@sqlite_only
def test_sqlite_falls_back_to_substrings(browse, searchable):
    assert sorted(names(browse(q="baye"))) == ["Bayes club", "Exam cram"]


@pytest.mark.parametrize("hostile", ["' OR 1=1 --", "<script>", "!!! & | :*", "a" * 100])
def test_hostile_search_text_finds_nothing_and_does_not_fail(browse, searchable, hostile):
    response = browse(q=hostile)
    assert response.status_code == 200
    assert names(response) == []


# Filters


def test_course_topic_language_and_open_seat_filters(browse, viewer, organiser, make_group):
    course = course_actions.create_course(
        _instructor(organiser),
        title="Stats",
        code="STAT101",
        term="2027",
    )
    course_actions.enrol_with_code(viewer, course.join_code)
    course_actions.enrol_with_code(organiser, course.join_code)
    welsh, _ = Language.objects.get_or_create(code="cy", defaults={"name": "Welsh"})
    bayes = Interest.objects.create(name="bayes")
    make_group(organiser, name="In course", course=course)
    make_group(organiser, name="Tagged", topics=[bayes], languages=[welsh])
    full = make_group(organiser, name="Full", capacity=2)
    actions.join_group(viewer, full)

    assert names(browse(course=course.pk)) == ["In course"]
    assert names(browse(topic="  Bayes ")) == ["Tagged"]
    assert names(browse(language=welsh.pk)) == ["Tagged"]
    assert sorted(names(browse(open_seats="on"))) == ["In course", "Tagged"]
    assert sorted(names(browse())) == ["Full", "In course", "Tagged"]


def _instructor(person):
    person.profile.role = "instructor"
    person.profile.save(update_fields=["role"])
    return person


def test_fits_my_week_keeps_groups_whose_meetings_lie_in_my_free_time(
    browse, viewer, organiser, make_group
):
    set_free_hours(viewer, [(WEDNESDAY, 9), (WEDNESDAY, 10)])
    make_group(organiser, name="Inside", slots=[(WEDNESDAY, time(9, 30), 60)])
    make_group(organiser, name="Half out", slots=[(WEDNESDAY, time(10, 30), 60)])
    make_group(organiser, name="No meetings")

    assert names(browse(fits="on")) == ["Inside"]
    cards = {g.name: g.fit.fit_hours for g in browse().context["page"].object_list}
    assert cards == {"Inside": 1.0, "Half out": 0.5, "No meetings": 0.0}


def test_other_peoples_courses_and_invite_only_groups_stay_hidden(
    browse, organiser, instructor, make_group
):
    course = course_actions.create_course(instructor, title="X", code="X1", term="t")
    course_actions.enrol_with_code(organiser, course.join_code)
    make_group(organiser, name="Course only", course=course)
    make_group(organiser, name="Secret", visibility="invite")
    make_group(organiser, name="Ask first", visibility="request")
    assert names(browse()) == ["Ask first"]
    # A course that is not mine in the filter is ignored, never a way in.
    response = browse(course=course.pk)
    assert response.status_code == 200
    assert "Course only" not in names(response)


def test_topic_suggestions_name_only_topics_of_groups_i_can_browse(
    browse, client, viewer, organiser, instructor, make_group
):
    course = course_actions.create_course(instructor, title="X", code="X1", term="t")
    course_actions.enrol_with_code(organiser, course.join_code)
    topic = {name: Interest.objects.create(name=name) for name in ("seen", "secret", "x1", "old")}
    make_group(organiser, name="Open", topics=[topic["seen"]])
    make_group(organiser, name="Secret", visibility="invite", topics=[topic["secret"]])
    make_group(organiser, name="Course only", course=course, topics=[topic["x1"]])
    archived = make_group(organiser, name="Archived", topics=[topic["old"]])
    actions.archive_group(organiser, archived)

    # The page asks for them when the topic field is first focused.
    page = browse().content.decode()
    assert f'hx-get="{reverse("groups:topic_options")}"' in page and 'value="seen"' not in page
    response = client.get(reverse("groups:topic_options"))
    assert [topic.name for topic in response.context["topics"]] == ["seen"]
    body = response.content.decode()
    assert '<option value="seen">' in body and "hx-get" not in body
    for hidden in ("secret", "x1", "old"):
        assert f'<option value="{hidden}">' not in body


# Sorting


def test_sorts(browse, viewer, organiser, make_person, make_group):
    set_free_hours(viewer, [(WEDNESDAY, 9), (WEDNESDAY, 10)])
    oldest = make_group(organiser, name="Oldest", slots=[(WEDNESDAY, time(9), 120)])
    make_group(organiser, name="Middle", slots=[(WEDNESDAY, time(10), 60)])
    make_group(organiser, name="Newest")
    actions.join_group(make_person("walt"), oldest)  # the last join breaks ties

    assert names(browse(sort="newest")) == ["Newest", "Middle", "Oldest"]
    # Two groups that meet weekly, then one that does not (test_finding.py has more).
    assert names(browse(sort="active")) == ["Oldest", "Middle", "Newest"]
    assert names(browse(sort="fit")) == ["Oldest", "Middle", "Newest"]  # 2 h, 1 h, 0 h
    assert names(browse(sort="bogus")) == names(browse())  # invalid form: defaults


# Pagination


def test_pages_of_twelve(browse, organiser, make_group):
    for number in range(13):
        make_group(organiser, name=f"Group {number:02d}")
    first = browse(sort="newest")
    second = browse(sort="newest", page=2)
    assert len(names(first)) == 12
    assert names(second) == ["Group 00"]
    assert names(browse(sort="newest", page="abc")) == names(first)
    assert names(browse(sort="newest", page=999)) == names(second)
    assert "sort=newest&amp;page=2" in first.content.decode()


# htmx


def test_an_htmx_request_gets_only_the_results(browse, organiser, make_group):
    make_group(organiser, name="Bayes club")
    response = browse(headers={"HX-Request": "true"}, q="bayes")
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="group-results"')
    assert "<html" not in body
    assert "Bayes club" in body


def test_a_history_restore_gets_the_full_page(browse, organiser, make_group):
    """htmx asks for the whole page when its history cache misses."""
    make_group(organiser, name="Bayes club")
    response = browse(
        headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}, q="bayes"
    )
    body = response.content.decode()
    assert "<html" in body
    assert 'id="group-results"' in body
    assert "Bayes club" in body


def test_responses_vary_on_the_htmx_header(browse):
    """The full page and the partial share a URL; caches must keep them apart."""
    assert "HX-Request" in browse()["Vary"]
    assert "HX-Request" in browse(headers={"HX-Request": "true"})["Vary"]


# Query counts


@pytest.mark.parametrize("group_count", [5, 40])
def test_browsing_takes_a_fixed_number_of_queries(
    browse, viewer, organiser, make_person, make_group, group_count, django_assert_max_num_queries
):
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    topic = Interest.objects.create(name="stats")
    set_free_hours(viewer, [(WEDNESDAY, 9)])
    member = make_person("max")
    set_free_hours(member, [(WEDNESDAY, 9)])
    for number in range(group_count):
        group = make_group(
            organiser,
            name=f"Group {number}",
            topics=[topic],
            languages=[english],
            slots=[(WEDNESDAY, time(9), 60)],
        )
        actions.join_group(member, group)
    browse()  # the week's first page works out its meeting and free-time ranges
    with django_assert_max_num_queries(22):
        response = browse()
    assert response.status_code == 200
    assert len(names(response)) == min(group_count, 12)


def test_the_language_filter_lists_languages_as_the_admin_left_them(browse, viewer):
    language, _ = Language.objects.get_or_create(code="eo", defaults={"name": "Esperanto"})
    assert ">Esperanto</option>" in browse().text
    language.name = "Esperanto (la lingvo internacia)"
    language.save()
    assert ">Esperanto (la lingvo internacia)</option>" in browse().text
    for hostile in ("abc", "99999999999999999999", "<script>"):
        # An unknown language is no filter at all, as before: never a 500.
        assert "found</p>" in browse(language=hostile).text
