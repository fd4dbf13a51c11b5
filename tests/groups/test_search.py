"""Finding a group by what a person would type: its words, topics, course and languages,
without accents, with a typo or only the start of a word."""

import pytest
from django.db import connection
from django.urls import reverse

from accounts.models import Interest, Language
from courses import actions as course_actions
from groups.search import fold, languages_named, search_words

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="accent and typo forgiveness run on PostgreSQL"
)


@pytest.fixture
def browse(client, alice):
    client.force_login(alice)

    def get(q, **params):
        response = client.get(reverse("groups:index"), {"q": q, **params})
        assert response.status_code == 200
        return sorted(group.name for group in response.context["page"].object_list)

    return get


@pytest.fixture
def portuguese(db):
    return Language.objects.get_or_create(code="pt", defaults={"name": "Portuguese"})[0]


@pytest.fixture
def course_groups(instructor, alice, bob, make_group, portuguese):
    course = course_actions.create_course(
        instructor, title="Introduction to Statistics", code="STAT101", term="Spring 2027"
    )
    other = course_actions.create_course(
        instructor, title="Algorithms", code="CS201", term="Spring 2027"
    )
    for person in (alice, bob):
        course_actions.enrol_with_code(person, course.join_code)
        course_actions.enrol_with_code(person, other.join_code)
    make_group(
        bob,
        name="Estatística em português",
        description="Exercícios juntos.",
        languages=[portuguese],
    )
    make_group(
        bob,
        name="Graphs at night",
        course=other,
        topics=[Interest.objects.create(name="dynamic programming")],
    )
    make_group(bob, name="Exam cram", course=course, description="Past papers, timed.")
    return course


@postgres_only
@pytest.mark.parametrize("typed", ["statistics", "Portuguese", "estatistica", "stat", "português"])
def test_every_way_of_asking_finds_the_portuguese_statistics_group(browse, course_groups, typed):
    assert "Estatística em português" in browse(typed)


@postgres_only
def test_typos_are_forgiven_but_unrelated_words_find_nothing(browse, course_groups):
    assert browse("estatistcs") == ["Estatística em português"]
    assert browse("portugese") == ["Estatística em português"]
    assert browse("stocks") == []


def test_the_course_code_title_and_topics_are_searched(browse, course_groups):
    assert browse("STAT101") == ["Exam cram"]
    assert "Exam cram" in browse("introduction")
    assert browse("dynamic programming") == ["Graphs at night"]
    assert browse("cs201") == ["Graphs at night"]


def test_a_language_is_found_by_its_english_and_its_own_name(browse, course_groups):
    assert browse("portuguese") == ["Estatística em português"]
    assert "Estatística em português" in browse("portugues")


def test_every_word_must_match_and_minus_words_leave_groups_out(browse, course_groups):
    assert browse("exam papers") == ["Exam cram"]
    assert browse("exam graphs") == []
    assert "Exam cram" not in browse("stat -exam")


def test_hidden_groups_are_not_found_by_any_of_their_words(
    browse, bob, instructor, make_group, portuguese
):
    course = course_actions.create_course(instructor, title="Secret course", code="SEC1", term="t")
    course_actions.enrol_with_code(bob, course.join_code)
    make_group(bob, name="Hidden statistics", course=course, languages=[portuguese])
    make_group(bob, name="Invite statistics", visibility="invite")
    assert browse("statistics") == []
    assert browse("SEC1") == []
    assert browse("portuguese") == []


@pytest.mark.parametrize(
    "hostile", ["%", "_", "\\", "' OR 1=1 --", "<script>alert(1)</script>", "-", "é" * 100]
)
def test_hostile_or_odd_search_text_is_a_clean_answer(browse, course_groups, hostile):
    assert browse(hostile) in (
        [],
        sorted(["Estatística em português", "Exam cram", "Graphs at night"]),
    )


def test_words_fold_like_unaccent_and_languages_match_by_name():
    assert fold("Estatística EM Português") == "estatistica em portugues"
    assert search_words("bayes -exam - x") == (["bayes", "x"], ["exam"])
    assert languages_named("português") == {"pt"}
    assert languages_named("Portugese") == {"pt"}
    assert "es" in languages_named("español")
    assert languages_named("e") == set()
