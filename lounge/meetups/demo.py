"""Demo meetups: a weekly one in a social channel, a full one with a waitlist, one in a
study group happening while the demo runs, and past ones with check-ins and kudos.
Runs after the groups' demo (it meets in study groups' chats). Safe to run again."""

from datetime import UTC, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.timezones import get_zone
from lounge.models import Channel
from lounge.models import Membership as ChannelMembership

from . import actions
from .models import Meetup, Occurrence

FIRST_TITLE = "Coffee and languages hour"


def _at(zone_name, days_ahead, hour, minute=0):
    """A wall-clock time `days_ahead` days from today in `zone_name`, as UTC."""
    zone = get_zone(zone_name)
    day = timezone.now().astimezone(zone).date() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour, minute), tzinfo=zone).astimezone(UTC)


def _call(organiser, channel, title, starts_at, **extra):
    details = {
        "title": title,
        "description": extra.pop("description", ""),
        "starts_at": starts_at,
        "time_zone": organiser.profile.time_zone,
        "duration_minutes": extra.pop("duration_minutes", 60),
        "recurrence": extra.pop("recurrence", "none"),
        "repeat_until": extra.pop("repeat_until", None),
        "capacity": extra.pop("capacity", None),
        "where": extra.pop("where", "lounge"),
        "call_url": extra.pop("call_url", ""),
        "place": extra.pop("place", ""),
    }
    return actions.create_meetup(organiser, channel, **details)


def _hours_ahead(hours):
    """On the hour, `hours` from now (rounded down): demo times look like real ones."""
    return (timezone.now() + timedelta(hours=hours)).replace(minute=0, second=0, microsecond=0)


def _move_back(meetup, hours):
    """Demo only: a meetup called in the future is moved `hours` into the past, as time
    would have done, so that its page shows it happening or over."""
    delta = timedelta(hours=hours)
    Meetup.objects.filter(pk=meetup.pk).update(
        starts_at=meetup.starts_at - delta, last_starts_at=meetup.last_starts_at - delta
    )
    for occurrence in Occurrence.objects.filter(meetup=meetup):
        Occurrence.objects.filter(pk=occurrence.pk).update(
            starts_at=occurrence.starts_at - delta, ends_at=occurrence.ends_at - delta
        )
    meetup.refresh_from_db()


def seed(rng):
    if Meetup.objects.filter(title=FIRST_TITLE).exists():
        return
    people = {user.username: user for user in get_user_model().objects.select_related("profile")}
    social = {channel.slug: channel for channel in Channel.objects.social()}
    ana, dev = people["ana"], people["dev"]

    weekly = _call(
        ana,
        social["cultural-exchange"],
        FIRST_TITLE,
        _at(ana.profile.time_zone, 2, 19),
        description=(
            "Bring a drink and a word from your language. "  # untranslated: demo content
            "We switch language every 15 minutes."
        ),
        recurrence="weekly",
        repeat_until=(timezone.now() + timedelta(days=60)).date(),
        where="link",
        call_url="https://meet.example.org/coffee-languages",
        duration_minutes=60,
    )
    for handle in ["chloe", "dev", "kenji", "fatima", "bruno"]:
        actions.respond(people[handle], weekly, 0, "going")
    for handle in ["sam", "yuki"]:
        actions.respond(people[handle], weekly, 0, "maybe")
    actions.respond(people["chloe"], weekly, 1, "going")
    actions.skip_occurrence(ana, weekly, 3)

    full = _call(
        dev,
        social["study-tips"],
        "Pomodoro co-working sprint",
        _at(dev.profile.time_zone, 1, 20, 30),
        description=(
            "Four 25-minute sprints, cameras optional. "  # untranslated: demo content
            "Say what you will finish at the start."
        ),
        capacity=4,
        duration_minutes=120,
    )
    for handle in ["dev", "isha", "uma", "chloe", "zara", "ana"]:
        actions.respond(people[handle], full, 0, "going")

    _seed_in_groups(people, rng)
    _seed_past(people, social)


def _seed_in_groups(people, rng):
    """One meetup per study group with enough members: the first happens now."""
    group_chats = list(Channel.objects.filter(kind=Channel.Kind.GROUP).order_by("pk")[:4])
    for number, channel in enumerate(group_chats):
        members = [
            m.user
            for m in ChannelMembership.objects.filter(
                channel=channel, role=ChannelMembership.Role.MEMBER
            ).select_related("user__profile")
        ]
        if len(members) < 2:
            continue
        organiser = members[0]
        meetup = _call(
            organiser,
            channel,
            "Problem set walkthrough" if number else "Live: working through last week's quiz",
            _hours_ahead(1 + 26 * number),
            description=(
                "We take the questions people found hardest, "  # untranslated: demo content
                "one at a time."
            ),
            duration_minutes=120,
        )
        for member in members[: rng.randint(2, len(members))]:
            actions.respond(member, meetup, 0, "going")
        if number == 0:
            # Began 30-90 minutes before the demo started; goes on for 30-90 more.
            _move_back(meetup, 1.5)


def _seed_past(people, social):
    """Meetups that took place last week, with check-ins and kudos."""
    met = _call(
        people["chloe"],
        social["off-topic"],
        "Board games night (online)",
        _hours_ahead(3),
        description="Codenames and Gartic Phone.",  # untranslated: demo content
        duration_minutes=90,
    )
    attendees = [people[h] for h in ["chloe", "ana", "kenji", "sam"]]
    for person in attendees:
        actions.respond(person, met, 0, "going")
    _move_back(met, 24 * 6)
    for person in attendees[:3]:
        actions.check_in(person, met, 0, met=True)
    actions.check_in(attendees[3], met, 0, met=False)
    actions.give_kudos(people["ana"], met, 0, people["chloe"], "Best game host ever, thank you!")
    actions.give_kudos(
        people["kenji"], met, 0, people["ana"], "Thanks for explaining the rules twice."
    )

    quiet = _call(
        people["dev"],
        social["study-tips"],
        "Planning the week ahead",
        _hours_ahead(3),
        duration_minutes=45,
    )
    for handle in ["dev", "isha"]:
        actions.respond(people[handle], quiet, 0, "going")
    _move_back(quiet, 24 * 3)
    # isha has not said yet whether it happened: her /meetups/?past=on asks.
    actions.check_in(people["dev"], quiet, 0, met=True)
