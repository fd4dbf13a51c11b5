"""The teamwork pages: what each persona may open, forms with bad input, and the
reviewed team's pages, which never show who reviewed them."""

from datetime import timedelta

import pytest
from django.urls import reverse

from courses import actions
from courses.models import DraftVersion, Grouping, Review, Submission
from tests.courses.teamwork import RUBRIC, write_and_submit
from tests.factories import UserFactory


@pytest.fixture
def outsider(db):
    return UserFactory(username="olga", display_name="Olga Outsider")


@pytest.fixture
def review_round(instructor, assignment, workspaces, alice, charlie):
    write_and_submit(alice, workspaces["Red"], body="Red's work")
    write_and_submit(charlie, workspaces["Blue"], body="Blue's work")
    return actions.open_review_round(
        instructor,
        assignment,
        reviews_per_submission=2,
        criteria=RUBRIC,
        seed=3,
        now=assignment.due_at + timedelta(minutes=1),
    )


def urls_of(course, assignment, workspaces, review_round=None):
    red = workspaces["Red"]
    grouping = assignment.grouping
    team_pages = [
        reverse("courses:workspace", args=[red.pk]),
        reverse("courses:history", args=[red.pk]),
        reverse("courses:feedback", args=[red.pk]),
    ]
    staff_pages = [
        reverse("courses:groupings", args=[course.pk]),
        reverse("courses:grouping", args=[grouping.pk]),
        reverse("courses:assignment_new", args=[course.pk]),
        reverse("courses:open_round", args=[assignment.pk]),
    ]
    course_pages = [
        reverse("courses:assignments", args=[course.pk]),
        reverse("courses:assignment", args=[assignment.pk]),
    ]
    return course_pages, team_pages, staff_pages


def missing(url):
    """The same URL with an id that does not exist."""
    parts = url.rstrip("/").split("/")
    index = max(i for i, part in enumerate(parts) if part.isdigit())
    parts[index] = "999999"
    return "/".join(parts) + "/"


def test_an_outsider_gets_404_everywhere_as_for_missing_ids(
    client, outsider, course, assignment, workspaces
):
    client.force_login(outsider)
    for group in urls_of(course, assignment, workspaces):
        for url in group:
            assert client.get(url).status_code == 404, url
            assert client.get(missing(url)).status_code == 404, url


def test_a_student_of_another_team_cannot_open_the_team_pages(
    client, charlie, course, assignment, workspaces
):
    client.force_login(charlie)
    course_pages, team_pages, staff_pages = urls_of(course, assignment, workspaces)
    for url in course_pages:
        assert client.get(url).status_code == 200, url
    for url in team_pages + staff_pages:
        assert client.get(url).status_code == 404, url


def test_team_members_and_staff_open_the_team_pages(
    client, alice, instructor, course, assignment, workspaces
):
    course_pages, team_pages, staff_pages = urls_of(course, assignment, workspaces)
    client.force_login(alice)
    for url in course_pages + team_pages:
        assert client.get(url).status_code == 200, url
    client.force_login(instructor)
    for url in course_pages + team_pages + staff_pages:
        assert client.get(url).status_code == 200, url


def test_writes_from_other_teams_and_outsiders_change_nothing(
    client, charlie, outsider, workspaces, alice
):
    red = workspaces["Red"]
    actions.save_draft(alice, red, body="Ours", base_version=0)
    for person in (charlie, outsider):
        client.force_login(person)
        for name, data in [
            ("courses:save_draft", {"body": "Theirs", "base_version": 1}),
            ("courses:submit", {"version": 1}),
        ]:
            assert client.post(reverse(name, args=[red.pk]), data).status_code == 404
        assert client.post(reverse("courses:restore", args=[red.pk, 1])).status_code == 404
    red.refresh_from_db()
    assert red.draft == "Ours" and not Submission.objects.exists()


def test_a_member_drafts_compares_and_submits_through_the_pages(client, alice, bob, workspaces):
    red = workspaces["Red"]
    client.force_login(alice)
    url = reverse("courses:save_draft", args=[red.pk])
    assert client.post(url, {"body": "Intro\nMethod", "base_version": 0}).status_code == 302
    client.force_login(bob)
    client.post(url, {"body": "Intro\nBetter method\n<script>x</script>", "base_version": 1})
    page = client.get(reverse("courses:version", args=[red.pk, 2])).content.decode()
    assert "Removed: </span>" in page and "Added: </span>" in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x" not in page
    page = client.get(reverse("courses:version", args=[red.pk, 2]) + "?against=bogus")
    assert page.status_code == 200
    response = client.post(reverse("courses:submit", args=[red.pk]), {"version": 2})
    assert response.status_code == 302 and Submission.objects.get().version.number == 2


def test_a_stale_save_keeps_the_writers_text_on_the_page(client, alice, bob, workspaces):
    red = workspaces["Red"]
    actions.save_draft(alice, red, body="Alice's", base_version=0)
    client.force_login(bob)
    response = client.post(
        reverse("courses:save_draft", args=[red.pk]), {"body": "Bob's words", "base_version": 0}
    )
    assert response.status_code == 400
    assert "Bob&#x27;s words" in response.content.decode()
    assert "newer version" in response.content.decode()
    assert DraftVersion.objects.count() == 1


def test_a_huge_draft_gets_a_field_error(client, alice, workspaces):
    client.force_login(alice)
    response = client.post(
        reverse("courses:save_draft", args=[workspaces["Red"].pk]),
        {"body": "x" * 60_000, "base_version": 0},
    )
    assert response.status_code == 400 and not DraftVersion.objects.exists()


