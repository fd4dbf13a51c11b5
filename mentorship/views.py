"""Mentorship pages. Each works as plain forms and reloads; htmx swaps a pair's goals
and an answered request in place. Views parse, fetch through mentorship.permissions,
call a verb, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.models import Channel

from . import actions, fit, matching, permissions
from .forms import (
    AnswerForm,
    GoalDoneForm,
    GoalForm,
    MenteeForm,
    MentorForm,
    MessageForm,
    PairRuleForm,
    PeopleForm,
    ProgrammeForm,
)
from .models import (
    Goal,
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    MentorshipRequest,
    Pair,
    PairRule,
)


def index(request):
    user = request.user
    pairs = (
        Pair.objects.filter(Q(mentor=user) | Q(mentee=user))
        .select_related("programme", "mentor__profile", "mentee__profile")
        .order_by("status", "-created_at")
    )
    open_requests = MentorshipRequest.objects.filter(
        status=MentorshipRequest.Status.REQUESTED
    ).select_related("programme", "mentee__profile", "mentor__profile")
    return render(
        request,
        "mentorship/index.html",
        {
            "programmes": permissions.programmes_visible_to(user).select_related("course"),
            "pairs": pairs,
            "asked_of_me": open_requests.filter(mentor=user),
            "asked_by_me": open_requests.filter(mentee=user),
            "can_create": permissions.can_create_programme(user),
            "answer_form": AnswerForm(),
        },
    )


def new(request):
    if not permissions.can_create_programme(request.user):
        raise Http404("No such page.")
    form = ProgrammeForm(request.POST or None, user=request.user)
    if form.is_valid():
        created = run_verb(
            request, actions.create_programme, request.user, **form.cleaned_data, form=form
        )
        if created:
            messages.success(request, "The programme is open: people can opt in now.")
            return redirect(created.value)
    return render(request, "mentorship/new.html", {"form": form})


def _profile_initial(profile):
    if profile is None:
        return None
    initial = {
        "topics": ", ".join(t.name for t in profile.topics.all()),
        "languages": [language.code for language in profile.languages.all()],
    }
    for name in ("capacity", "note", "goals", "same_language", "max_zone_hours"):
        if hasattr(profile, name):
            initial[name] = getattr(profile, name)
    return initial


def programme(request, pk):
    programme = permissions.get_programme_for(request.user, pk)
    user = request.user
    mentor_profile = MentorProfile.objects.filter(programme=programme, user=user).first()
    mentee_profile = MenteeProfile.objects.filter(programme=programme, user=user).first()
    my_pair = Pair.objects.filter(
        programme=programme, mentee=user, status=Pair.Status.ACTIVE
    ).first()
    asked = set(
        MentorshipRequest.objects.filter(
            programme=programme, mentee=user, status=MentorshipRequest.Status.REQUESTED
        ).values_list("mentor_id", flat=True)
    )
    mentors = []
    if mentee_profile is not None and my_pair is None:
        for profile, score, fits, seats in fit.fit_for_mentee(programme, mentee_profile):
            why = fit.explain(programme, profile.user, user, user) if fits else []
            mentors.append(
                {"profile": profile, "score": score, "fits": fits, "seats": seats, "why": why}
            )
    return render(
        request,
        "mentorship/programme.html",
        {
            "programme": programme,
            "mentor_profile": mentor_profile,
            "mentee_profile": mentee_profile,
            "my_pair": my_pair,
            "mentors": mentors,
            "asked": asked,
            "mentor_form": MentorForm(initial=_profile_initial(mentor_profile)),
            "mentee_form": MenteeForm(initial=_profile_initial(mentee_profile)),
            "message_form": MessageForm(),
            "can_organise": permissions.can_organise(user, programme),
        },
    )


@require_POST
def opt_in(request, pk, role):
    programme = permissions.get_programme_for(request.user, pk)
    form_class, verb = {
        "mentor": (MentorForm, actions.opt_in_as_mentor),
        "mentee": (MenteeForm, actions.opt_in_as_mentee),
    }[role]
    form = form_class(request.POST)
    if form.is_valid():
        done = run_verb(request, verb, request.user, programme, **form.cleaned_data)
        if done:
            messages.success(request, "Saved.")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return redirect(programme)


@require_POST
def ask(request, pk, mentor_id):
    programme = permissions.get_programme_for(request.user, pk)
    mentor = get_object_or_404(get_user_model(), pk=mentor_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        run_verb(
            request,
            actions.request_mentor,
            request.user,
            programme,
            mentor,
            message=form.cleaned_data["message"],
            success=f"Your request went to {mentor.display_name}.",
        )
    else:
        messages.error(request, "Keep the message under 1,000 characters.")
    return redirect(programme)


@require_POST
def answer(request, pk):
    asked = permissions.get_request_for(request.user, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        accept = form.cleaned_data["accept"]
        done = run_verb(
            request,
            actions.answer_request,
            request.user,
            asked,
            accept=accept,
            message=form.cleaned_data["message"],
            success="You are now their mentor." if accept else "Your answer was sent.",
        )
        if done and accept:
            return redirect(
                Pair.objects.get(programme=asked.programme, mentee=asked.mentee, status="active")
            )
    else:
        messages.error(request, "Accept or decline, with a message under 1,000 characters.")
    return redirect("mentorship:index")


@require_POST
def withdraw(request, pk):
    asked = permissions.get_request_for(request.user, pk)
    run_verb(request, actions.cancel_request, request.user, asked, success="Request withdrawn.")
    return redirect("mentorship:index")


def _preview(matching_round):
    """The round's pairs and unmatched, with people loaded, for the organiser."""
    if matching_round is None:
        return None
    result = matching_round.result
    ids = {pk for m, e, *_ in result["pairs"] for pk in (m, e)} | {
        pk for pk, _ in result["unmatched"]
    }
    people = get_user_model().objects.select_related("profile").in_bulk(ids)
    return {
        "round": matching_round,
        "pairs": [
            {"mentor": people[m], "mentee": people[e], "score": score, "pinned": pinned}
            for m, e, score, pinned in result["pairs"]
            if m in people and e in people
        ],
        "unmatched": [
            {"mentee": people[pk], "reason": matching.REASONS[reason]}
            for pk, reason in result["unmatched"]
            if pk in people
        ],
    }


