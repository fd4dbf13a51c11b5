"""What a moderator can do from a report's page in the moderation queue: each action
has a label, a form (a reason, and a duration or seconds where it applies), a test of
whether it applies to the report, and a function that calls the verbs."""

from datetime import timedelta

from django.utils.translation import gettext as _

from accounts import moderation as site
from accounts.admin_actions import ReasonForm
from groups import actions as group_actions
from groups.models import StudyGroup
from lounge import actions, permissions
from lounge.admin.base import MuteForm, SlowModeForm
from lounge.meetups import actions as meetup_actions
from lounge.meetups.models import Meetup
from lounge.models import Message, Report

# Site-wide mutes and bans are for site moderators; course moderators act in their channels.
SITE_MODERATOR_ACTIONS = {"mute_site", "ban"}


def may_offer(user, action):
    """Whether `user` is offered `action` on a report's page."""
    return action not in SITE_MODERATOR_ACTIONS or site.is_site_moderator(user)


class ReportActions:
    """What a moderator can do from a report's page. Each: (label, form, applies, run)."""

    @staticmethod
    def specs():
        return {
            "hide": (_("Hide the message"), ReasonForm, _is_message_report, _hide),
            "dismiss": (_("Dismiss the report"), ReasonForm, lambda r: True, _dismiss),
            "handled": (
                _("Close: reached out, handled"),
                ReasonForm,
                lambda r: r.reason == Report.Reason.SELF_HARM,
                _handled,
            ),
            "warn": (_("Warn the person"), ReasonForm, _has_person, _warn),
            "mute_channel": (
                _("Mute in the channel"),
                MuteForm,
                lambda r: _has_person(r) and r.channel_id,
                _mute_channel,
            ),
            "mute_site": (_("Mute site-wide"), MuteForm, _has_person, _mute_site),
            "ban": (_("Ban from the community"), ReasonForm, _has_person, _ban),
            "lock": (_("Lock the channel"), ReasonForm, lambda r: r.channel_id, _lock),
            "slow_mode": (_("Set slow mode"), SlowModeForm, lambda r: r.channel_id, _slow_mode),
            "archive_group": (
                _("Archive the study group"),
                ReasonForm,
                _is_active_group_report,
                _archive_group,
            ),
            "cancel_meetup": (
                _("Cancel the meetup"),
                ReasonForm,
                _is_active_meetup_report,
                _cancel_meetup,
            ),
        }


def _is_message_report(report):
    return isinstance(report.target, Message) and not report.target.is_hidden


def _is_active_group_report(report):
    return isinstance(report.target, StudyGroup) and not report.target.is_archived


def _is_active_meetup_report(report):
    return isinstance(report.target, Meetup) and not report.target.is_cancelled


def _has_person(report):
    return report.reported_user_id is not None


def _hide(actor, report, data):
    actions.hide_message(actor, report.target, data["reason"])
    return _("The message is hidden.")


def _dismiss(actor, report, data):
    actions.resolve_report(actor, report, outcome="dismissed", reason=data["reason"])
    return _("Report dismissed.")


def _handled(actor, report, data):
    actions.resolve_report(actor, report, outcome="handled", reason=data["reason"])
    return _("Report closed as handled; the reporter is thanked.")


def _warn(actor, report, data):
    site.warn(
        actor,
        report.reported_user,
        reason=data["reason"],
        may_act=permissions.can_moderate_report(actor, report),
    )
    return _("%(person)s has been warned.") % {"person": report.reported_user}


def _minutes(data):
    return timedelta(minutes=data["duration_minutes"])


def _mute_channel(actor, report, data):
    mute = actions.mute_in_channel(
        actor, report.channel, report.reported_user, _minutes(data), data["reason"]
    )
    until = f"{mute.until:%Y-%m-%d %H:%M} UTC"
    return _("%(person)s is muted in %(channel)s until %(until)s.") % {
        "person": report.reported_user,
        "channel": report.channel.label,
        "until": until,
    }


def _mute_site(actor, report, data):
    site.restrict_site(
        actor, report.reported_user, kind="mute", duration=_minutes(data), reason=data["reason"]
    )
    return _("%(person)s is muted site-wide.") % {"person": report.reported_user}


def _ban(actor, report, data):
    site.restrict_site(
        actor, report.reported_user, kind="ban", duration=None, reason=data["reason"]
    )
    return _("%(person)s is banned.") % {"person": report.reported_user}


def _lock(actor, report, data):
    actions.lock_channel(actor, report.channel, data["reason"])
    return _("%(channel)s is locked.") % {"channel": report.channel.label}


def _slow_mode(actor, report, data):
    actions.set_slow_mode(actor, report.channel, data["seconds"], data["reason"])
    return _("Slow mode set on %(channel)s.") % {"channel": report.channel.label}


def _archive_group(actor, report, data):
    group_actions.archive_group(actor, report.target, reason=data["reason"])
    return _("%(group)s is archived: read-only and hidden from browsing.") % {
        "group": report.target.name
    }


def _cancel_meetup(actor, report, data):
    meetup_actions.cancel_meetup(actor, report.target, reason=data["reason"])
    return _("%(meetup)s is cancelled; those going were told.") % {"meetup": report.target.title}
