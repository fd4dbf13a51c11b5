"""Site-wide moderation: the audit log, warnings, site-wide mutes and bans.

Every moderator action in every app is recorded with `record_action`, which
refuses an action without a reason. Channel-level moderation lives in lounge.
"""

from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .actions import notify
from .models import ModerationAction, SiteRestriction
from .notifications import until_param
from .permissions import is_site_moderator

# The bounds of every timed mute, site-wide or in one channel (lounge uses them too).
MIN_RESTRICTION_MINUTES = 10
MAX_MUTE_DAYS = 28
MIN_RESTRICTION = timedelta(minutes=MIN_RESTRICTION_MINUTES)
MAX_MUTE = timedelta(days=MAX_MUTE_DAYS)
MAX_REASON_LENGTH = 2000


class ModerationError(DomainError):
    """A moderation action that cannot be taken; the message is shown to the moderator."""

    code = "moderation_error"


class ReasonRequired(ModerationError):
    code = "reason_required"
    default_message = _("Give a reason: every moderation action is recorded with one.")


class NotAllowed(ModerationError):
    code = "forbidden"


def clean_reason(reason):
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise ReasonRequired()
    if len(reason) > MAX_REASON_LENGTH:
        raise ModerationError(
            gettext("Keep the reason under %(limit)s characters.")
            % {"limit": f"{MAX_REASON_LENGTH:,}"}
        )
    return reason


def record_action(actor, action, *, reason, target_user=None, target=None, details=None):
    """Write one audit-log row. `actor` None means an automatic action."""
    entry = ModerationAction(
        actor=actor,
        action=action,
        reason=clean_reason(reason),
        target_user=target_user,
        details=details or {},
    )
    if target is not None:
        entry.target_type = ContentType.objects.get_for_model(target)
        entry.target_id = target.pk
        entry.target_label = str(target)[:200]
    entry.save()
    return entry


def clean_duration(duration, *, maximum=MAX_MUTE):
    """Durations run from 10 minutes to `maximum`; None means "until lifted" (bans only)."""
    if duration is None:
        return None
    if not isinstance(duration, timedelta) or duration < MIN_RESTRICTION:
        raise ModerationError(
            gettext("A mute or ban lasts at least %(count)s minutes.")
            % {"count": MIN_RESTRICTION_MINUTES}
        )
    if maximum is not None and duration > maximum:
        raise ModerationError(
            gettext("A mute lasts at most %(count)s days.") % {"count": MAX_MUTE_DAYS}
        )
    return duration


def active_restriction(user, kind):
    now = timezone.now()
    for restriction in SiteRestriction.objects.filter(user=user, kind=kind, lifted_at__isnull=True):
        if restriction.is_active(now):
            return restriction
    return None


def site_mute_until(user):
    """When `user`'s site-wide mute ends (datetime.max for one without an end), else None."""
    restriction = active_restriction(user, SiteRestriction.Kind.MUTE)
    if restriction is None:
        return None
    return restriction.until or timezone.now().replace(year=9999)


@transaction.atomic
def restrict_site(actor, person, *, kind, duration, reason):
    """Mute `person` site-wide (10 min to 28 days) or ban them (until lifted by default)."""
    if not is_site_moderator(actor):
        raise NotAllowed(gettext("Only site moderators can mute or ban people site-wide."))
    if person.pk == actor.pk:
        raise ModerationError(gettext("You cannot restrict yourself."))
    if kind not in SiteRestriction.Kind.values:
        raise ModerationError(gettext("Choose a mute or a ban."))
    if kind == SiteRestriction.Kind.MUTE and duration is None:
        raise ModerationError(gettext("A site-wide mute needs a duration."))
    reason = clean_reason(reason)
    duration = clean_duration(duration, maximum=MAX_MUTE if kind == "mute" else None)
    until = timezone.now() + duration if duration else None
    restriction = SiteRestriction.objects.create(
        user=person, kind=kind, until=until, reason=reason, created_by=actor
    )
    if kind == SiteRestriction.Kind.BAN:
        # Inactive accounts cannot sign in, and open sockets are closed by the lounge.
        person.is_active = False
        person.save(update_fields=["is_active"])
    record_action(
        actor,
        f"site_{kind}",
        reason=reason,
        target_user=person,
        details={"until": until.isoformat() if until else None},
    )
    if kind == SiteRestriction.Kind.MUTE:
        notify(person, "site_muted", until=until_param(until))
    return restriction