def organise(request, pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    latest = MatchingRound.objects.filter(
        programme=programme, status=MatchingRound.Status.PREVIEW
    ).first()
    rules = PairRule.objects.filter(programme=programme).select_related(
        "mentor__profile", "mentee__profile"
    )
    mentors = MentorProfile.objects.filter(programme=programme).select_related("user__profile")
    paired = Pair.objects.filter(programme=programme, status=Pair.Status.ACTIVE)
    waiting = (
        MenteeProfile.objects.filter(programme=programme)
        .exclude(user_id__in=paired.values("mentee_id"))
        .select_related("user__profile")
    )
    return render(
        request,
        "mentorship/organise.html",
        {
            "programme": programme,
            "preview": _preview(latest),
            "rules": rules,
            "pending_mentors": [m for m in mentors if not m.is_approved],
            "approved_mentors": [m for m in mentors if m.is_approved],
            "waiting": waiting,
            "pairs": Pair.objects.filter(programme=programme).select_related(
                "mentor__profile", "mentee__profile"
            ),
        },
    )


@require_POST
def approve(request, pk, profile_pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    profile = get_object_or_404(MentorProfile, pk=profile_pk, programme=programme)
    run_verb(request, actions.approve_mentor, request.user, profile, success="Approved.")
    return redirect("mentorship:organise", programme.pk)


@require_POST
def run_round(request, pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    run_verb(
        request,
        actions.run_matching_round,
        request.user,
        programme,
        success=lambda r: (
            f"Preview ready: {len(r.result['pairs'])} pairs, total score {r.total_score}."
        ),
    )
    return redirect("mentorship:organise", programme.pk)


def _people(form):
    people = get_user_model().objects.in_bulk(
        [form.cleaned_data["mentor"], form.cleaned_data["mentee"]]
    )
    return people.get(form.cleaned_data["mentor"]), people.get(form.cleaned_data["mentee"])


@require_POST
def set_rule(request, pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    form = PairRuleForm(request.POST)
    mentor, mentee = _people(form) if form.is_valid() else (None, None)
    if mentor is None or mentee is None:
        messages.error(request, "Choose a mentor and a mentee of this programme.")
    else:
        rule = None if form.cleaned_data["rule"] == "clear" else form.cleaned_data["rule"]
        run_verb(
            request,
            actions.set_pair_rule,
            request.user,
            programme,
            mentor,
            mentee,
            rule,
            success="Saved. Run the round again to see its effect.",
        )
    return redirect("mentorship:organise", programme.pk)


@require_POST
def publish(request, pk, round_pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    matching_round = get_object_or_404(MatchingRound, pk=round_pk, programme=programme)
    run_verb(
        request,
        actions.publish_round,
        request.user,
        matching_round,
        success=lambda pairs: f"Published {len(pairs)} pairs; everyone paired was told.",
    )
    return redirect("mentorship:organise", programme.pk)


@require_POST
def pair_by_hand(request, pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    form = PeopleForm(request.POST)
    mentor, mentee = _people(form) if form.is_valid() else (None, None)
    if mentor is None or mentee is None:
        messages.error(request, "Choose a mentor and a mentee of this programme.")
    else:
        run_verb(
            request,
            actions.pair_by_hand,
            request.user,
            programme,
            mentor,
            mentee,
            success="Paired; both were told.",
        )
    return redirect("mentorship:organise", programme.pk)


def _pair_context(request, pair, goal_form=None):
    goals = list(pair.goals.all())
    return {
        "pair": pair,
        "goals": goals,
        "goals_done": sum(goal.is_done for goal in goals),
        "goal_form": goal_form or GoalForm(),
        "can_act": permissions.can_act_in_pair(request.user, pair) and pair.is_active,
    }


def pair(request, pk):
    pair = permissions.get_pair_for(request.user, pk)
    channel = Channel.objects.owned_by(pair, Channel.Kind.MENTORSHIP).first()
    viewer = request.user
    return render(
        request,
        "mentorship/pair.html",
        {
            **_pair_context(request, pair),
            "why": fit.explain(pair.programme, pair.mentor, pair.mentee, viewer),
            "channel": channel
            if channel and viewer.pk in (pair.mentor_id, pair.mentee_id)
            else None,
            "other": pair.mentee if viewer.pk == pair.mentor_id else pair.mentor,
            "i_am_mentor": viewer.pk == pair.mentor_id,
            "in_pair": viewer.pk in (pair.mentor_id, pair.mentee_id),
        },
    )


def _goals_reply(request, pair, form=None):
    if request.htmx:
        return render(request, "mentorship/pair.html#goals", _pair_context(request, pair, form))
    return redirect(pair)


@require_POST
def add_goal(request, pk):
    pair = permissions.get_pair_for(request.user, pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        done = run_verb(
            request,
            actions.add_goal,
            request.user,
            pair,
            form.cleaned_data["text"],
            form=form,
            field="text",
        )
        if done:
            form = None
    elif not request.htmx:
        messages.error(request, " ".join(form.errors["text"]))
    return _goals_reply(request, pair, form)


@require_POST
def goal_done(request, pk, goal_pk):
    pair = permissions.get_pair_for(request.user, pk)
    goal = get_object_or_404(Goal, pk=goal_pk, pair=pair)
    form = GoalDoneForm(request.POST)
    form.is_valid()
    run_verb(
        request, actions.set_goal_done, request.user, goal, form.cleaned_data.get("done", False)
    )
    return _goals_reply(request, pair)


@require_POST
def complete(request, pk):
    pair = permissions.get_pair_for(request.user, pk)
    run_verb(request, actions.complete_pair, request.user, pair, success="Marked as completed.")
    return redirect(pair)
