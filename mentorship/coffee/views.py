"""Coffee-chat pages. Each works as plain forms and reloads; htmx swaps a participant's
controls and a chat's check-in in place. Views parse, fetch through
mentorship.coffee.permissions, call a verb, render."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_verb

from . import actions, cards, pairing, permissions
from .forms import AvoidForm, CheckInForm, SeriesForm, SnoozeForm
from .models import Avoidance, Participant, Round, Seat

PAST_PARTNERS_SHOWN = 20


def _card(request, pairing_row):
    """The chat's card for its viewer, with a link to the conversation."""
    return {
        **cards.pairing_card(pairing_row, request.user),
        "channel": actions.channel_of(pairing_row),
    }


def index(request):
    user = request.user
    visible = permissions.series_visible_to(user).select_related("course")
    mine = dict(Participant.objects.filter(user=user).values_list("series_id", "active"))
    return render(
        request,
        "coffee/index.html",
        {
            "series_list": [(series, mine.get(series.pk)) for series in visible],
            "can_create": permissions.can_create_series(user)
            or user.enrolments.filter(role="instructor").exists(),
        },
    )


def new(request):
    user = request.user
    if not (permissions.can_create_series(user) or user.enrolments.filter(role="instructor")):
        raise Http404("No such page.")
    form = SeriesForm(request.POST or None, user=user)
    if form.is_valid():
        created = run_verb(request, actions.create_series, user, **form.verb_arguments(), form=form)
        if created:
            messages.success(request, _("The series is open: people can opt in now."))
            return redirect(created.value)
    return render(request, "coffee/new.html", {"form": form}, status=400 if form.errors else 200)


def _series_context(request, series, snooze_form=None, avoid_form=None):
    user = request.user
    participant = Participant.objects.filter(series=series, user=user).first()
    my_seats = (
        Seat.objects.filter(user=user, round__series=series)
        .select_related("pairing__round")
        .order_by("-round__number")
    )
    latest = my_seats.first()
    last_number = series.rounds.order_by("-number").values_list("number", flat=True).first()
    current = latest.pairing if latest and latest.round.number == last_number else None
    past_ids = [seat.pairing_id for seat in my_seats[:PAST_PARTNERS_SHOWN]]
    partners = (
        Seat.objects.filter(pairing_id__in=past_ids)
        .exclude(user=user)
        .select_related("user__profile", "pairing__round")
        .order_by("-round__number")
    )
    return {
        "series": series,
        "participant": participant,
        "snoozed": participant is not None and participant.is_snoozed(),
        "current": _card(request, current) if current else None,
        "partners": [s for s in partners if current is None or s.pairing_id != current.pk],
        "avoided": Avoidance.objects.filter(person=user).select_related("other__profile"),
        "snooze_form": snooze_form or SnoozeForm(),
        "avoid_form": avoid_form or AvoidForm(),
        "can_organise": permissions.can_organise(user, series),
    }


def series(request, pk):
    series = permissions.get_series_for(request.user, pk)
    return render(request, "coffee/series.html", _series_context(request, series))


def _controls_reply(request, series, **forms):
    """htmx: the controls again, with any form's errors (a 200, as htmx swaps only
    those); a plain request goes back to the page."""
    if request.htmx:
        return render(
            request, "coffee/series.html#controls", _series_context(request, series, **forms)
        )
    return redirect(series)


@require_POST
def join(request, pk):
    series = permissions.get_series_for(request.user, pk)
    run_verb(
        request,
        actions.join_series,
        request.user,
        series,
        success=_("You are in: see you at the next round."),
    )
    return _controls_reply(request, series)


@require_POST
def leave(request, pk):
    series = permissions.get_series_for(request.user, pk)
    run_verb(
        request,
        actions.leave_series,
        request.user,
        series,
        success=_("You are out of this series."),
    )
    return _controls_reply(request, series)


@require_POST
def wake(request, pk):
    series = permissions.get_series_for(request.user, pk)
    run_verb(
        request,
        actions.snooze,
        request.user,
        series,
        success=_("Snooze over: you are in the next round."),
    )
    return _controls_reply(request, series)


@require_POST
def snooze(request, pk):
    series = permissions.get_series_for(request.user, pk)
    form = SnoozeForm(request.POST)
    if form.is_valid():
        done = run_verb(
            request,
            actions.snooze,
            request.user,
            series,
            rounds=form.cleaned_data["rounds"] or 0,
            until=form.cleaned_data["until"],
            form=form,
            success=_("Snoozed."),
        )
        if done:
            return _controls_reply(request, series)
    if request.htmx:
        return _controls_reply(request, series, snooze_form=form)
    context = _series_context(request, series, snooze_form=form)
    return render(request, "coffee/series.html", context, status=400)


