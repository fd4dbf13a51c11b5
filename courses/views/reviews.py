"""Peer-review pages: opening and closing a round (instructors), writing a review (its
reviewer), a team's feedback, and the staff's progress board. The feedback page, its
htmx fragments and its CSV export are what the reviewed team sees: in an anonymous
round reviews are labelled by their anonymous order, and no reviewer's name, handle,
picture or id is in them for the team; the course's staff see who wrote each."""

import csv

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.markup import render_message

from .. import actions, permissions
from ..forms import (
    CriterionFormSet,
    FlagForm,
    HelpfulForm,
    ReassignForm,
    ReviewForm,
    ReviewGradeForm,
    ReviewRoundForm,
)
from ..models import Review, Score
from ..review_grades import grades_for


def open_round(request, pk):
    assignment = permissions.get_assignment_for(request.user, pk)
    if not permissions.can_manage_course(request.user, assignment.course):
        raise Http404("No such assignment.")
    posted = request.method == "POST"
    zone = request.user.profile.time_zone
    form = ReviewRoundForm(request.POST or None, time_zone=zone)
    rubric = CriterionFormSet(request.POST or None, prefix="criteria")
    if posted and form.is_valid() and rubric.is_valid():
        opened = run_verb(
            request,
            actions.open_review_round,
            request.user,
            assignment,
            **form.options(),
            criteria=rubric.criteria(),
            form=form,
            success=_("The review round is open; reviewers have been told."),
        )
        if opened:
            return redirect(assignment)
    return render(
        request,
        "courses/review_round_form.html",
        {"assignment": assignment, "form": form, "rubric": rubric, "zone_name": zone},
        status=400 if posted else 200,
    )


def _round_to_manage(request, pk):
    assignment = permissions.get_assignment_for(request.user, pk)
    review_round = getattr(assignment, "review_round", None)
    if review_round is None or not permissions.can_manage_course(request.user, assignment.course):
        raise Http404("No such review round.")
    return assignment, review_round


@require_POST
def close_round(request, pk):
    assignment, review_round = _round_to_manage(request, pk)
    run_verb(
        request,
        actions.close_review_round,
        request.user,
        review_round,
        success=_("The review round is closed."),
    )
    return redirect(assignment)


def review(request, pk):
    review = permissions.get_review_for(request.user, pk)
    criteria = review.round.criteria.all()
    initial = {}
    for score in review.scores.all():
        initial[f"level_{score.criterion_id}"] = score.level
        initial[f"comment_{score.criterion_id}"] = score.comment
    form = ReviewForm(request.POST or None, initial=initial, criteria=criteria)
    writing = review.reviewer_id == request.user.pk
    if request.method == "POST":
        if not writing:
            raise Http404("No such review.")
        if form.is_valid():
            done = run_verb(
                request,
                actions.submit_review,
                request.user,
                review,
                scores=form.scores(),
                form=form,
                success=_(
                    "Thank you: your review is in. You can change it while the round is open."
                ),
            )
            if done:
                return redirect(review.round.assignment)
    return render(
        request,
        "courses/review.html",
        {
            "review": review,
            "review_round": review.round,
            "assignment": review.round.assignment,
            "work": render_message(review.submission.body).html,
            "form": form,
            "writing": writing and review.round.is_open,
        },
        status=400 if request.method == "POST" else 200,
    )


def _feedback_reviews(request, workspace):
    """The team's written peer reviews, labelled for whoever asks: in an anonymous round
    a team member gets no reviewer's name; the course's staff always do."""
    reviews = list(
        Review.objects.filter(
            submission__workspace=workspace, submitted_at__isnull=False, is_self=False
        )
        .select_related("round")
        .prefetch_related("scores__criterion")
        .order_by("anon_order")
    )
    member = permissions.is_team_member(request.user, workspace)
    staff_view = permissions.can_teach(request.user, workspace.assignment.course) and not member
    named = staff_view or bool(reviews and not reviews[0].round.anonymous)
    by_pk = {}
    if named:
        rows = Review.objects.filter(pk__in=[r.pk for r in reviews]).select_related(
            "reviewer__profile"
        )
        by_pk = {r.pk: r.reviewer.display_name for r in rows}
    for number, item in enumerate(reviews, start=1):
        item.number = number
        item.label = _("Review %(number)s") % {"number": number}
        item.reviewer_name = by_pk.get(item.pk, "")
        # Hidden comments stay with the staff; the team sees that one was hidden.
        item.shown_scores = [
            score for score in item.scores.all() if staff_view or not score.is_hidden
        ]
        item.hidden_count = len(item.scores.all()) - len(item.shown_scores)
        item.helpful_form = HelpfulForm(
            initial={"helpful": item.helpful, "note": item.helpful_note},
            auto_id=f"review-{number}-%s",
        )
        item.flag_form = FlagForm(auto_id=f"review-{number}-flag-%s")
    return reviews


