"""Every write to people, profiles and availability goes through these verbs."""

from django.db import transaction
from django.utils import timezone

from core.errors import DomainError

from . import realtime
from .blocks import is_blocked_between
from .models import AvailabilitySlot, Block, Interest, Notification, Profile


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
    interests = [
        Interest.objects.get_or_create(name=name)[0] for name in form.cleaned_data["interests"]
    ]
    profile.interests.set(interests)
    return profile


def update_time_zone(user, zone_name, *, confirmed=True):
    """Set the person's zone; `confirmed=False` when it was only guessed from a browser."""
    Profile.objects.filter(user=user).update(time_zone=zone_name, time_zone_confirmed=confirmed)


@transaction.atomic
def toggle_free_hour(user, weekday, hour):
    """Flip one wall-clock hour of the person's week; returns True when it is now free."""
    deleted, _ = AvailabilitySlot.objects.filter(user=user, weekday=weekday, hour=hour).delete()
    if deleted:
        return False
    AvailabilitySlot.objects.get_or_create(user=user, weekday=weekday, hour=hour)
    return True


@transaction.atomic
def set_free_hours(user, free_hours):
    """Replace the person's whole week with these (weekday, hour) pairs."""
    AvailabilitySlot.objects.filter(user=user).delete()
    AvailabilitySlot.objects.bulk_create(
        AvailabilitySlot(user=user, weekday=weekday, hour=hour) for weekday, hour in set(free_hours)
    )


def notify(user, text, url="", *, actor=None):
    """Tell a person something in-app; shown on home and counted in the header.

    `actor` is the person whose act this tells of (an invitation, a request, its
    answer), so that a block between the two hides it. It stays None for news from
    moderation, which speaks for the moderators without naming them and which a block
    must not silence, and for what happened by itself (a seat freed up).

    Across an existing block nothing is stored (and None is returned): hiding at read
    time covers what came before a block, and what never was stored cannot come back
    on unblocking.
    """
    if actor is not None and is_blocked_between(user, actor):
        return None
    return Notification.objects.create(user=user, actor=actor, text=text[:300], url=url)


def mark_notifications_read(user):
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


class CannotBlock(DomainError):
    code = "cannot_block"


def block(actor, person):
    """Block `person` for `actor`; the blocked person is not told."""
    if person.pk == actor.pk:
        raise CannotBlock("You cannot block yourself.")
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
