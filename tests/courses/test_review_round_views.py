"""The review round's pages: who may open each (an outsider, a student of another team
and the reviewed team get the same 404 as for a missing id), opening a round with dates
and options, bad input, the progress board's actions, and anonymity on every surface the
reviewed team sees: pages, htmx fragments, the CSV export, notifications, email and the
personal socket."""

import csv
import io
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.actions import update_notification_settings
from accounts.emails import send_due_emails
from courses import actions
from courses.models import Review, ReviewGrade, ReviewRound, Score
from tests.courses.teamwork import RUBRIC, write_and_submit
from tests.factories import UserFactory


@pytest.fixture
def outsider(db):
    return UserFactory(username="olga", display_name="Olga Outsider")


def start_round(instructor, assignment, workspaces, alice, charlie, **options):
    write_and_submit(alice, workspaces["Red"], body="Red's work")
    write_and_submit(charlie, workspaces["Blue"], body="Blue's work")
    values = {"reviews_per_submission": 2, "criteria": RUBRIC, "seed": 3, "graded": True}
    return actions.open_review_round(
        instructor, assignment, now=assignment.due_at + timedelta(minutes=1), **(values | options)
    )


@pytest.fixture
def review_round(instructor, assignment, workspaces, alice, charlie):
    return start_round(instructor, assignment, workspaces, alice, charlie)


def write_reds_reviews(review_round, workspaces, comment="Solid work."):
    reviews = list(review_round.reviews.filter(submission__workspace=workspaces["Red"]))
    for review in reviews:
        actions.submit_review(
            review.reviewer,
            review,
            scores={c.pk: (4, comment) for c in review_round.criteria.all()},
        )
    return reviews


def missing(url):
    parts = url.rstrip("/").split("/")
    index = max(i for i, part in enumerate(parts) if part.isdigit())
    parts[index] = "999999"
    return "/".join(parts) + ("/" if url.endswith("/") else "")


# Who may open what


def test_staff_pages_are_404_for_students_and_outsiders_as_for_missing_ids(
    client, review_round, workspaces, alice, charlie, outsider, instructor
):
    [review, *_] = write_reds_reviews(review_round, workspaces)
    score = review.scores.first()
    assignment = review_round.assignment
    owed = review_round.reviews.filter(submitted_at__isnull=True).first()
    gets = [
        reverse("courses:review_board", args=[assignment.pk]),
        reverse("courses:review_board_export", args=[assignment.pk]),
        reverse("courses:reassign_review", args=[owed.pk]),
    ]
    posts = [
        (
            reverse("courses:review_grade", args=[assignment.pk]),
            {"reviewer": review.reviewer_id, "points": "0", "reason": "x"},
        ),
        (reverse("courses:hide_comment", args=[score.pk]), {"hidden": "1"}),
        (reverse("courses:dismiss_flag", args=[review.pk]), {}),
        (reverse("courses:reassign_review", args=[owed.pk]), {"reviewer": alice.pk}),
    ]
    for person in (alice, charlie, outsider):
        client.force_login(person)
        for url in gets:
            assert client.get(url).status_code == 404, (person, url)
        for url, data in posts:
            assert client.post(url, data).status_code == 404, (person, url)
    client.force_login(instructor)
    for url in gets:
        assert client.get(url).status_code == 200
        assert client.get(missing(url)).status_code == 404
    score.refresh_from_db()
    owed.refresh_from_db()
    assert not score.is_hidden and owed.reviewer_id != alice.pk
    assert not ReviewGrade.objects.exists()


def test_team_pages_are_404_for_other_teams_and_outsiders(
    client, review_round, workspaces, charlie, outsider
):
    [review, *_] = write_reds_reviews(review_round, workspaces)
    red = workspaces["Red"]
    urls = [
        reverse("courses:feedback", args=[red.pk]),
        reverse("courses:feedback_export", args=[red.pk]),
    ]
    flag = reverse("courses:flag_review", args=[red.pk, review.public_id])
    rate = reverse("courses:rate_review", args=[red.pk, review.public_id])
    for person in (charlie, outsider):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.post(flag, {"reason": "mean"}).status_code == 404
        assert client.post(rate, {"helpful": "1"}).status_code == 404
    review.refresh_from_db()
    assert review.flagged_at is None and review.helpful is None