def _feedback_context(request, workspace):
    review_round = getattr(workspace.assignment, "review_round", None)
    own = None
    if review_round is not None and review_round.self_assessment:
        own = Review.objects.filter(
            round=review_round, is_self=True, reviewer=request.user, submission__workspace=workspace
        ).first()
    return {
        "workspace": workspace,
        "assignment": workspace.assignment,
        "review_round": review_round,
        "reviews": _feedback_reviews(request, workspace),
        "can_rate": permissions.can_edit_workspace(request.user, workspace)
        and review_round is not None
        and review_round.is_open,
        "can_flag": permissions.can_edit_workspace(request.user, workspace),
        "own_assessment": own,
    }


def feedback(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    return render(request, "courses/feedback.html", _feedback_context(request, workspace))


def _team_review(request, pk, public_id):
    workspace = permissions.get_workspace_for(request.user, pk)
    review = Review.objects.filter(
        public_id=public_id, submission__workspace=workspace, is_self=False
    ).first()
    if review is None:
        raise Http404("No such review.")
    return workspace, review


def _after_team_write(request, workspace, review, *, notice, failed):
    """A plain request goes back to the page, `notice` shown as a message. An htmx
    request gets the review's card again (the page's own fragment) with `notice` in it:
    htmx swaps only successful replies, so a refusal comes back as 200 too, as an alert
    in the card."""
    if not request.htmx:
        (messages.error if failed else messages.success)(request, notice)
        return redirect("courses:feedback", workspace.pk)
    context = _feedback_context(request, workspace)
    card = next((item for item in context["reviews"] if item.pk == review.pk), None)
    if card is None:
        raise Http404("No such review.")
    card.notice, card.notice_failed = notice, failed
    return render(request, "courses/feedback.html#review", {**context, "review": card})


def _team_verb(request, verb, *args, **kwargs):
    """(notice, failed) of running a verb of the reviewed team."""
    try:
        verb(*args, **kwargs)
    except actions.CourseError as error:
        return str(error), True
    return None, False


@require_POST
def rate(request, pk, public_id):
    workspace, review = _team_review(request, pk, public_id)
    form = HelpfulForm(request.POST)
    if not form.is_valid():
        notice, failed = _("Choose how helpful the review was, from 1 to 5."), True
    else:
        notice, failed = _team_verb(
            request,
            actions.rate_review,
            request.user,
            review,
            helpful=form.cleaned_data["helpful"],
            note=form.cleaned_data["note"],
        )
    notice = notice or _("Thanks: the reviewer will see how helpful it was.")
    return _after_team_write(request, workspace, review, notice=notice, failed=failed)


@require_POST
def flag(request, pk, public_id):
    workspace, review = _team_review(request, pk, public_id)
    form = FlagForm(request.POST)
    if not form.is_valid():
        notice, failed = _("Say in up to 300 characters what is wrong with this review."), True
    else:
        notice, failed = _team_verb(
            request, actions.flag_review, request.user, review, reason=form.cleaned_data["reason"]
        )
    notice = notice or _("Thank you: the course's instructors will look at this review.")
    return _after_team_write(request, workspace, review, notice=notice, failed=failed)


def feedback_export(request, pk):
    """The team's feedback as CSV: what the feedback page shows them, nothing more."""
    workspace = permissions.get_workspace_for(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="feedback-{workspace.pk}.csv"'
    writer = csv.writer(response)
    named = False
    rows = []
    for item in _feedback_reviews(request, workspace):
        named = named or bool(item.reviewer_name)
        for score in item.shown_scores:
            rows.append(
                [
                    item.label,
                    *([item.reviewer_name] if item.reviewer_name else []),
                    score.criterion.title,
                    score.level,
                    score.criterion.scale,
                    _safe_cell(score.comment),
                    item.helpful or "",
                ]
            )
    header = [
        pgettext("CSV column", "review"),
        pgettext("CSV column", "criterion"),
        pgettext("CSV column", "score"),
        pgettext("CSV column", "out of"),
        pgettext("CSV column", "comment"),
        pgettext("CSV column", "your rating"),
    ]
    if named:
        header.insert(1, pgettext("CSV column", "reviewer"))
    writer.writerow(header)
    writer.writerows(rows)
    return response


def _safe_cell(text):
    """Spreadsheets run cells starting with = + - @ as formulas: such text is quoted."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


# The progress board: the course's staff see it; instructors act on it.


def _round_to_see(request, pk):
    assignment = permissions.get_assignment_for(request.user, pk)
    review_round = getattr(assignment, "review_round", None)
    if review_round is None or not permissions.can_teach(request.user, assignment.course):
        raise Http404("No such review round.")
    return assignment, review_round


def _board_rows(review_round):
    reviews = list(
        review_round.reviews.select_related("reviewer__profile", "submission__workspace__team")
        .prefetch_related("scores__criterion")
        .order_by("submission__workspace__team__name", "is_self", "anon_order")
    )
    grades = grades_for(review_round)
    people = {}
    for item in reviews:
        row = people.setdefault(
            item.reviewer_id,
            {"person": item.reviewer, "owed": 0, "done": 0, "late": 0, "flagged": 0},
        )
        if item.is_self:
            continue
        row["owed"] += 1
        row["done"] += item.is_done
        row["late"] += item.is_late or (not item.is_done and not review_round.in_review)
        row["flagged"] += item.flagged_at is not None
        row["grade"] = grades.get(item.reviewer_id)
    for row in people.values():
        row["owing"] = row["owed"] - row["done"]
    rows = sorted(
        (row for row in people.values() if row["owed"]),
        key=lambda row: (row["done"] - row["owed"], row["person"].display_name.lower()),
    )
    return reviews, rows


def review_board(request, pk):
    assignment, review_round = _round_to_see(request, pk)
    reviews, people = _board_rows(review_round)
    return render(
        request,
        "courses/review_board.html",
        {
            "assignment": assignment,
            "review_round": review_round,
            "reviews": reviews,
            "flagged": [r for r in reviews if r.flagged_at is not None],
            "people": people,
            "can_manage": permissions.can_manage_course(request.user, assignment.course),
        },
    )


def review_board_export(request, pk):
    """Staff only: who owes what and, in a graded round, the grades for reviewing."""
    assignment, review_round = _round_to_see(request, pk)
    people = _board_rows(review_round)[1]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reviewing-{assignment.pk}.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            pgettext("CSV column", "reviewer"),
            pgettext("CSV column", "username"),
            pgettext("CSV column", "owed"),
            pgettext("CSV column", "written"),
            pgettext("CSV column", "late"),
            pgettext("CSV column", "flagged"),
            pgettext("CSV column", "helpfulness"),
            pgettext("CSV column", "agreement"),
            pgettext("CSV column", "computed grade"),
            pgettext("CSV column", "grade"),
            pgettext("CSV column", "reason"),
        ]
    )
    for row in people:
        grade = row.get("grade")
        writer.writerow(
            [
                _safe_cell(row["person"].display_name),
                row["person"].username,
                row["owed"],
                row["done"],
                row["late"],
                row["flagged"],
                _fraction(grade.helpfulness if grade else None),
                _fraction(grade.agreement if grade else None),
                grade.computed if grade else "",
                grade.points if grade else "",
                _safe_cell(grade.override.reason) if grade and grade.override else "",
            ]
        )
    return response


def _fraction(value):
    return "" if value is None else f"{value:.2f}"


@require_POST
def hide_comment(request, pk):
    score = get_object_or_404(Score.objects.select_related("review"), pk=pk)
    review = permissions.get_review_for(request.user, score.review_id)
    if not permissions.can_manage_course(request.user, review.round.assignment.course):
        raise Http404("No such review.")
    hidden = request.POST.get("hidden") != "0"
    run_verb(
        request,
        actions.set_comment_hidden,
        request.user,
        score,
        hidden=hidden,
        success=_("The comment is hidden from the team.")
        if hidden
        else _("The comment is shown again."),
    )
    return redirect("courses:review_board", review.round.assignment_id)


@require_POST
def dismiss_flag(request, pk):
    review = permissions.get_review_for(request.user, pk)
    if not permissions.can_manage_course(request.user, review.round.assignment.course):
        raise Http404("No such review.")
    run_verb(request, actions.dismiss_flag, request.user, review, success=_("The flag is cleared."))
    return redirect("courses:review_board", review.round.assignment_id)


def reassign(request, pk):
    review = permissions.get_review_for(request.user, pk)
    if not permissions.can_manage_course(request.user, review.round.assignment.course):
        raise Http404("No such review.")
    eligible = actions.eligible_reviewers(review)
    form = ReassignForm(request.POST or None, eligible=eligible)
    if request.method == "POST" and form.is_valid():
        done = run_verb(
            request,
            actions.reassign_review,
            request.user,
            review,
            form.cleaned_data["reviewer"],
            form=form,
            field="reviewer",
            success=_("The review is given to its new reviewer, who has been told."),
        )
        if done:
            return redirect("courses:review_board", review.round.assignment_id)
    return render(
        request,
        "courses/reassign.html",
        {"review": review, "assignment": review.round.assignment, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def grade(request, pk):
    assignment, review_round = _round_to_manage(request, pk)
    form = ReviewGradeForm(request.POST)
    if form.is_valid():
        owed = (
            Review.objects.filter(round=review_round, reviewer_id=form.cleaned_data["reviewer"])
            .select_related("reviewer")
            .first()
        )
        if owed is None:
            raise Http404("No such reviewer.")
        run_verb(
            request,
            actions.set_review_grade,
            request.user,
            review_round,
            owed.reviewer,
            points=form.cleaned_data["points"],
            reason=form.cleaned_data["reason"],
            success=_("The grade is saved."),
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect("courses:review_board", assignment.pk)
