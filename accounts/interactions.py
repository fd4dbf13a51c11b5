"""The peer-interaction log (`accounts.models.Interaction`): who studies with whom.

Verbs of every app write it with `record` (lounge: replies, mentions, direct messages,
reactions; groups: joining a group; later meetups, reviews and pairings), inside their
own transaction so that a verb that rolls back records nothing. Coffee chats and the
community-health view read it with `interactions_of` and `isolated_among`."""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils import timezone

from .blocks import blocked_between_ids
from .models import Interaction, User

Kind = Interaction.Kind


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
            # Peer reviews are anonymous to the reviewed: their side of the log does not
            # list who reviewed them (the reviewer's side and the staff's view do).
            rows = rows.exclude(kind=Kind.REVIEWED)
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