@transaction.atomic
def lift_restriction(actor, restriction, *, reason):
    if not is_site_moderator(actor):
        raise NotAllowed(gettext("Only site moderators can lift restrictions."))
    reason = clean_reason(reason)
    restriction.lifted_at = timezone.now()
    restriction.save(update_fields=["lifted_at"])
    if restriction.kind == SiteRestriction.Kind.BAN:
        restriction.user.is_active = True
        restriction.user.save(update_fields=["is_active"])
    record_action(actor, f"lift_{restriction.kind}", reason=reason, target_user=restriction.user)


@transaction.atomic
def warn(actor, person, *, reason, may_act=None):
    """Warn `person`: they see the warning (not who sent it). `may_act` lets an app's
    verb vouch that `actor` moderates where the problem happened (a course moderator)."""
    if not (is_site_moderator(actor) or may_act):
        raise NotAllowed(gettext("Only moderators can warn people."))
    reason = clean_reason(reason)
    notify(person, "warning", reason=reason)
    return record_action(actor, "warn", reason=reason, target_user=person)


# The audit log's action codes in words, for the admin and the moderation queue. A code
# missing here is shown as it is written (underscores as spaces).
ACTION_NAMES = {
    "warn": _("Warned"),
    # Actions taken, like the rest ("Muted someone site-wide"), unlike the same words
    # naming a restriction's kind.
    "site_mute": pgettext_lazy("moderation log", "Muted site-wide"),
    "site_ban": pgettext_lazy("moderation log", "Banned"),
    "lift_mute": _("Lifted a site-wide mute"),
    "lift_ban": _("Lifted a ban"),
    "hide_message": _("Hid a message"),
    "approve_message": _("Approved a message"),
    "reject_message": _("Rejected a message"),
    "channel_mute": _("Muted in a channel"),
    "lift_channel_mute": _("Lifted a channel mute"),
    "lock_channel": _("Locked a channel"),
    "unlock_channel": _("Unlocked a channel"),
    "slow_mode": _("Set slow mode"),
    "archive_channel": _("Archived a channel"),
    "unarchive_channel": _("Brought back a channel"),
    "action_report": _("Acted on a report"),
    "dismiss_report": _("Dismissed a report"),
    "handle_report": _("Closed a concern as handled"),
    "edit_meetup": _("Edited a meetup"),
    "cancel_meetup": _("Cancelled a meetup"),
    "skip_meetup_date": _("Called off a meetup date"),
    "remove_from_group": _("Removed from a study group"),
    "archive_group": _("Archived a study group"),
    "remove_from_course": _("Removed from a course"),
}


def action_name(code):
    return ACTION_NAMES.get(code) or code.replace("_", " ").capitalize()


def _length_in_words(length):
    minutes = round(length.total_seconds() / 60)
    units = (
        (60 * 24, lambda n: ngettext("%(count)s day", "%(count)s days", n)),
        (60, lambda n: ngettext("%(count)s hour", "%(count)s hours", n)),
        (1, lambda n: ngettext("%(count)s minute", "%(count)s minutes", n)),
    )
    for unit_minutes, words in units:
        if minutes >= unit_minutes and minutes % unit_minutes == 0 or unit_minutes == 1:
            count = minutes // unit_minutes
            return words(count) % {"count": count}
    return ""


def restriction_length(entry):
    """How long a mute or ban in the audit log lasts, in words ("1 hour", "28 days",
    "until lifted"); "" for an entry that is not a mute or ban."""
    if entry.action not in ("site_mute", "site_ban", "channel_mute"):
        return ""
    until = (entry.details or {}).get("until")
    if not until:
        return gettext("until lifted")
    try:
        ends = datetime.fromisoformat(until)
    except (TypeError, ValueError):
        return ""
    # Written when the action was taken: its length is from then to the end.
    length = ends - entry.created_at
    return _length_in_words(timedelta(minutes=round(length.total_seconds() / 60)))