def test_the_instructor_sets_an_assignment_in_their_zone(client, instructor, course, teams):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:assignment_new", args=[course.pk]),
        {
            "title": "Essay",
            "brief": "<b>Write</b>",
            "due_date": "2099-05-01",
            "due_time": "18:30",
            "grouping": teams[0].pk,
            "late_policy": "refuse",
        },
    )
    assert response.status_code == 302
    assignment = course.assignments.get()
    # 18:30 in Asia/Kolkata (UTC+5:30) is 13:00 UTC.
    assert (assignment.due_at.hour, assignment.due_at.minute) == (13, 0)
    page = client.get(assignment.get_absolute_url()).content.decode()
    assert "Asia/Kolkata" in page and "&lt;b&gt;Write&lt;/b&gt;" in page


def test_someone_elses_grouping_id_is_a_field_error(
    client, instructor, course, teams, other_course, moderator
):
    from tests.courses.teamwork import enrol

    theirs = actions.create_grouping(
        moderator, other_course, name="X", teams=[("A", [enrol(other_course, "o1")])]
    )
    client.force_login(instructor)
    response = client.post(
        reverse("courses:assignment_new", args=[course.pk]),
        {
            "title": "Essay",
            "brief": "Write",
            "due_date": "2099-05-01",
            "due_time": "18:30",
            "grouping": theirs.pk,
            "late_policy": "refuse",
        },
    )
    assert response.status_code == 400 and not course.assignments.exists()


def test_teams_by_hand_and_from_availability(client, instructor, course, teams, alice, bob):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:grouping_by_hand", args=[course.pk]),
        {"name": "Pairs", "teams": "A: alice, bob\nB: charlie, nobody"},
    )
    assert response.status_code == 400 and "nobody" in response.content.decode()
    preview = client.get(
        reverse("courses:grouping_auto", args=[course.pk]),
        {"name": "Auto", "min_size": 2, "max_size": 3, "min_shared_hours": 1},
    )
    assert preview.status_code == 200 and "hours a week" in preview.content.decode()
    keep = preview.context["keep_teams"]
    response = client.post(
        reverse("courses:grouping_auto", args=[course.pk]),
        {"name": "Auto", "teams": keep, "min_size": 2, "max_size": 3, "min_shared_hours": 1},
    )
    assert response.status_code == 302
    assert Grouping.objects.get(name="Auto").method == "auto"
    bad = client.get(
        reverse("courses:grouping_auto", args=[course.pk]),
        {"name": "Big", "min_size": 0, "max_size": 1000, "min_shared_hours": 1},
    )
    assert bad.status_code == 400


def test_students_cannot_make_teams(client, alice, course, teams):
    client.force_login(alice)
    response = client.post(
        reverse("courses:grouping_by_hand", args=[course.pk]),
        {"name": "Mine", "teams": "A: alice, bob"},
    )
    assert response.status_code == 404 and Grouping.objects.count() == 1


def test_a_reviewer_opens_only_their_own_reviews(client, review_round, alice, charlie, outsider):
    mine = review_round.reviews.filter(reviewer=charlie).first()
    client.force_login(charlie)
    assert client.get(reverse("courses:review", args=[mine.pk])).status_code == 200
    for person in (alice, outsider):
        client.force_login(person)
        assert client.get(reverse("courses:review", args=[mine.pk])).status_code == 404
        response = client.post(reverse("courses:review", args=[mine.pk]), {})
        assert response.status_code == 404


def test_a_review_with_a_missing_comment_gets_a_field_error(client, review_round, charlie):
    review = review_round.reviews.filter(reviewer=charlie).first()
    fields = {}
    for criterion in review_round.criteria.all():
        fields[f"level_{criterion.pk}"] = "3"
        fields[f"comment_{criterion.pk}"] = ""
    client.force_login(charlie)
    response = client.post(reverse("courses:review", args=[review.pk]), fields)
    assert (
        response.status_code == 400
        and not Review.objects.filter(submitted_at__isnull=False).exists()
    )


def test_the_reviewed_team_never_sees_who_reviewed_them(
    client, review_round, workspaces, alice, charlie
):
    dana = review_round.reviews.filter(reviewer__username="dana").first().reviewer
    for reviewer in (charlie, dana):
        review = review_round.reviews.get(
            reviewer=reviewer, submission__workspace=workspaces["Red"]
        )
        actions.submit_review(
            reviewer,
            review,
            scores={c.pk: (4, "Solid work.") for c in review_round.criteria.all()},
        )
    red = workspaces["Red"]
    client.force_login(alice)
    review = review_round.reviews.filter(submission__workspace=red).first()
    pages = [
        reverse("courses:feedback", args=[red.pk]),
        reverse("courses:workspace", args=[red.pk]),
        reverse("courses:assignment", args=[red.assignment.pk]),
        reverse("notifications:index"),
        reverse("connections"),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "Solid work." in page or url != pages[0]
        for reviewer in (charlie, dana):
            for trace in (reviewer.display_name, reviewer.username, f"/people/{reviewer.pk}/"):
                assert trace not in page, (url, trace)
    # Rating goes by the review's public id, and only for the team's own reviews.
    url = reverse("courses:rate_review", args=[red.pk, review.public_id])
    assert client.post(url, {"helpful": "5", "note": "Thanks"}).status_code == 302
    review.refresh_from_db()
    assert review.helpful == 5
    client.force_login(charlie)
    assert client.post(url, {"helpful": "1"}).status_code == 404
