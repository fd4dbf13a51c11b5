"""The organiser's dashboard of a programme: its pairs with their last activity (pairs
quiet for two weeks stand out, to be nudged), the mentees still waiting, each mentor's
load and how quickly they answer, and the feedback summary. A fixed number of queries
whatever the size of the programme."""

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max
from django.utils import timezone

from lounge.models import Channel, Message

from .models import (
    CheckIn,
    Feedback,
    Goal,
    Meeting,
    MenteeProfile,
    MentorProfile,
    MentorshipRequest,
    Pair,
)
from .responsiveness import duration, responsiveness_of

QUIET_AFTER = timedelta(days=14)


@dataclass
class PairRow:
    pair: object
    last_activity: object
    check_ins: int
    meetings: int
    quiet: bool
    latest_check_in: object = None


@dataclass
class MentorRow:
    profile: object
    taken: int
    request_median: str
    chat_median: str
    open_requests: int

    @property
    def full(self):
        return self.taken >= self.profile.capacity


def _latest(into, rows):
    for pair_id, at in rows:
        if at is not None and (into.get(pair_id) is None or at > into[pair_id]):
            into[pair_id] = at


def last_activity(pairs):
    """{pair id: the last time anything happened in it}: a chat message, a goal added
    or ticked, a check-in, a meeting marked; its start when nothing since."""
    latest = {pair.pk: pair.created_at for pair in pairs}
    ids = list(latest)
    if not ids:
        return latest
    channels = dict(
        Channel.objects.filter(
            owner_type=ContentType.objects.get_for_model(Pair),
            owner_id__in=ids,
            kind=Channel.Kind.MENTORSHIP,
        ).values_list("id", "owner_id")
    )
    by_channel = (
        Message.objects.filter(channel_id__in=channels)
        .values("channel_id")
        .annotate(at=Max("created_at"))
        .values_list("channel_id", "at")
        .order_by()
    )
    _latest(latest, ((channels[channel_id], at) for channel_id, at in by_channel))
    goals = (
        Goal.objects.filter(pair_id__in=ids)
        .values("pair_id")
        .annotate(added=Max("created_at"), ticked=Max("done_at"))
        .values_list("pair_id", "added", "ticked")
        .order_by()
    )
    for pair_id, added, ticked in goals:
        _latest(latest, [(pair_id, added), (pair_id, ticked)])
    for model in (CheckIn, Meeting):
        _latest(
            latest,
            model.objects.filter(pair_id__in=ids)
            .values("pair_id")
            .annotate(at=Max("created_at"))
            .values_list("pair_id", "at")
            .order_by(),
        )
    return latest


def _counts(model, ids):
    return dict(
        model.objects.filter(pair_id__in=ids)
        .values("pair_id")
        .annotate(n=Count("id"))
        .values_list("pair_id", "n")
        .order_by()
    )


def pair_rows(programme, now):
    pairs = list(
        Pair.objects.filter(programme=programme)
        .select_related("mentor__profile", "mentee__profile")
        .order_by("status", "mentor__profile__display_name", "created_at")
    )
    ids = [pair.pk for pair in pairs]
    activity = last_activity(pairs)
    check_ins, meetings = _counts(CheckIn, ids), _counts(Meeting, ids)
    latest_check_ins = {}
    for entry in CheckIn.objects.filter(pair_id__in=ids).select_related("author__profile"):
        latest_check_ins.setdefault(entry.pair_id, entry)  # newest first
    return [
        PairRow(
            pair=pair,
            last_activity=activity[pair.pk],
            check_ins=check_ins.get(pair.pk, 0),
            meetings=meetings.get(pair.pk, 0),
            quiet=pair.is_active and now - activity[pair.pk] >= QUIET_AFTER,
            latest_check_in=latest_check_ins.get(pair.pk),
        )
        for pair in pairs
    ]


def mentor_rows(programme, now):
    profiles = list(
        MentorProfile.objects.filter(programme=programme, approved_at__isnull=False)
        .select_related("user__profile")
        .order_by("user__profile__display_name")
    )
    taken = Counter(
        Pair.objects.filter(programme=programme, status=Pair.Status.ACTIVE).values_list(
            "mentor_id", flat=True
        )
    )
    waiting = Counter(
        MentorshipRequest.objects.filter(
            programme=programme, status=MentorshipRequest.Status.REQUESTED
        ).values_list("mentor_id", flat=True)
    )
    speed = responsiveness_of([profile.user_id for profile in profiles], now)
    return [
        MentorRow(
            profile=profile,
            taken=taken[profile.user_id],
            request_median=duration(speed[profile.user_id].request_median),
            chat_median=duration(speed[profile.user_id].chat_median),
            open_requests=waiting[profile.user_id],
        )
        for profile in profiles
    ]


def unmatched(programme):
    """Mentees with no active pair, with how many requests they have waiting."""
    paired = Pair.objects.filter(programme=programme, status=Pair.Status.ACTIVE)
    waiting = Counter(
        MentorshipRequest.objects.filter(
            programme=programme, status=MentorshipRequest.Status.REQUESTED
        ).values_list("mentee_id", flat=True)
    )
    profiles = (
        MenteeProfile.objects.filter(programme=programme)
        .exclude(user_id__in=paired.values("mentee_id"))
        .select_related("user__profile")
        .order_by("created_at")
    )
    return [(profile, waiting[profile.user_id]) for profile in profiles]


def feedback_summary(programme):
    entries = list(
        Feedback.objects.filter(pair__programme=programme).select_related(
            "author__profile", "pair__mentor__profile", "pair__mentee__profile"
        )
    )
    ratings = Counter(entry.rating for entry in entries)
    average = sum(entry.rating for entry in entries) / len(entries) if entries else None
    return {
        "entries": entries,
        "count": len(entries),
        "average": average,
        "ratings": [(rating, ratings[rating]) for rating in range(5, 0, -1)],
    }


def programme_dashboard(programme, now=None):
    now = now or timezone.now()
    pairs = pair_rows(programme, now)
    return {
        "pair_rows": pairs,
        "quiet_pairs": [row for row in pairs if row.quiet],
        "active_count": sum(row.pair.is_active for row in pairs),
        "mentor_rows": mentor_rows(programme, now),
        "unmatched": unmatched(programme),
        "feedback": feedback_summary(programme),
    }
