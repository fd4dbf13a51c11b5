"""Peer-review pages: opening and closing a round (instructors), writing a review (its
reviewer), and a team's feedback. The feedback page is what the reviewed team sees:
reviews are labelled by their anonymous order, and no reviewer's name, handle, picture
or id is in it for them; the course's staff see who wrote each."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.markup import render_message

from .. import actions, permissions
from ..forms import CriterionFormSet, HelpfulForm, ReviewForm, ReviewRoundForm
from ..models import Review


def open_round(request, pk):
    assignment = permissions.get_assignment_for(request.user, pk)
    if not permissions.can_manage_course(request.user, assignment.course):
        raise Http404("No such assignment.")
    posted = request.method == "POST"
    form = ReviewRoundForm(request.POST or None)
    rubric = CriterionFormSet(request.POST or None, prefix="criteria")
    if posted and form.is_valid() and rubric.is_valid():
        opened = run_verb(
            request,
            actions.open_review_round,
            request.user,
            assignment,
            reviews_per_submission=form.cleaned_data["reviews_per_submission"],
            criteria=rubric.criteria(),
            form=form,
            success="The review round is open; reviewers have been told.",
        )
        if opened:
            return redirect(assignment)
    return render(
        request,
        "courses/review_round_form.html",
        {"assignment": assignment, "form": form, "rubric": rubric},
        status=400 if posted else 200,
    )


@require_POST
def close_round(request, pk):
    assignment = permissions.get_assignment_for(request.user, pk)
    review_round = getattr(assignment, "review_round", None)
    if review_round is None or not permissions.can_manage_course(request.user, assignment.course):
        raise Http404("No such review round.")
    run_verb(
        request,
        actions.close_review_round,
        request.user,
        review_round,
        success="The review round is closed.",
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
                success="Thank you: your review is in. You can change it while the round is open.",
            )
            if done:
                return redirect(review.round.assignment)
    return render(
        request,
        "courses/review.html",
        {
            "review": review,
            "assignment": review.round.assignment,
            "work": render_message(review.submission.body).html,
            "form": form,
            "writing": writing and review.round.is_open,
        },
        status=400 if request.method == "POST" else 200,
    )


def feedback(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    reviews = list(
        Review.objects.filter(submission__workspace=workspace, submitted_at__isnull=False)
        .prefetch_related("scores__criterion")
        .order_by("anon_order")
    )
    member = permissions.is_team_member(request.user, workspace)
    staff_view = permissions.can_teach(request.user, workspace.assignment.course) and not member
    if staff_view:
        names = Review.objects.filter(pk__in=[r.pk for r in reviews]).select_related("reviewer")
        by_pk = {r.pk: r.reviewer.display_name for r in names}
    for number, item in enumerate(reviews, start=1):
        item.label = f"Review {number}"
        item.reviewer_name = by_pk[item.pk] if staff_view else ""
        item.helpful_form = HelpfulForm(
            initial={"helpful": item.helpful, "note": item.helpful_note},
            auto_id=f"review-{number}-%s",
        )
    return render(
        request,
        "courses/feedback.html",
        {
            "workspace": workspace,
            "assignment": workspace.assignment,
            "reviews": reviews,
            "can_rate": permissions.can_edit_workspace(request.user, workspace),
        },
    )


@require_POST
def rate(request, pk, public_id):
    workspace = permissions.get_workspace_for(request.user, pk)
    review = Review.objects.filter(public_id=public_id, submission__workspace=workspace).first()
    if review is None:
        raise Http404("No such review.")
    form = HelpfulForm(request.POST)
    if form.is_valid():
        run_verb(
            request,
            actions.rate_review,
            request.user,
            review,
            helpful=form.cleaned_data["helpful"],
            note=form.cleaned_data["note"],
            success="Thanks: the reviewer will see how helpful it was.",
        )
    else:
        messages.error(request, "Choose how helpful the review was, from 1 to 5.")
    return redirect("courses:feedback", workspace.pk)
