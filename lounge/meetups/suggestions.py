"""Good times for a meetup of a study group or a conversation: the hours of the coming
week when most of the channel's members are free, from their stored weekly
availability (accounts.availability counts them, as for a group's heat-map)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from accounts.availability import free_counts
from accounts.timezones import get_zone
from lounge.models import Channel
from lounge.models import Membership as ChannelMembership

SUGGESTED_KINDS = {Channel.Kind.GROUP, Channel.Kind.DIRECT}
DAYS_AHEAD = 7
SHOWN = 4
# Suggested starts are at least this far ahead: time to see the invitation.
LEAD_TIME = timedelta(hours=2)


@dataclass(frozen=True)
class Suggestion:
    starts_at: datetime  # UTC
    local: datetime  # in the viewer's zone
    free_count: int
    member_count: int


def suggested_times(channel, viewer_zone_name, now, *, minutes=60):
    """Up to SHOWN starts on the hour (viewer's clock) in the coming week, most members
    free for the whole meetup first, then soonest; one per day so the choice is real."""
    if channel.kind not in SUGGESTED_KINDS:
        return []
    member_ids = list(
        ChannelMembership.objects.filter(channel=channel).values_list("user_id", flat=True)
    )
    if len(member_ids) < 2:
        return []
    zone = get_zone(viewer_zone_name)
    first = (now + LEAD_TIME).astimezone(zone).replace(minute=0, second=0, microsecond=0)
    first += timedelta(hours=1)
    # Wall-clock hours in the viewer's zone, each turned into real time.
    local_starts = []
    for step in range(DAYS_AHEAD * 24):
        naive = first.replace(tzinfo=None) + timedelta(hours=step)
        local_starts.append(naive.replace(tzinfo=zone))
    length = timedelta(minutes=minutes)
    spans = [(start.astimezone(UTC), start.astimezone(UTC) + length) for start in local_starts]
    counts, total = free_counts(member_ids, spans)
    enough = min(2, total)
    ranked = sorted(
        (
            (count, spans[index][0], local_starts[index])
            for index, count in enumerate(counts)
            if count >= enough
        ),
        key=lambda item: (-item[0], item[1]),
    )
    chosen, days = [], set()
    for count, starts_at, local in ranked:
        if local.date() in days:
            continue
        days.add(local.date())
        chosen.append(Suggestion(starts_at, local, count, total))
        if len(chosen) == SHOWN:
            break
    return sorted(chosen, key=lambda suggestion: suggestion.starts_at)