def test_a_review_of_ones_own_team_forced_by_id_is_404_and_writes_nothing(
    client, review_round, workspaces, alice
):
    theirs = review_round.reviews.filter(submission__workspace=workspaces["Red"]).first()
    fields = {}
    for criterion in review_round.criteria.all():
        fields[f"level_{criterion.pk}"] = "3"
        fields[f"comment_{criterion.pk}"] = "Our own work is great"
    client.force_login(alice)
    assert client.get(reverse("courses:review", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("courses:review", args=[theirs.pk]), fields).status_code == 404
    assert not Score.objects.exists()


def test_a_score_out_of_range_is_a_field_error_and_writes_nothing(client, review_round, charlie):
    review = review_round.reviews.filter(reviewer=charlie).first()
    fields = {}
    for criterion in review_round.criteria.all():
        fields[f"level_{criterion.pk}"] = "99"
        fields[f"comment_{criterion.pk}"] = "Fine"
    client.force_login(charlie)
    response = client.post(reverse("courses:review", args=[review.pk]), fields)
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not Score.objects.exists()


# Opening a round


def round_form(**changes):
    local = timezone.now().astimezone(timezone.get_fixed_timezone(330))  # Asia/Kolkata
    data = {
        "reviews_per_submission": "2",
        "reviews_due_date": (local + timedelta(days=3)).strftime("%Y-%m-%d"),
        "reviews_due_time": "18:00",
        "closes_date": (local + timedelta(days=6)).strftime("%Y-%m-%d"),
        "closes_time": "18:00",
        "same_team_reviewers": "on",
        "self_assessment": "on",
        "graded": "on",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-title": "Clarity",
        "criteria-0-prompt": "Is it clear?",
        "criteria-0-scale": "5",
        "criteria-0-comment_required": "on",
        "criteria-1-title": "",
        "criteria-1-scale": "5",
    }
    return data | changes


@pytest.fixture
def due_passed(assignment, workspaces, alice, charlie):
    write_and_submit(alice, workspaces["Red"])
    write_and_submit(charlie, workspaces["Blue"])
    type(assignment).objects.filter(pk=assignment.pk).update(
        due_at=timezone.now() - timedelta(minutes=5)
    )
    return assignment


def test_the_instructor_opens_a_round_with_dates_in_their_zone_and_options(
    client, instructor, due_passed
):
    client.force_login(instructor)
    url = reverse("courses:open_round", args=[due_passed.pk])
    page = client.get(url).content.decode()
    assert "Asia/Kolkata" in page and "Anonymous" in page
    response = client.post(url, round_form())
    assert response.status_code == 302
    round_ = ReviewRound.objects.get()
    assert not round_.anonymous and round_.self_assessment and round_.graded
    local = round_.reviews_due_at.astimezone(timezone.get_fixed_timezone(330))
    assert (local.hour, local.minute) == (18, 0)
    assert round_.reviews.filter(is_self=True).count() == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"criteria-0-title": ""}, "at least one criterion"),
        ({"criteria-0-scale": "11"}, "less than or equal to 10"),
        ({"closes_date": "2020-01-01"}, "after reviews are due"),
        ({"reviews_due_date": "2020-01-01"}, "in the future"),
        ({"reviews_per_submission": "7"}, "less than or equal to 6"),
        ({"criteria-0-title": "<script>alert(1)</script>"}, "&lt;"),
    ],
)
def test_bad_rounds_get_field_errors_and_write_nothing(
    client, instructor, due_passed, changes, message
):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:open_round", args=[due_passed.pk]), round_form(**changes)
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert not ReviewRound.objects.exists() and not Review.objects.exists()
    assert "<script>alert(1)</script>" not in response.content.decode()


# The progress board


def test_the_board_shows_who_owes_what_late_and_flagged(
    client, review_round, workspaces, instructor, alice, ta
):
    reviews = write_reds_reviews(review_round, workspaces)
    actions.flag_review(alice, reviews[0], reason="Rude remark")
    ReviewRound.objects.filter(pk=review_round.pk).update(status="feedback")
    client.force_login(ta)  # TAs see the board; they do not act on it
    page = client.get(reverse("courses:review_board", args=[review_round.assignment.pk]))
    html = page.content.decode()
    assert "Rude remark" in html and reviews[0].reviewer.display_name in html
    assert "owes 1" in html and "late" in html
    assert "Hide this comment" not in html and "Reassign" not in html
    export = client.get(reverse("courses:review_board_export", args=[review_round.assignment.pk]))
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:4] == ["reviewer", "username", "owed", "written"] and len(rows) == 5


