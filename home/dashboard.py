"""The lounge's section of the admin dashboard: open reports (self-harm concerns first)
and messages waiting for approval, limited to what the viewer moderates."""

from django.db.models import Case, IntegerField, Value, When

from lounge import permissions
from lounge.models import Message, Report

REPORTS_SHOWN = 8


def moderation_dashboard(request):
    user = request.user
    if not permissions.is_any_moderator(user):
        return None
    reports = permissions.reports_visible_to(user).open()
    pending = Message.objects.filter(pending=True, hidden_at__isnull=True)
    if not permissions.is_moderator(user):
        pending = pending.filter(channel_id__in=permissions.moderated_channel_ids(user))
    urgent_first = Case(
        When(reason=Report.Reason.SELF_HARM, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        "admin/lounge_dashboard.html",
        {
            "reports": list(reports.order_by(urgent_first, "-created_at")[:REPORTS_SHOWN]),
            "open_count": reports.count(),
            "urgent": reports.filter(reason=Report.Reason.SELF_HARM).count(),
            "pending": pending.count(),
        },
    )
