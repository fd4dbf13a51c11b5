"""Notification email: at once (batched) and in digests, each with one-click unsubscribe.

Two plain functions, called by the periodic-job runner (they are idempotent: what was
emailed is marked, so a run that repeats or comes late sends nothing twice):

- `send_due_emails(now)`: for people who chose "email at once". A person's unread,
  un-emailed notifications wait until none has come for BATCH_QUIET (or the first has
  waited BATCH_MAX_WAIT), so a burst of mentions or DMs becomes one email; what they
  read in the app meanwhile is left out; during their quiet hours everything waits.
- `send_digests(now, period)`: "daily" or "weekly", grouped by where it happened (a
  channel, a group, a course). A person gets one when their last one of that period
  is at least a period old (less an hour of slack for a runner that fires a little
  early) and they are outside their quiet hours.

Both read in a constant number of queries per chunk of people, never one per person.
"""

from collections import defaultdict
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Block, Notification, NotificationSettings
from .notifications import (
    DAILY,
    IMMEDIATE,
    KINDS,
    WEEKLY,
    delivery_for,
    in_quiet_hours,
    render_one,
    visible_pairs,
)
from .templatetags.commons_time import format_local
from .timezones import get_zone

BATCH_QUIET = timedelta(minutes=3)
BATCH_MAX_WAIT = timedelta(minutes=15)
NOT_EMAILED_AFTER = timedelta(days=14)  # older news is left to the app
PERIODS = {DAILY: timedelta(days=1), WEEKLY: timedelta(days=7)}
PERIOD_SLACK = timedelta(hours=1)
CHUNK = 1000  # people per round of queries
UNSUBSCRIBE_SALT = "accounts.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)