def test_the_instructor_hides_reassigns_and_grades_through_the_board(
    client, review_round, workspaces, instructor, alice, bob, charlie
):
    reviews = write_reds_reviews(review_round, workspaces)
    client.force_login(instructor)
    score = reviews[0].scores.first()
    client.post(reverse("courses:hide_comment", args=[score.pk]), {"hidden": "1"})
    score.refresh_from_db()
    assert score.is_hidden

    owed = review_round.reviews.filter(submitted_at__isnull=True).first()
    url = reverse("courses:reassign_review", args=[owed.pk])
    page = client.get(url).content.decode()
    # A teammate of the reviewed team is never offered, and forcing one by id fails.
    own = owed.submission.workspace.team.members.first()
    assert own.display_name not in page
    response = client.post(url, {"reviewer": own.pk})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    owed.refresh_from_db()
    assert owed.reviewer_id != own.pk

    grade_url = reverse("courses:review_grade", args=[review_round.assignment.pk])
    for points in ("101", "-3", "lots"):
        client.post(
            grade_url, {"reviewer": reviews[0].reviewer_id, "points": points, "reason": "x"}
        )
    client.post(grade_url, {"reviewer": reviews[0].reviewer_id, "points": "70", "reason": ""})
    assert not ReviewGrade.objects.exists()
    client.post(
        grade_url, {"reviewer": reviews[0].reviewer_id, "points": "70", "reason": "Kind and exact"}
    )
    assert ReviewGrade.objects.get().points == 70
    assert (
        client.post(grade_url, {"reviewer": 999999, "points": "1", "reason": "x"}).status_code
        == 404
    )


# Anonymity on every surface the reviewed team sees


def traces_of(people):
    return [
        trace
        for person in people
        for trace in (
            person.display_name,
            person.username,
            f"/people/{person.pk}/",
            f'"{person.pk}"',
        )
    ]


def test_the_reviewed_team_never_sees_who_reviewed_them_anywhere(
    client, review_round, workspaces, alice, instructor
):
    update_notification_settings(alice, deliveries={"feedback_received": "immediate"})
    reviews = write_reds_reviews(review_round, workspaces, comment="Solid work.")
    reviewers = [review.reviewer for review in reviews]
    hidden = reviews[1].scores.first()
    actions.set_comment_hidden(instructor, hidden)
    red = workspaces["Red"]
    client.force_login(alice)
    htmx = {"HTTP_HX_REQUEST": "true"}
    surfaces = {}
    for name, url in [
        ("feedback", reverse("courses:feedback", args=[red.pk])),
        ("export", reverse("courses:feedback_export", args=[red.pk])),
        ("workspace", reverse("courses:workspace", args=[red.pk])),
        ("assignment", reverse("courses:assignment", args=[red.assignment.pk])),
        ("notifications", reverse("notifications:index")),
        ("connections", reverse("connections")),
    ]:
        response = client.get(url)
        assert response.status_code == 200, name
        surfaces[name] = response.content.decode()
    rate = client.post(
        reverse("courses:rate_review", args=[red.pk, reviews[0].public_id]),
        {"helpful": "4", "note": "Thanks"},
        **htmx,
    )
    flag = client.post(
        reverse("courses:flag_review", args=[red.pk, reviews[1].public_id]),
        {"reason": "Rude"},
        **htmx,
    )
    assert rate.status_code == 200 and flag.status_code == 200
    surfaces["rate fragment"] = rate.content.decode()
    surfaces["flag fragment"] = flag.content.decode()
    assert "<html" not in surfaces["rate fragment"] and "Rated 4/5" in surfaces["rate fragment"]
    assert "Flagged" in surfaces["flag fragment"]
    send_due_emails(timezone.now() + timedelta(minutes=30))
    surfaces["email"] = "\n".join(
        message.body + "".join(str(a[0]) for a in message.alternatives)
        for message in mail.outbox
        if message.to == [alice.email]
    )
    assert "peer review" in surfaces["email"]

    assert "Solid work." in surfaces["feedback"] and "Solid work." in surfaces["export"]
    # The hidden comment reaches the team nowhere; they see that one was hidden.
    assert "hidden by the course staff" in surfaces["feedback"]
    assert surfaces["export"].count("Solid work.") == len(reviews) * 2 - 1
    for name, text in surfaces.items():
        for trace in traces_of(reviewers):
            assert trace not in text, (name, trace)
    # The order the team sees follows the shuffled labels, not the reviewers' ids.
    labels = [r.public_id for r in sorted(reviews, key=lambda r: r.anon_order)]
    assert surfaces["feedback"].index(str(labels[0])) < surfaces["feedback"].index(str(labels[1]))


