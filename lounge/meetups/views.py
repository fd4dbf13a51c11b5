"""Meetup pages. Each works as plain forms and reloads; htmx swaps the answer buttons
in place. Views parse, fetch through meetups.permissions, call a verb, render."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.markup import render_message
from lounge.models import Channel
from lounge.permissions import get_channel_for
from lounge.presence import visible_states
from lounge.summaries import recent_messages
from lounge.views import report_target

from . import actions, permissions, recurrence
from .calendar import meetup_calendar
from .dates import date_of, dates_between, default_index
from .forms import CheckInForm, KudosForm, MeetupFilterForm, MeetupForm, ReasonForm, RsvpForm
from .models import CalendarFeed, Rsvp
from .suggestions import suggested_times

UPCOMING_DAYS = 60
PAST_DAYS = 90
PAGE_DATES = 50
DATES_LISTED = 8


def index(request):
    now = timezone.now()
    visible = permissions.meetups_visible_to(request.user)
    # The chats that have meetups the person may see, for the filter.
    with_meetups = Channel.objects.filter(pk__in=visible.values("channel_id")).order_by("name")
    form = MeetupFilterForm(request.GET or None, channels=with_meetups)
    filters = form.cleaned_data if form.is_valid() else {}
    meetups = visible.select_related("channel")
    if filters.get("kind"):
        meetups = meetups.filter(channel__kind=filters["kind"])
    if filters.get("channel"):
        meetups = meetups.filter(channel__slug=filters["channel"])
    past = filters.get("past", False)
    if past:
        meetups = meetups.filter(starts_at__lt=now, last_starts_at__gte=now - timedelta(PAST_DAYS))
        window = (now - timedelta(PAST_DAYS), now)
    else:
        meetups = meetups.active().filter(last_starts_at__gte=now - timedelta(hours=12))
        window = (now, now + timedelta(UPCOMING_DAYS))
    dates = dates_between(list(meetups), *window, viewer=request.user, newest_first=past)
    if past:
        dates = [date for date in dates if date.is_past(now)]
    if filters.get("going"):
        dates = [date for date in dates if date.my_status == Rsvp.Status.GOING]
    return render(
        request,
        "meetups/index.html",
        {
            "form": form,
            "dates": dates[:PAGE_DATES],
            "more": len(dates) > PAGE_DATES,
            "past": past,
            "now": now,
            "channels": _channels_to_meet_in(request.user),
        },
    )


def _channels_to_meet_in(user):
    """The chats the person is in (one query): where a meetup can be called. Whether they
    may post there right now (a mute, a lock) is checked when the form is sent."""
    return list(Channel.objects.active().filter(memberships__user=user).order_by("kind", "name"))


def new(request):
    slug = request.GET.get("channel") or request.POST.get("channel") or ""
    channel = get_channel_for(request.user, slug) if slug else None
    if channel is None:
        return render(
            request, "meetups/choose_channel.html", {"channels": _channels_to_meet_in(request.user)}
        )
    if not permissions.can_create_meetup(request.user, channel):
        messages.error(request, _("You cannot call a meetup in this channel."))
        return redirect(channel.get_absolute_url())
    zone_name = request.user.profile.time_zone
    initial = {key: request.GET[key] for key in ("date", "time") if key in request.GET}
    form = MeetupForm(request.POST or None, initial=initial, time_zone=zone_name)
    if form.is_valid():
        created = run_verb(
            request, actions.create_meetup, request.user, channel, **form.details(), form=form
        )
        if created:
            messages.success(request, _("Your meetup is on. People in the channel can answer now."))
            return redirect(created.value)
    now = timezone.now()
    return render(
        request,
        "meetups/form.html",
        {
            "form": form,
            "channel": channel,
            "zone_name": zone_name,
            "suggestions": suggested_times(channel, zone_name, now),
            "suggestions_offered": channel.kind in (Channel.Kind.GROUP, Channel.Kind.DIRECT),
        },
    )


def detail(request, pk):
    meetup = permissions.get_meetup_for(request.user, pk)
    now = timezone.now()
    index = _date_index(request.GET.get("date"), meetup, now)
    date = date_of(meetup, index, request.user)
    upcoming = dates_between([meetup], now, now + timedelta(days=400), viewer=request.user)
    people = _people(date, request.user)
    return render(
        request,
        "meetups/detail.html",
        {
            "meetup": meetup,
            "date": date,
            "upcoming": upcoming[:DATES_LISTED],
            "now": now,
            "description_html": render_message(meetup.description).html,
            **people,
            "here_now": _here_now(date, people["going"], request.user, now),
            "chat_now": recent_messages(meetup.channel, 5) if date.is_now(now) else [],
            "can_manage": permissions.can_manage_meetup(request.user, meetup),
            "as_moderator": permissions.manages_as_moderator(request.user, meetup),
            "can_rsvp": permissions.can_rsvp(request.user, meetup),
            "rsvp_form": RsvpForm(),
            "check_in_form": CheckInForm(),
            "kudos_form": KudosForm(),
        },
    )


def _date_index(raw, meetup, now):
    if raw is None:
        return default_index(meetup, now)
    if not raw.isdigit() or not recurrence.has_index(meetup, int(raw)):
        raise Http404("No such date.")
    return int(raw)


def _here_now(date, going, viewer, now):
    """While a date is on: who of those going is online, as the viewer may see them."""
    if not date.is_now(now) or not going:
        return []
    states = visible_states([rsvp.user for rsvp in going], viewer)
    return [(rsvp.user, states.get(rsvp.user_id, "offline")) for rsvp in going]


def _people(date, viewer):
    """Who answered for the date: names are shown to those who may read the channel
    (everyone who may see the meetup)."""
    if date.row is None:
        return {"going": [], "maybe": [], "waitlisted": 0, "kudos_sent": set()}
    rsvps = list(date.row.rsvps.select_related("user__profile").order_by("responded_at"))
    going = [r for r in rsvps if r.status == Rsvp.Status.GOING]
    return {
        "going": going,
        "maybe": [r for r in rsvps if r.status == Rsvp.Status.MAYBE],
        "waitlisted": sum(1 for r in rsvps if r.status == Rsvp.Status.WAITLISTED),
        "kudos_sent": set(
            date.row.kudos.filter(giver=viewer).values_list("receiver_id", flat=True)
        ),
    }


@require_POST
def rsvp(request, pk, index):
    meetup = permissions.get_meetup_for(request.user, pk)
    form = RsvpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Answer going, maybe or can't go."))
    else:
        done = run_verb(
            request, actions.respond, request.user, meetup, index, form.cleaned_data["status"]
        )
        if done and done.value.status == Rsvp.Status.WAITLISTED:
            messages.info(
                request,
                _("Every seat is taken: you are on the waitlist, and will be told if one opens."),
            )
    if request.htmx:
        date = date_of(meetup, index, request.user)
        return render(
            request,
            "meetups/detail.html#answer",
            {
                "meetup": meetup,
                "date": date,
                "now": timezone.now(),
                "can_rsvp": permissions.can_rsvp(request.user, meetup),
            },
        )
    return redirect(f"{meetup.get_absolute_url()}?date={index}")


def edit(request, pk):
    meetup = permissions.get_meetup_for(request.user, pk)
    if not permissions.can_manage_meetup(request.user, meetup):
        raise Http404("No such meetup.")
    form = MeetupForm(
        request.POST or None,
        initial=MeetupForm.initial_for(meetup),
        time_zone=meetup.time_zone,
        require_future=False,
    )
    reason_form = ReasonForm(request.POST or None)
    if form.is_valid() and reason_form.is_valid():
        done = run_verb(
            request,
            actions.update_meetup,
            request.user,
            meetup,
            reason=reason_form.cleaned_data["reason"],
            **form.details(),
            form=form,
        )
        if done:
            messages.success(
                request, _("Meetup saved. Those going were told of any new time or place.")
            )
            return redirect(meetup)
    return render(
        request,
        "meetups/form.html",
        {
            "form": form,
            "meetup": meetup,
            "channel": meetup.channel,
            "zone_name": meetup.time_zone,
            "reason_form": reason_form
            if permissions.manages_as_moderator(request.user, meetup)
            else None,
        },
    )


@require_POST
def cancel(request, pk):
    meetup = permissions.get_meetup_for(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_verb(
        request,
        actions.cancel_meetup,
        request.user,
        meetup,
        reason=reason,
        success=_("Meetup cancelled; those going were told."),
    )
    return redirect(meetup)


@require_POST
def skip(request, pk, index):
    meetup = permissions.get_meetup_for(request.user, pk)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_verb(
        request,
        actions.skip_occurrence,
        request.user,
        meetup,
        index,
        reason=reason,
        success=_("That date is called off; those going were told."),
    )
    return redirect(f"{meetup.get_absolute_url()}?date={index}")


@require_POST
def check_in(request, pk, index):
    meetup = permissions.get_meetup_for(request.user, pk)
    form = CheckInForm(request.POST)
    if form.is_valid():
        run_verb(
            request,
            actions.check_in,
            request.user,
            meetup,
            index,
            met=form.cleaned_data["happened"],
            success=_("Thanks for saying how it went."),
        )
    else:
        messages.error(request, _("Say whether you met."))
    return redirect(f"{meetup.get_absolute_url()}?date={index}")


@require_POST
def kudos(request, pk, index):
    meetup = permissions.get_meetup_for(request.user, pk)
    form = KudosForm(request.POST)
    if form.is_valid():
        receiver = get_user_model().objects.filter(pk=form.cleaned_data["to"]).first()
        run_verb(
            request,
            actions.give_kudos,
            request.user,
            meetup,
            index,
            receiver,
            form.cleaned_data["message"],
            success=_("Kudos sent, privately."),
        )
    else:
        messages.error(request, _("Write a few words of thanks (at most 280 characters)."))
    return redirect(f"{meetup.get_absolute_url()}?date={index}")


def ics(request, pk):
    meetup = permissions.get_meetup_for(request.user, pk)
    response = HttpResponse(
        meetup_calendar(meetup, site_url=request.build_absolute_uri("/").rstrip("/")),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="meetup-{meetup.pk}.ics"'
    return response


def calendar_settings(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else None
    return render(request, "meetups/calendar.html", {"feed": feed, "feed_url": url})


@require_POST
def calendar_token(request):
    run_verb(
        request,
        actions.replace_calendar_feed,
        request.user,
        revoke=request.POST.get("action") == "revoke",
        success=lambda feed: (
            _("A new calendar address is ready; the old one no longer works.")
            if feed
            else _("Your calendar address is turned off.")
        ),
    )
    return redirect("meetups:calendar")


def report(request, pk):
    """Report a meetup to the moderators (its chat's moderators and site staff)."""
    meetup = permissions.get_meetup_for(request.user, pk)
    return report_target(
        request,
        meetup,
        title=_("Report the meetup %(title)s") % {"title": meetup.title},
        back_url=meetup.get_absolute_url(),
        channel=meetup.channel,
        reported_user=meetup.organiser,
    )
