"""The peer-interaction log (`accounts.models.Interaction`): who studies with whom.

Verbs of every app write it with `record` (lounge: replies, mentions, direct messages,
reactions; groups: joining a group; later meetups, reviews and pairings), inside their
own transaction so that a verb that rolls back records nothing. Coffee chats and the
community-health view read it with `interactions_of` and `isolated_among`."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, Max, Q, When
from django.utils import timezone
from django.utils.translation import ngettext_lazy

from .blocks import blocked_between_ids
from .models import Interaction, User

Kind = Interaction.Kind

# Peer reviews are anonymous to the reviewed: their side of the log does not list who
# reviewed them (the reviewer's side and the staff's view do).
ANONYMOUS_TO_THE_OTHER = (Kind.REVIEWED,)


def record(person, others, kind, target=None):
    """Appends one row per person in `others` (users or ids) with whom `person` did
    `kind` at `target`. Skips `person` themself and anyone with a block between them,
    either way round. Returns the rows written."""
    return record_many([(person, others, kind, target)])


def record_many(rows):
    """`record` for several kinds at once in one insert (a message that replies and
    mentions): `rows` are (person, others, kind, target) tuples sharing one `person`."""
    rows = list(rows)
    if not rows:
        return []
    person = rows[0][0]
    everyone = {getattr(other, "pk", other) for _, others, _, _ in rows for other in others}
    if not everyone - {person.pk, None}:
        return []  # a message to nobody in particular costs no query
    blocked = blocked_between_ids(person) & everyone
    now = timezone.now()
    written = [
        Interaction(
            person=person,
            other_id=other_id,
            kind=kind,
            target_type=ContentType.objects.get_for_model(target) if target is not None else None,
            target_id=target.pk if target is not None else None,
            created_at=now,
        )
        for _, others, kind, target in rows
        for other_id in sorted({getattr(other, "pk", other) for other in others})
        if other_id not in (person.pk, None) and other_id not in blocked
    ]
    return Interaction.objects.bulk_create(written)


def interactions_of(person, since):
    """Whom `person` has interacted with since `since`, either way round, and how often:
    [(user, count)], most often first. People with a block between them are left out
    (the block may have come later)."""
    recent = Interaction.objects.filter(created_at__gte=since)
    counts = Counter()
    for side, other_side in [("person", "other_id"), ("other", "person_id")]:
        rows = recent.filter(**{side: person})
        if side == "other":
            rows = rows.exclude(kind__in=ANONYMOUS_TO_THE_OTHER)
        rows = rows.values(other_side).annotate(n=Count("id"))
        for row in rows.order_by():
            counts[row[other_side]] += row["n"]
    for blocked in blocked_between_ids(person):
        counts.pop(blocked, None)
    people = User.objects.select_related("profile").in_bulk(counts)
    return [(people[pk], n) for pk, n in counts.most_common() if pk in people]


def isolated_among(people, since, staff_ids=(), ignoring_kinds=()):
    """Ids of those in `people` (users or ids) with no interaction with a peer since
    `since`: talking only with the course's staff (`staff_ids`) still leaves a student
    alone among peers. Kinds in `ignoring_kinds` do not count (coffee chats ignore
    `paired`: being paired by a round is not yet talking to anyone). Two queries,
    whatever the size of the set."""
    ids = {getattr(person, "pk", person) for person in people}
    staff_ids = set(staff_ids)
    recent = Interaction.objects.filter(created_at__gte=since).exclude(kind__in=ignoring_kinds)
    acted = recent.filter(person_id__in=ids).exclude(other_id__in=staff_ids)
    received = recent.filter(other_id__in=ids).exclude(person_id__in=staff_ids)
    connected = set(acted.values_list("person_id", flat=True).distinct()) | set(
        received.values_list("other_id", flat=True).distinct()
    )
    return ids - connected


@dataclass
class SharedHistory:
    """What `person` did with one other person: how many times of each kind, and when
    they last interacted."""

    person: User
    last_at: datetime
    times: dict = field(default_factory=dict)  # Kind -> how many times

    @property
    def total(self):
        return sum(self.times.values())

    @property
    def in_words(self):
        """The kinds in plain words, in the log's order: ["3 replies", "met once"]."""
        return [
            TIMES_IN_WORDS[kind] % {"count": self.times[kind]}
            for kind in Kind
            if kind in self.times
        ]


def history_with_each(person, since):
    """[SharedHistory] of everyone `person` has interacted with since `since`, either
    way round, most often first. A time is one message, meetup, group or pairing:
    a meetup that both sides logged counts once. People with a block between them are
    left out (the block may have come later), and the reviewed never learn who
    reviewed them. Three queries, whatever the number of people or rows."""
    peer = Case(When(person=person, then=F("other_id")), default=F("person_id"))
    rows = (
        Interaction.objects.filter(created_at__gte=since)
        .filter(Q(person=person) | (Q(other=person) & ~Q(kind__in=ANONYMOUS_TO_THE_OTHER)))
        .annotate(peer=peer)
        .values("peer", "kind")
        .annotate(
            rows=Count("id"),
            targets=Count("target_id", distinct=True),
            last_at=Max("created_at"),
        )
        .order_by()
    )
    blocked = blocked_between_ids(person)
    found = {}
    for row in rows:
        if row["peer"] in blocked:
            continue
        history = found.setdefault(row["peer"], SharedHistory(None, row["last_at"]))
        # Rows without a target (none are written today) count one time each.
        history.times[row["kind"]] = row["targets"] or row["rows"]
        history.last_at = max(history.last_at, row["last_at"])
    people = User.objects.select_related("profile").in_bulk(found)
    histories = []
    for pk, history in found.items():
        if pk in people:
            history.person = people[pk]
            histories.append(history)
    return sorted(histories, key=lambda h: (-h.total, -h.last_at.timestamp(), h.person.pk))


# What one kind of interaction with someone looks like in words; a count picks the
# plural (ngettext_lazy with a named number).
TIMES_IN_WORDS = {
    Kind.REPLIED: ngettext_lazy("%(count)d reply", "%(count)d replies", "count"),
    Kind.MENTIONED: ngettext_lazy("%(count)d mention", "%(count)d mentions", "count"),
    Kind.MESSAGED: ngettext_lazy("%(count)d direct message", "%(count)d direct messages", "count"),
    Kind.REACTED: ngettext_lazy("%(count)d reaction", "%(count)d reactions", "count"),
    Kind.SAME_GROUP: ngettext_lazy(
        "in a study group together", "in %(count)d study groups together", "count"
    ),
    Kind.MET: ngettext_lazy("met once", "met %(count)d times", "count"),
    Kind.THANKED: ngettext_lazy("%(count)d kudos", "%(count)d kudos", "count"),
    Kind.PAIRED: ngettext_lazy("paired up once", "paired up %(count)d times", "count"),
    Kind.REVIEWED: ngettext_lazy(
        "you reviewed their work", "you reviewed their work %(count)d times", "count"
    ),
    Kind.TEAMMATE: ngettext_lazy("in a team together", "in %(count)d teams together", "count"),
}
# A kind added later reads plainly until it has words of its own.
SOME_TIMES = ngettext_lazy("interacted once", "interacted %(count)d times", "count")
