"""Every write to people, profiles and availability goes through these verbs."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import DomainError

from . import avatars, notifications, realtime
from .models import (
    AvailabilitySlot,
    Block,
    Interest,
    Notification,
    NotificationSettings,
    Profile,
)
from .week_ranges import FREE_TIME


@transaction.atomic
def update_profile(user, form):
    """Save a valid ProfileForm for `user`, turning interest names into shared tags."""
    profile = form.save(commit=False)
    profile.user = user
    profile.time_zone_confirmed = True
    profile.save()
    # Not form.save_m2m(): it would pass the interest *names* to interests.set()
    # as if they were primary keys. Interests are turned into rows below.
    profile.languages.set(form.cleaned_data["languages"])
    profile.learning_languages.set(form.cleaned_data.get("learning_languages", ()))
    interests = [
        Interest.objects.get_or_create(name=name)[0] for name in form.cleaned_data["interests"]
    ]
    profile.interests.set(interests)
    # Free hours are wall-clock hours in the person's zone: a new zone moves them.
    FREE_TIME.refresh([user.pk])
    return profile


def set_interface_language(user, code):
    """The language Commons speaks to `user` in; an unknown code is refused."""
    if code not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {code!r}")
    Profile.objects.filter(user=user).update(interface_language=code)


@transaction.atomic
def update_time_zone(user, zone_name, *, confirmed=True):
    """Set the person's zone; `confirmed=False` when it was only guessed from a browser."""
    Profile.objects.filter(user=user).update(time_zone=zone_name, time_zone_confirmed=confirmed)
    FREE_TIME.refresh([user.pk])


@transaction.atomic
def set_free_hours(user, free_hours):
    """Replace the person's whole week with these (weekday, hour) pairs."""
    AvailabilitySlot.objects.filter(user=user).delete()
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(user=user, weekday=weekday, hour=hour) for weekday, hour in set(free_hours)
    )
    FREE_TIME.refresh([user.pk])


def notify(recipient, kind, *, actor=None, target=None, scope=None, **params):
    """Tell `recipient` something, stored as facts and put into words when read
    (accounts.notifications.KINDS says what each kind says). Called by other apps'
    verbs inside their transaction; the person's pages hear of it after commit.

    `actor` is the person whose act this tells of, so that a block between the two
    hides it. It stays None for news from moderation, which speaks for the moderators
    without naming them and which a block must not silence, and for what happened by
    itself (a seat freed up). `target` is what it is about (its link comes from the
    `url` param); `scope` is what the recipient must still be allowed to see for the
    text to show (the channel of a message, the group of a request).

    Across an existing block nothing is stored (and None is returned), nor for a kind
    the person turned off: hiding at read time covers what came before a block, and
    what never was stored cannot come back on unblocking.
    """
    created = notify_many(
        [(recipient, kind, {"actor": actor, "target": target, "scope": scope, **params})]
    )
    return created[0] if created else None


def notify_many(items):
    """notify() for many at once: `items` are (recipient, kind, fields) with fields as
    notify's keywords. One query for blocks, one for settings, one insert."""
    items = [(r, k, dict(f)) for r, k, f in items if r is not None]
    unknown = {k for _, k, _ in items} - set(notifications.KINDS)
    if unknown:
        raise ValueError(f"Unknown notification kinds: {sorted(unknown)}")
    if not items:
        return []
    recipient_ids = {r.pk for r, _, _ in items}
    actor_ids = {f["actor"].pk for _, _, f in items if f.get("actor") is not None}
    blocked = set()
    if actor_ids:
        blocked = {
            frozenset(pair)
            for pair in Block.objects.filter(
                Q(blocker_id__in=recipient_ids, blocked_id__in=actor_ids)
                | Q(blocker_id__in=actor_ids, blocked_id__in=recipient_ids)
            ).values_list("blocker_id", "blocked_id")
        }
    deliveries = dict(
        NotificationSettings.objects.filter(user_id__in=recipient_ids).values_list(
            "user_id", "deliveries"
        )
    )
    rows = []
    for recipient, kind, fields in items:
        actor, target, scope = (
            fields.pop("actor", None),
            fields.pop("target", None),
            fields.pop("scope", None),
        )
        if actor is not None and (
            actor.pk == recipient.pk or frozenset((recipient.pk, actor.pk)) in blocked
        ):
            continue
        if notifications.delivery_for(deliveries.get(recipient.pk), kind) == notifications.OFF:
            continue
        rows.append(
            Notification(
                recipient=recipient,
                kind=kind,
                actor=actor,
                target_type=ContentType.objects.get_for_model(target)
                if target is not None
                else None,
                target_id=target.pk if target is not None else None,
                scope=notifications.scope_key(scope),
                params=fields,
            )
        )
    created = Notification.objects.bulk_create(rows)
    realtime.notifications_changed({row.recipient_id for row in created}, created)
    return created