def test_a_round_that_is_not_anonymous_names_the_reviewers(
    client, instructor, assignment, workspaces, alice, charlie
):
    round_ = start_round(instructor, assignment, workspaces, alice, charlie, anonymous=False)
    reviews = write_reds_reviews(round_, workspaces)
    client.force_login(alice)
    page = client.get(reverse("courses:feedback", args=[workspaces["Red"].pk])).content.decode()
    for review in reviews:
        assert review.reviewer.display_name in page


@pytest.mark.django_db(transaction=True)
async def test_the_reviewed_teams_sockets_carry_no_reviewer(
    instructor, assignment, workspaces, alice, charlie
):
    from tests.lounge.test_consumers import drain, open_socket

    round_ = await database_sync_to_async(start_round)(
        instructor, assignment, workspaces, alice, charlie
    )
    socket, connected, _ = await open_socket(alice, "/ws/me/")
    assert connected
    await drain(socket)
    reviews = await database_sync_to_async(write_reds_reviews)(round_, workspaces)
    frames = await drain(socket)
    await socket.disconnect()
    traces = await database_sync_to_async(lambda: traces_of([r.reviewer for r in reviews]))()
    text = repr(frames)
    assert frames, "the bell is told"
    for trace in traces:
        assert trace not in text


def test_the_admin_lists_review_records_and_hides_comments_through_the_verb(
    client, moderator, review_round, workspaces
):
    from django.contrib.auth.models import Permission

    moderator.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="courses", codename__regex=r"^(view|change)_"
        )
    )
    client.force_login(moderator)
    reviews = write_reds_reviews(review_round, workspaces)
    for name in ("reviewround", "review", "score", "reviewgrade"):
        assert client.get(reverse(f"admin:courses_{name}_changelist")).status_code == 200
    score = reviews[0].scores.first()
    client.post(
        reverse("admin:courses_score_changelist"),
        {"action": "hide_comments", "_selected_action": [score.pk]},
    )
    score.refresh_from_db()
    assert score.is_hidden and score.hidden_by == moderator


def test_a_refused_rating_or_flag_comes_back_in_the_card(
    client, review_round, workspaces, alice, instructor
):
    [review, *_] = write_reds_reviews(review_round, workspaces)
    actions.close_review_round(instructor, review_round)
    red = workspaces["Red"]
    client.force_login(alice)
    htmx = {"HTTP_HX_REQUEST": "true"}
    rate = client.post(
        reverse("courses:rate_review", args=[red.pk, review.public_id]), {"helpful": "5"}, **htmx
    )
    assert rate.status_code == 200 and 'role="alert"' in rate.content.decode()
    assert "ratings are final" in rate.content.decode()
    flag = client.post(
        reverse("courses:flag_review", args=[red.pk, review.public_id]),
        {"reason": "x" * 301},
        **htmx,
    )
    assert "up to 300 characters" in flag.content.decode()
    review.refresh_from_db()
    assert review.helpful is None and review.flagged_at is None


def test_reviewers_see_how_helpful_they_were_and_their_grade_once_closed(
    client, review_round, workspaces, alice, instructor
):
    [review, *_] = write_reds_reviews(review_round, workspaces)
    actions.rate_review(alice, review, helpful=4)
    client.force_login(review.reviewer)
    url = reverse("courses:assignment", args=[review_round.assignment.pk])
    page = client.get(url).content.decode()
    assert "4.0/5 helpful on average" in page and "grade for reviewing" not in page
    actions.set_review_grade(instructor, review_round, review.reviewer, points=88, reason="Good")
    actions.close_review_round(instructor, review_round)
    assert "Your grade for reviewing: <strong>88/100</strong>" in client.get(url).content.decode()


def test_the_board_reads_a_fixed_number_of_queries(
    client, review_round, workspaces, instructor, django_assert_max_num_queries
):
    write_reds_reviews(review_round, workspaces)
    client.force_login(instructor)
    url = reverse("courses:review_board", args=[review_round.assignment.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        assert client.get(url).status_code == 200