def unsubscribe_token(user, kinds):
    return signing.dumps({"u": user.pk, "k": sorted(kinds)}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(user, kinds) from a token this site signed within UNSUBSCRIBE_MAX_AGE; None for
    a forged, tampered, expired or malformed one."""
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
        kinds = [kind for kind in data["k"] if kind in KINDS]
        user = get_user_model().objects.filter(pk=int(data["u"])).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    if user is None or not kinds:
        return None
    return user, kinds


def _pending():
    """Unread, un-emailed notifications not hidden by a block between the two people."""
    blocks = Block.objects.filter(
        Q(blocker=OuterRef("recipient"), blocked=OuterRef("actor"))
        | Q(blocker=OuterRef("actor"), blocked=OuterRef("recipient"))
    )
    return Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True).exclude(
        Exists(blocks)
    )


def _chunks(items, size=CHUNK):
    items = iter(items)
    while chunk := list(islice(items, size)):
        yield chunk


def _people(user_ids):
    """{user id: NotificationSettings (unsaved when the person has none)} with user and
    profile loaded: two queries."""
    from django.contrib.auth import get_user_model

    users = (
        get_user_model().objects.filter(pk__in=user_ids, is_active=True).select_related("profile")
    )
    rows = {row.user_id: row for row in NotificationSettings.objects.filter(user_id__in=user_ids)}
    people = {}
    for user in users:
        row = rows.get(user.pk) or NotificationSettings(user_id=user.pk)
        row.user = user
        people[user.pk] = row
    return people


def _absolute(path):
    return settings.SITE_URL.rstrip("/") + path


def _local(moment, zone):
    return format_local(moment.astimezone(zone), "short")


def language_of(user):
    """The language a person reads Commons in, for what is sent to them."""
    return user.profile.interface_language or settings.LANGUAGE_CODE


class _Links:
    """The site's links every email carries, reversed once per run, not per email."""

    def __init__(self):
        self.unsubscribe = _absolute(reverse("notifications:unsubscribe", args=["TOKEN"]))
        self.settings = _absolute(reverse("notifications:preferences"))
        self.all = _absolute(reverse("notifications:index"))

    def unsubscribe_for(self, user, kinds):
        return self.unsubscribe.replace("TOKEN", unsubscribe_token(user, kinds))


def _message(person, subject, rendered, kinds, links, *, digest_groups=None):
    user = person.user
    zone = get_zone(user.profile.time_zone)
    unsubscribe_url = links.unsubscribe_for(user, kinds)
    context = {
        "person": user,
        "items": [
            {
                "html": item.html,
                "text": item.text,
                "url": _absolute(item.url) if item.url else "",
                # Formatted here: the template's date filter would use the active zone.
                "at": _local(item.notification.created_at, zone),
                "label": item.label,
            }
            for item in rendered
        ],
        "groups": digest_groups,
        "zone": zone.key,
        "unsubscribe_url": unsubscribe_url,
        "kind_links": [
            (
                # Within a sentence ("Stop email about requests to join groups I
                # organise"): only the label's first letter is lowered.
                _first_letter_lowered(str(KINDS[kind].label)),
                unsubscribe_url if len(kinds) == 1 else links.unsubscribe_for(user, [kind]),
            )
            for kind in kinds
        ],
        "settings_url": links.settings,
        "all_url": links.all,
    }
    if digest_groups is not None:
        for group in digest_groups:
            group["items"] = [context["items"][i] for i in group["indexes"]]
    message = EmailMultiAlternatives(
        subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body=render_to_string("accounts/email/notifications.txt", context),
        to=[user.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(
        render_to_string("accounts/email/notifications.html", context), "text/html"
    )
    return message


def _send(messages):
    if messages:
        mailers.default.send_messages(messages)


def send_due_emails(now):
    """Send every "email at once" batch that is due at `now`; returns emails sent."""
    candidates = defaultdict(list)
    for row in (
        _pending()
        .filter(created_at__gte=now - NOT_EMAILED_AFTER)
        .values_list("pk", "recipient_id", "kind", "created_at")
    ):
        candidates[row[1]].append(row)
    sent = 0
    for user_ids in _chunks(candidates):
        people = _people(user_ids)
        due = []
        for user_id in user_ids:
            person = people.get(user_id)
            if person is None or not person.user.email:
                continue
            rows = [
                r for r in candidates[user_id] if delivery_for(person.deliveries, r[2]) == IMMEDIATE
            ]
            if not rows:
                continue
            newest, oldest = max(r[3] for r in rows), min(r[3] for r in rows)
            if now - newest < BATCH_QUIET and now - oldest < BATCH_MAX_WAIT:
                continue  # the burst may go on
            if in_quiet_hours(person, now):
                continue
            due.extend(r[0] for r in rows)
        sent += _email_batches(people, due, now)
    return sent


def _email_batches(people, ids, now, *, period=None):
    if not ids:
        return 0
    notifications = list(
        Notification.objects.filter(pk__in=ids)
        .select_related("actor__profile")
        .order_by("created_at", "pk")
    )
    visible = visible_pairs(notifications)
    by_person = defaultdict(list)
    for notification in notifications:
        by_person[notification.recipient_id].append(notification)
    messages, links = [], _Links()
    for user_id, mine in by_person.items():
        person = people[user_id]
        # Written in the recipient's language, whoever's request or job is running.
        with translation.override(language_of(person.user)):
            message = _email_for(person, mine, visible, links, period)
        if message is not None:
            messages.append(message)
    _send(messages)
    Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    return len(messages)


def _email_for(person, mine, visible, links, period):
    """One email to `person` about their notifications `mine`, or None when nothing in
    it may still be shown to them."""
    zone = get_zone(person.user.profile.time_zone)
    # What the person may no longer see is not emailed at all (it is marked
    # emailed by the caller all the same, so it does not wait for ever).
    rendered = [item for item in (render_one(n, zone, visible) for n in mine) if not item.hidden]
    if not rendered:
        return None
    kinds = sorted({item.notification.kind for item in rendered})
    if period is None:
        subject = (
            rendered[0].text
            if len(rendered) == 1
            else ngettext(
                "%(count)d new notification", "%(count)d new notifications", len(rendered)
            )
            % {"count": len(rendered)}
        )
        return _message(person, subject[:120], rendered, kinds, links)
    places = defaultdict(list)
    for index, item in enumerate(rendered):
        place = (
            ""
            if item.hidden
            else item.notification.params.get("place") or item.notification.params.get("group", "")
        )
        places[place].append(index)
    groups = [
        {"place": place or _("Elsewhere"), "indexes": indexes}
        for place, indexes in sorted(places.items(), key=lambda p: (p[0] == "", p[0]))
    ]
    label = _("Your daily digest") if period == DAILY else _("Your weekly digest")
    return _message(person, label, rendered, kinds, links, digest_groups=groups)


def send_digests(now, period):
    """Send the `period` ("daily" or "weekly") digests due at `now`; returns emails sent."""
    every = PERIODS[period]
    last_field = "last_daily_digest_at" if period == DAILY else "last_weekly_digest_at"
    candidates = defaultdict(list)
    for pk, recipient_id, kind in (
        _pending()
        .filter(created_at__gte=now - NOT_EMAILED_AFTER - every)
        .values_list("pk", "recipient_id", "kind")
        .iterator(chunk_size=5000)
    ):
        candidates[recipient_id].append((pk, kind))
    sent = 0
    for user_ids in _chunks(candidates):
        people = _people(user_ids)
        due, told = [], []
        for user_id in user_ids:
            person = people.get(user_id)
            if person is None or not person.user.email:
                continue
            last = getattr(person, last_field)
            if last is not None and now - last < every - PERIOD_SLACK:
                continue
            ids = [
                pk
                for pk, kind in candidates[user_id]
                if delivery_for(person.deliveries, kind) == period
            ]
            if not ids or in_quiet_hours(person, now):
                continue
            due.extend(ids)
            told.append(person)
        sent += _email_batches(people, due, now, period=period)
        for person in told:
            setattr(person, last_field, now)
        NotificationSettings.objects.bulk_create(
            told,
            update_conflicts=True,
            unique_fields=["user"],
            update_fields=[last_field],
        )
    return sent


def _first_letter_lowered(text):
    return text[:1].lower() + text[1:]
