"""How quickly mentors answer: the median time to a first answer to a request, and the
median time in a pair's chat from a mentee's message to the mentor's next one.

Both are read from what is stored (requests, lounge messages of the pairs' chats) over
the last LOOKBACK, across every programme: answering is a habit of the person. An
expired request counts as an answer that took until it expired, a lower bound that
keeps silence from looking quick. Organisers see the numbers; a mentee choosing a
mentor sees only a band ("usually replies within a day"), and nothing until there are
MIN_SAMPLES replies to go by."""

from dataclasses import dataclass, field
from datetime import timedelta
from statistics import median

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lounge.models import Channel, Message

from .models import MentorshipRequest, Pair

LOOKBACK = timedelta(days=180)
MIN_SAMPLES = 2
BANDS = [
    (timedelta(hours=1), gettext_lazy("usually replies within an hour")),
    (timedelta(hours=6), gettext_lazy("usually replies within a few hours")),
    (timedelta(days=1), gettext_lazy("usually replies within a day")),
    (timedelta(days=3), gettext_lazy("usually replies within a few days")),
]
SLOW_BAND = gettext_lazy("often takes more than a few days to reply")


@dataclass
class Responsiveness:
    request_delays: list = field(default_factory=list)
    chat_delays: list = field(default_factory=list)

    @property
    def request_median(self):
        return median(self.request_delays) if self.request_delays else None

    @property
    def chat_median(self):
        return median(self.chat_delays) if self.chat_delays else None

    @property
    def overall_median(self):
        delays = self.request_delays + self.chat_delays
        return median(delays) if len(delays) >= MIN_SAMPLES else None

    @property
    def band(self):
        """The phrase a mentee sees, or "" with too little to go by."""
        typical = self.overall_median
        if typical is None:
            return ""
        for limit, phrase in BANDS:
            if typical <= limit:
                return phrase
        return SLOW_BAND


def _request_delays(mentor_ids, since, into):
    answered = {MentorshipRequest.Status.ACCEPTED, MentorshipRequest.Status.DECLINED}
    rows = MentorshipRequest.objects.filter(
        mentor_id__in=mentor_ids,
        created_at__gte=since,
        status__in=[*answered, MentorshipRequest.Status.EXPIRED],
        answered_at__isnull=False,
    ).values_list("mentor_id", "created_at", "answered_at")
    for mentor_id, asked, answered_at in rows:
        into[mentor_id].request_delays.append(max(answered_at - asked, timedelta()))


def chat_reply_delays(messages, mentor_id, mentee_id):
    """From (author id, sent at) in time order: how long each run of the mentee's
    messages waited for the mentor's next message. A run still unanswered is left out
    (it may be answered yet)."""
    delays, waiting_since = [], None
    for author_id, sent_at in messages:
        if author_id == mentee_id and waiting_since is None:
            waiting_since = sent_at
        elif author_id == mentor_id and waiting_since is not None:
            delays.append(sent_at - waiting_since)
            waiting_since = None
    return delays


def _chat_delays(mentor_ids, since, into):
    pairs = {
        pair_id: (mentor_id, mentee_id)
        for pair_id, mentor_id, mentee_id in Pair.objects.filter(
            mentor_id__in=mentor_ids
        ).values_list("id", "mentor_id", "mentee_id")
    }
    if not pairs:
        return
    channels = dict(
        Channel.objects.filter(
            owner_type=ContentType.objects.get_for_model(Pair),
            owner_id__in=pairs,
            kind=Channel.Kind.MENTORSHIP,
        ).values_list("id", "owner_id")
    )
    by_channel = {}
    rows = (
        Message.objects.filter(channel_id__in=channels, created_at__gte=since, pending=False)
        .order_by("channel_id", "created_at", "id")
        .values_list("channel_id", "author_id", "created_at")
    )
    for channel_id, author_id, sent_at in rows:
        by_channel.setdefault(channel_id, []).append((author_id, sent_at))
    for channel_id, messages in by_channel.items():
        mentor_id, mentee_id = pairs[channels[channel_id]]
        into[mentor_id].chat_delays.extend(chat_reply_delays(messages, mentor_id, mentee_id))


def responsiveness_of(mentor_ids, now=None):
    """{mentor id: Responsiveness} for these people, in three queries."""
    now = now or timezone.now()
    since = now - LOOKBACK
    result = {mentor_id: Responsiveness() for mentor_id in mentor_ids}
    if result:
        _request_delays(list(result), since, result)
        _chat_delays(list(result), since, result)
    return result


def duration(delta):
    """A median for organisers: "40 min", "5 h", "2.5 days"; "–" when unknown."""
    if delta is None:
        return "–"
    minutes = delta.total_seconds() / 60
    if minutes < 90:
        return _("%(minutes)s min") % {"minutes": max(1, round(minutes))}
    hours = minutes / 60
    if hours < 36:
        return _("%(hours)s h") % {"hours": f"{hours:.0f}"}
    return _("%(days)s days") % {"days": number_format(hours / 24, 1)}