@require_POST
def avoid(request):
    form = AvoidForm(request.POST)
    back = request.POST.get("series")
    series = permissions.get_series_for(request.user, back) if back and back.isdigit() else None
    if form.is_valid():
        done = run_verb(
            request,
            actions.avoid,
            request.user,
            form.cleaned_data["handle"],
            form=form,
            success=_("You will not be paired with them."),
        )
        if done:
            return _controls_reply(request, series) if series else redirect("coffee:index")
    if series is None:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("coffee:index")
    if request.htmx:
        return _controls_reply(request, series, avoid_form=form)
    context = _series_context(request, series, avoid_form=form)
    return render(request, "coffee/series.html", context, status=400)


@require_POST
def stop_avoiding(request, user_id):
    other = get_user_model().objects.filter(pk=user_id).first()
    if other is not None:
        actions.stop_avoiding(request.user, other)
    back = request.POST.get("series")
    if back and back.isdigit():
        return _controls_reply(request, permissions.get_series_for(request.user, back))
    return redirect("coffee:index")


def pairing_page(request, pk):
    pairing_row = permissions.get_pairing_for(request.user, pk)
    context = _card(request, pairing_row)
    context["series"] = pairing_row.round.series
    context["check_in_closed"] = cards.check_in_closed(pairing_row)
    return render(request, "coffee/pairing.html", context)


@require_POST
def check_in(request, pk):
    pairing_row = permissions.get_pairing_for(request.user, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        run_verb(
            request,
            actions.check_in,
            request.user,
            pairing_row,
            form.cleaned_data["answer"] == "met",
            success=_("Thanks for saying."),
        )
    else:
        messages.error(request, _("Say whether you met."))
    back = request.POST.get("next")
    if request.htmx:
        if back == "chat":
            context = {
                **cards.pairing_card(pairing_row, request.user),
                **cards.chat_card_extras(pairing_row),
            }
        else:
            context = _card(request, pairing_row)
        return render(request, "coffee/pairing.html#card", context)
    if back == "series":
        return redirect(pairing_row.round.series)
    channel = actions.channel_of(pairing_row) if back == "chat" else None
    return redirect(channel or pairing_row)


def organise(request, pk):
    series = permissions.get_organised_series_for(request.user, pk)
    participants = Participant.objects.filter(series=series)
    return render(
        request,
        "coffee/organise.html",
        {
            "series": series,
            "rounds": Round.objects.filter(series=series).order_by("-number")[:20],
            "active_count": participants.filter(active=True).count(),
            "opted_out_count": participants.filter(active=False).count(),
        },
    )


@require_POST
def run_now(request, pk):
    series = permissions.get_organised_series_for(request.user, pk)
    done = run_verb(request, actions.run_round, request.user, series)
    if done:
        messages.success(
            request,
            _("Round %(number)s is out: everyone paired has been told.")
            % {"number": done.value.number},
        )
        return redirect(done.value)
    return redirect("coffee:organise", series.pk)


@require_POST
def pause(request, pk):
    series = permissions.get_organised_series_for(request.user, pk)
    paused = request.POST.get("paused") == "1"
    run_verb(
        request,
        actions.set_paused,
        request.user,
        series,
        paused,
        success=_("Rounds paused.") if paused else _("Rounds run by themselves again."),
    )
    return redirect("coffee:organise", series.pk)


def round_summary(request, pk, number):
    the_round = permissions.get_round_for(request.user, pk, number)
    pairings = list(the_round.pairings.prefetch_related("seats__user__profile"))
    people = (
        get_user_model()
        .objects.select_related("profile")
        .in_bulk([user_id for user_id, _ in the_round.unpaired])
    )
    reasons = {**pairing.REASONS, actions.SNOOZED: _("Snoozed this round.")}
    unpaired = [
        (people.get(user_id), reasons.get(reason, reason))
        for user_id, reason in the_round.unpaired
        if user_id in people
    ]
    met = sum(1 for p in pairings if any(s.check_in == Seat.CheckIn.MET for s in p.seats.all()))
    answered = sum(1 for p in pairings if any(s.check_in for s in p.seats.all()))
    return render(
        request,
        "coffee/round.html",
        {
            "series": the_round.series,
            "round": the_round,
            "pairings": pairings,
            "unpaired": unpaired,
            "met": met,
            "answered": answered,
            "met_rate": round(100 * met / len(pairings)) if pairings else None,
        },
    )