def mark_notification_read(user, pk):
    """Mark one of `user`'s notifications read; returns it (None if not theirs)."""
    notification = Notification.objects.for_recipient(user).filter(pk=pk).first()
    if notification is not None and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        realtime.notifications_changed({user.pk})
    return notification


def mark_notifications_read(user, *, kind=None):
    """Mark all of `user`'s unread notifications (of one kind) read."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if kind:
        unread = unread.filter(kind=kind)
    count = unread.update(read_at=timezone.now())
    if count:
        realtime.notifications_changed({user.pk})
    return count


def mark_read_in_scope(user, scope, *, kinds, up_to_seq, params=None):
    """The person read `scope` (a chat) up to `up_to_seq`: what told of it up to there
    (notifications with a `seq` param) is read too, so it is neither counted nor emailed.
    `params` narrows it to notifications with those params (one thread of the chat)."""
    narrower = {f"params__{key}": value for key, value in (params or {}).items()}
    count = Notification.objects.filter(
        recipient=user,
        read_at__isnull=True,
        scope=notifications.scope_key(scope),
        kind__in=kinds,
        params__seq__lte=up_to_seq,
        **narrower,
    ).update(read_at=timezone.now())
    if count:
        realtime.notifications_changed({user.pk})
    return count


def update_notification_settings(user, *, deliveries, quiet_start=None, quiet_end=None):
    """Save the person's choices; only choices that differ from a kind's default are kept."""
    kept = {
        kind: choice
        for kind, choice in deliveries.items()
        if kind in notifications.KINDS and choice != notifications.KINDS[kind].default
    }
    settings_row, _ = NotificationSettings.objects.update_or_create(
        user=user,
        defaults={"deliveries": kept, "quiet_start": quiet_start, "quiet_end": quiet_end},
    )
    return settings_row


@transaction.atomic
def unsubscribe_from_email(user, kinds):
    """Email no more of these kinds (they stay in the app); the one-click link's verb."""
    settings_row, _ = NotificationSettings.objects.select_for_update().get_or_create(user=user)
    for kind in kinds:
        if kind in notifications.KINDS:
            settings_row.deliveries[kind] = notifications.IN_APP
    settings_row.deliveries = {
        kind: choice
        for kind, choice in settings_row.deliveries.items()
        if choice != notifications.KINDS[kind].default
    }
    settings_row.save(update_fields=["deliveries"])
    return settings_row


class CannotBlock(DomainError):
    code = "cannot_block"


def block(actor, person):
    """Block `person` for `actor`; the blocked person is not told."""
    if person.pk == actor.pk:
        raise CannotBlock(gettext("You cannot block yourself."))
    _, created = Block.objects.get_or_create(blocker=actor, blocked=person)
    if created:
        realtime.block_changed(actor, person)


def unblock(actor, person):
    deleted, _ = Block.objects.filter(blocker=actor, blocked=person).delete()
    if deleted:
        realtime.block_changed(actor, person)


@transaction.atomic
def accept_code_of_conduct(user, version):
    Profile.objects.filter(user=user).update(
        conduct_version_accepted=version, conduct_accepted_at=timezone.now()
    )


@transaction.atomic
def set_profile_picture(user, upload, crop=None):
    """Crop (to `crop`, (x, y, side) in the picture's pixels, else around the centre),
    scale and store an uploaded picture as the person's profile picture
    (accounts.avatars); the previous one is deleted once this commits. Raises
    avatars.PictureRefused for anything that is not a picture."""
    sizes = avatars.prepare(upload, crop)
    key = avatars.store(sizes)
    try:
        profile = Profile.objects.select_for_update().get(user=user)
        old = profile.picture
        profile.picture = key
        profile.save(update_fields=["picture", "updated_at"])
    except BaseException:
        avatars.delete(key)
        raise
    avatars.delete_on_commit(old)
    user.profile.picture = key
    return key


@transaction.atomic
def remove_profile_picture(user):
    """Back to initials; the picture's files are deleted once this commits."""
    profile = Profile.objects.select_for_update().get(user=user)
    old = profile.picture
    if old:
        profile.picture = ""
        profile.save(update_fields=["picture", "updated_at"])
        avatars.delete_on_commit(old)
    user.profile.picture = ""
    return bool(old)
