"""Reports: anyone signed in asks the moderators to look at a message, a person or any
object; a moderator resolves the report, and the reporter is told the outcome."""

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import moderation as site
from accounts.actions import notify

from .. import permissions
from ..errors import InvalidInput, NotAllowed, NotFound
from ..models import MAX_REPORT_NOTE_LENGTH, Message, Report
from .moderation import clean_reason

# Stored in English and translated where the reporter reads it (lounge/reports.html), so
# each reporter reads it in their own language, whatever the moderator's.
OUTCOME_TEXT = {
    Report.Status.DISMISSED: gettext_noop(
        "A moderator reviewed your report and found no breach of the code of conduct. "
        "Thank you for telling us."
    ),
    Report.Status.ACTIONED: gettext_noop(
        "A moderator reviewed your report and took action. "
        "Thank you for helping keep Commons respectful."
    ),
    Report.Status.HANDLED: gettext_noop(
        "A moderator saw your report and reached out. Thank you for looking out for someone."
    ),
}


def _report_target(reporter, target, channel, reported_user):
    """(label, channel, reported user) of a report's target, refusing what the reporter
    cannot see with the same error as a missing message."""
    if isinstance(target, Message):
        if target.is_deleted or not permissions.can_see_message(reporter, target):
            raise NotFound()
        label = f"Message {target.pk} in {target.channel.label} by @{target.author.username}"
        return label, target.channel, target.author
    if isinstance(target, get_user_model()):
        if not target.is_active:
            raise NotFound(_("No such person."))
        return f"@{target.username}", channel, target
    return str(target)[:200], channel, reported_user


@transaction.atomic
def file_report(reporter, target, reason, note, *, channel=None, reported_user=None):
    """Ask moderators to look at a message, a person or any object (a study group: the
    groups app passes its channel and owner). One open report per reporter and target."""
    if not permissions.can_report(reporter):
        raise NotAllowed(_("Sign in to report."))
    if reason not in Report.Reason.values:
        raise InvalidInput(_("Choose a reason for the report."))
    note = (note or "").replace("\x00", "").strip()
    if len(note) > MAX_REPORT_NOTE_LENGTH:
        raise InvalidInput(
            _("Keep the note under %(limit)s characters.")
            % {"limit": number_format(MAX_REPORT_NOTE_LENGTH, force_grouping=True)}
        )
    label, channel, reported_user = _report_target(reporter, target, channel, reported_user)
    if reported_user is not None and reported_user.pk == reporter.pk:
        raise InvalidInput(_("You cannot report yourself."))
    target_type = ContentType.objects.get_for_model(target)
    duplicate = InvalidInput(_("You have already reported this; moderators will look at it."))
    if (
        Report.objects.open()
        .filter(reporter=reporter, target_type=target_type, target_id=target.pk)
        .exists()
    ):
        raise duplicate
    try:
        with transaction.atomic():
            return Report.objects.create(
                reporter=reporter,
                reason=reason,
                note=note,
                target_type=target_type,
                target_id=target.pk,
                target_label=label[:200],
                reported_user=reported_user,
                channel=channel,
            )
    except IntegrityError:
        raise duplicate from None


@transaction.atomic
def resolve_report(actor, report, *, outcome, reason):
    """Close a report as dismissed or actioned; the reporter is told the outcome, never
    what happened to the other person."""
    report = (
        Report.objects.select_for_update(of=("self",)).select_related("channel").get(pk=report.pk)
    )
    if not permissions.can_moderate_report(actor, report):
        raise NotAllowed(_("Only moderators of this channel can resolve this report."))
    reason = clean_reason(reason)
    if outcome not in OUTCOME_TEXT:
        raise InvalidInput(_("A report is dismissed, actioned or handled."))
    if not report.is_open:
        raise InvalidInput(_("This report is already resolved."))
    report.status = outcome
    report.resolved_by = actor
    report.resolved_at = timezone.now()
    report.outcome = OUTCOME_TEXT[outcome]
    report.save(update_fields=["status", "resolved_by", "resolved_at", "outcome"])
    action = {
        Report.Status.DISMISSED: "dismiss_report",
        Report.Status.HANDLED: "handle_report",
    }.get(outcome, "action_report")
    site.record_action(
        actor, action, reason=reason, target_user=report.reported_user, target=report
    )
    if report.reporter_id:
        notify(
            report.reporter,
            "report_outcome",
            target=report,
            reason=report.get_reason_display().lower(),
            outcome=report.outcome,
            url=reverse("lounge:reports"),
        )
    return report


def resolve_reports_about(actor, target, *, outcome, reason):
    """Resolve every open report about `target` the actor may handle; returns them."""
    target_type = ContentType.objects.get_for_model(target)
    reports = Report.objects.open().filter(target_type=target_type, target_id=target.pk)
    return [
        resolve_report(actor, report, outcome=outcome, reason=reason)
        for report in reports
        if permissions.can_moderate_report(actor, report)
    ]
