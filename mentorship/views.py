"""Mentorship pages. Each works as plain forms and reloads; htmx swaps a pair's goals
and an answered request in place. Views parse, fetch through mentorship.permissions,
call a verb, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.models import Channel

from . import actions, dashboard, fit, matching, meeting_times, pair_actions, permissions, rounds
from .forms import (
    AnswerForm,
    CheckInForm,
    FeedbackForm,
    GoalDoneForm,
    GoalForm,
    MeetingForm,
    MenteeForm,
    MentorForm,
    MessageForm,
    PairRuleForm,
    PeopleForm,
    ProgrammeForm,
)
from .models import (
    Feedback,
    Goal,
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    MentorshipRequest,
    Pair,
    PairRule,
)
from .responsiveness import responsiveness_of


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
            messages.success(request, _("The programme is open: people can opt in now."))
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
    mentors, expired = [], []
    if mentee_profile is not None and my_pair is None:
        rows = fit.fit_for_mentee(programme, mentee_profile)
        speed = responsiveness_of([profile.user_id for profile, *_ in rows])
        for profile, score, fits, seats in rows:
            why = fit.explain(programme, profile.user, user, user) if fits else []
            mentors.append(
                {
                    "profile": profile,
                    "score": score,
                    "fits": fits,
                    "seats": seats,
                    "why": why,
                    "band": speed[profile.user_id].band,
                }
            )
        expired = _expired_with_suggestions(programme, user)
    return render(
        request,
        "mentorship/programme.html",
        {
            "programme": programme,
            "mentor_profile": mentor_profile,
            "mentee_profile": mentee_profile,
            "my_pair": my_pair,
            "mentors": mentors,
            "expired": expired,
            "asked": asked,
            "mentor_form": MentorForm(initial=_profile_initial(mentor_profile)),
            "mentee_form": MenteeForm(initial=_profile_initial(mentee_profile)),
            "message_form": MessageForm(),
            "can_organise": permissions.can_organise(user, programme),
        },
    )


def _expired_with_suggestions(programme, mentee):
    """The mentee's requests that expired unanswered, newest first, each with the
    mentors offered instead (those still approved)."""
    requests = list(
        MentorshipRequest.objects.filter(
            programme=programme, mentee=mentee, status=MentorshipRequest.Status.EXPIRED
        ).select_related("mentor__profile")[:3]
    )
    ids = {pk for request in requests for pk in request.suggested_mentors}
    people = get_user_model().objects.select_related("profile").in_bulk(ids)
    return [
        {
            "request": request,
            "suggested": [people[pk] for pk in request.suggested_mentors if pk in people],
        }
        for request in requests
    ]


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
            messages.success(request, _("Saved."))
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
            success=_("Your request went to %(name)s.") % {"name": mentor.display_name},
        )
    else:
        messages.error(request, _("Keep the message under 1,000 characters."))
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
            success=_("You are now their mentor.") if accept else _("Your answer was sent."),
        )
        if done and accept:
            return redirect(
                Pair.objects.get(programme=asked.programme, mentee=asked.mentee, status="active")
            )
    else:
        messages.error(request, _("Accept or decline, with a message under 1,000 characters."))
    return redirect("mentorship:index")


@require_POST
def withdraw(request, pk):
    asked = permissions.get_request_for(request.user, pk)
    run_verb(request, actions.cancel_request, request.user, asked, success=_("Request withdrawn."))
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


def _latest_round(programme):
    """The round the organiser is looking at: running, ready to preview, or failed."""
    return (
        MatchingRound.objects.filter(
            programme=programme,
            status__in=[
                MatchingRound.Status.RUNNING,
                MatchingRound.Status.PREVIEW,
                MatchingRound.Status.FAILED,
            ],
        )
        .select_related("run_by")
        .first()
    )


def _round_context(programme):
    latest = _latest_round(programme)
    return {
        "programme": programme,
        "latest_round": latest,
        "preview": _preview(latest) if latest and latest.status == "preview" else None,
        "rules": PairRule.objects.filter(programme=programme).select_related(
            "mentor__profile", "mentee__profile"
        ),
    }


def organise(request, pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    mentors = MentorProfile.objects.filter(programme=programme).select_related("user__profile")
    board = dashboard.programme_dashboard(programme)
    return render(
        request,
        "mentorship/organise.html",
        {
            **_round_context(programme),
            **board,
            "pending_mentors": [m for m in mentors if not m.is_approved],
            "approved_mentors": [m for m in mentors if m.is_approved],
            "waiting": [profile for profile, _ in board["unmatched"]],
        },
    )


def round_status(request, pk):
    """The matching round's part of the organiser's page, polled while it runs."""
    programme = permissions.get_organised_programme_for(request.user, pk)
    return render(request, "mentorship/organise.html#round", _round_context(programme))


@require_POST
def approve(request, pk, profile_pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    profile = get_object_or_404(MentorProfile, pk=profile_pk, programme=programme)
    run_verb(request, actions.approve_mentor, request.user, profile, success=_("Approved."))
    return redirect("mentorship:organise", programme.pk)


@require_POST
def run_round(request, pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    run_verb(
        request,
        rounds.start_matching_round,
        request.user,
        programme,
        success=_("The round is running; its preview appears here when it is ready."),
    )
    return redirect(reverse("mentorship:organise", args=[programme.pk]) + "#round-title")


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
        messages.error(request, _("Choose a mentor and a mentee of this programme."))
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
            success=_("Saved. Run the round again to see its effect."),
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
        success=lambda pairs: (
            ngettext(
                "Published %(count)s pair; everyone paired was told.",
                "Published %(count)s pairs; everyone paired was told.",
                len(pairs),
            )
            % {"count": len(pairs)}
        ),
    )
    return redirect("mentorship:organise", programme.pk)


@require_POST
def pair_by_hand(request, pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    form = PeopleForm(request.POST)
    mentor, mentee = _people(form) if form.is_valid() else (None, None)
    if mentor is None or mentee is None:
        messages.error(request, _("Choose a mentor and a mentee of this programme."))
    else:
        run_verb(
            request,
            actions.pair_by_hand,
            request.user,
            programme,
            mentor,
            mentee,
            success=_("Paired; both were told."),
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


def _check_in_context(request, pair, form=None):
    viewer = request.user
    check_ins = list(pair.check_ins.select_related("author__profile")[:6])
    asked_at = pair.check_in_asked_at
    answered = any(
        entry.author_id == viewer.pk and (asked_at is None or entry.created_at >= asked_at)
        for entry in check_ins
    )
    return {
        "pair": pair,
        "check_ins": check_ins,
        "check_in_form": form or CheckInForm(),
        "check_in_due": asked_at is not None and not answered,
        "can_check_in": permissions.is_in_pair(viewer, pair) and pair.is_active,
        "meetings": list(pair.meetings.all()[:5]),
        "meeting_count": pair.meetings.count(),
        "meeting_form": MeetingForm(),
    }


def pair(request, pk):
    pair = permissions.get_pair_for(request.user, pk)
    channel = Channel.objects.owned_by(pair, Channel.Kind.MENTORSHIP).first()
    viewer = request.user
    in_pair = permissions.is_in_pair(viewer, pair)
    my_feedback = Feedback.objects.filter(pair=pair, author=viewer).first() if in_pair else None
    feedback_initial = (
        {"rating": my_feedback.rating, "text": my_feedback.text} if my_feedback else None
    )
    return render(
        request,
        "mentorship/pair.html",
        {
            **_pair_context(request, pair),
            **_check_in_context(request, pair),
            "why": fit.explain(pair.programme, pair.mentor, pair.mentee, viewer),
            "mentee_goals": MenteeProfile.objects.filter(
                programme=pair.programme_id, user=pair.mentee_id
            )
            .values_list("goals", flat=True)
            .first(),
            "channel": channel if channel and in_pair else None,
            "other": pair.mentee if viewer.pk == pair.mentor_id else pair.mentor,
            "i_am_mentor": viewer.pk == pair.mentor_id,
            "in_pair": in_pair,
            "times": meeting_times.shown_to(viewer, pair) if pair.is_active else [],
            "can_leave_feedback": permissions.can_leave_feedback(viewer, pair),
            "my_feedback": my_feedback,
            "feedback_form": FeedbackForm(initial=feedback_initial),
            "pair_feedback": pair.feedback.select_related("author__profile")
            if permissions.can_read_feedback(viewer, pair.programme)
            else [],
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
    run_verb(request, actions.complete_pair, request.user, pair, success=_("Marked as completed."))
    return redirect(pair)


def _check_in_reply(request, pair, form=None):
    if request.htmx:
        return render(
            request, "mentorship/pair.html#check-in", _check_in_context(request, pair, form)
        )
    return redirect(reverse("mentorship:pair", args=[pair.pk]) + "#check-in")


@require_POST
def check_in(request, pk):
    pair = permissions.get_pair_for(request.user, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        done = run_verb(
            request,
            pair_actions.check_in,
            request.user,
            pair,
            form.cleaned_data["answer"],
            met=form.cleaned_data["met"],
            form=form,
            field="answer",
        )
        if done:
            form = None
            if not request.htmx:
                messages.success(request, _("Thanks: your check-in is saved."))
    if form is not None and not request.htmx:
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
    return _check_in_reply(request, pair, form)


@require_POST
def meeting(request, pk):
    pair = permissions.get_pair_for(request.user, pk)
    form = MeetingForm(request.POST)
    if form.is_valid():
        run_verb(
            request,
            pair_actions.record_meeting,
            request.user,
            pair,
            form.cleaned_data["held_on"],
            success=_("Marked: you met."),
        )
    else:
        messages.error(request, _("Give the day you met as a date."))
    return redirect(reverse("mentorship:pair", args=[pair.pk]) + "#check-in")


@require_POST
def feedback(request, pk):
    pair = permissions.get_pair_for(request.user, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        run_verb(
            request,
            pair_actions.leave_feedback,
            request.user,
            pair,
            rating=form.cleaned_data["rating"],
            text=form.cleaned_data["text"],
            success=_("Thank you: your feedback went to the organisers only."),
        )
    else:
        messages.error(
            request, _("Choose a rating from 1 to 5; keep the text under 2,000 characters.")
        )
    return redirect(reverse("mentorship:pair", args=[pair.pk]) + "#feedback")


def meeting_ics(request, pk):
    """One suggested time as a calendar event; only times suggested now are offered."""
    pair = permissions.get_pair_for(request.user, pk)
    wanted = meeting_times.parse_key(request.GET.get("at"))
    offered = (
        {time.key for time in meeting_times.suggested_times(pair)} if pair.is_active else set()
    )
    if wanted is None or wanted.key not in offered:
        raise Http404("No such meeting time.")
    response = HttpResponse(
        meeting_times.meeting_calendar(
            pair, wanted, site_url=request.build_absolute_uri("/").rstrip("/")
        ),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="mentoring-{pair.pk}.ics"'
    return response


@require_POST
def nudge(request, pk, pair_pk):
    programme = permissions.get_organised_programme_for(request.user, pk)
    pair = get_object_or_404(Pair, pk=pair_pk, programme=programme)
    run_verb(
        request,
        pair_actions.nudge_pair,
        request.user,
        pair,
        success=_("Nudged: both were reminded you are there."),
    )
    return redirect(reverse("mentorship:organise", args=[programme.pk]) + "#quiet-title")
