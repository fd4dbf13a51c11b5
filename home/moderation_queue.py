"""The moderation queue: the Report changelist, open reports first and self-harm
concerns at the very top. A report's page shows the reported content in context, the
reporter, earlier actions on the same person, and buttons for every action that fits
what was reported (a message, a person, a study group); each goes through a form that
requires a reason (and a duration where it applies) and calls the verbs of the app that
owns the target, which check permission and write the audit log. It lives in home
because reports point at anything, in any app. A course moderator sees only reports
about the channels they moderate."""

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext

from accounts.admin_actions import reasoned_action
from accounts.models import ModerationAction
from accounts.moderation import MAX_MUTE_DAYS
from core.errors import DomainError
from lounge import actions, permissions
from lounge.admin.base import ModeratedAdmin
from lounge.models import Message, Report

from .report_actions import ReportActions, may_offer

CONTEXT_MESSAGES = 4
PRIOR_ACTIONS_SHOWN = 20

SELF_HARM_GUIDANCE = _(
    "Treat this as urgent. Someone may be at risk. Reach out to the person privately and "
    "kindly; do not argue, judge or debate. Share crisis resources (local emergency "
    "services, a crisis line in their country). If you believe there is immediate danger, "
    "tell a site administrator at once. Hide the message only if it could harm others, "
    "and record what you did."
)


@admin.register(Report)
class ReportAdmin(ModeratedAdmin):
    list_display = [
        "priority",
        "reason",
        "status",
        "target_label",
        "reported_user",
        "reporter_column",
        "channel",
        "created_at",
    ]
    list_display_links = ["priority", "reason", "target_label"]
    list_filter = [
        "status",
        "reason",
        ("reporter", admin.EmptyFieldListFilter),
        "channel__kind",
    ]
    search_fields = ["note", "target_label", "reported_user__username", "reporter__username"]
    list_select_related = ["reporter", "reported_user", "channel"]
    change_form_template = "admin/lounge/report/change_form.html"
    actions = ["dismiss_reports", "hide_reported_messages"]

    def channel_of(self, obj):
        return obj.channel

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_any_moderator(request.user)
        return permissions.can_moderate_report(request.user, obj)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Report._meta.fields if f.name != "id"]

    def get_queryset(self, request):
        queryset = permissions.reports_visible_to(request.user).annotate(
            urgent_rank=Case(
                When(status=Report.Status.OPEN, reason=Report.Reason.SELF_HARM, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            open_rank=Case(
                When(status=Report.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        return queryset.select_related("reporter", "reported_user", "channel")

    def get_ordering(self, request):
        return ["urgent_rank", "open_rank", "-created_at"]

    @admin.display(description=_("priority"), ordering="urgent_rank")
    def priority(self, report):
        if report.is_urgent:
            return format_html(
                '<strong class="moderation-urgent">{}</strong>', _("URGENT: self-harm")
            )
        return pgettext("report status", "open") if report.is_open else "—"

    @admin.display(description=_("reporter"), ordering="reporter__username")
    def reporter_column(self, report):
        return report.reporter or _("automatic flag")

    # Bulk actions from the changelist.

    @reasoned_action(_("Dismiss the selected reports"))
    def dismiss_reports(self, request, queryset, data):
        done = self._run(
            request,
            queryset,
            lambda r: actions.resolve_report(
                request.user, r, outcome="dismissed", reason=data["reason"]
            ),
        )
        return ngettext(
            "Dismissed %(count)s report(s).", "Dismissed %(count)s report(s).", done
        ) % {"count": done}

    @reasoned_action(_("Hide the reported messages and close their reports"))
    def hide_reported_messages(self, request, queryset, data):
        def run(report):
            if not isinstance(report.target, Message):
                raise actions.InvalidInput(_("This report is not about a message."))
            actions.hide_message(request.user, report.target, data["reason"])
            actions.resolve_reports_about(
                request.user, report.target, outcome="actioned", reason=data["reason"]
            )

        done = self._run(request, queryset, run)
        return ngettext("Hid %(count)s message(s).", "Hid %(count)s message(s).", done) % {
            "count": done
        }

    # The report's page and its actions.

    def get_urls(self):
        return [
            path(
                "<int:object_id>/act/<slug:action>/",
                self.admin_site.admin_view(self.act_view),
                name="lounge_report_act",
            ),
            *super().get_urls(),
        ]

    def _report_for(self, request, object_id):
        report = self.get_queryset(request).filter(pk=object_id).first()
        if report is None or not self.has_change_permission(request, report):
            raise Http404("No such report.")
        return report

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = self._report_for(request, object_id)
        extra = {
            "report": report,
            "guidance": SELF_HARM_GUIDANCE if report.reason == Report.Reason.SELF_HARM else "",
            "context_messages": _context_messages(report),
            "earlier_versions": (
                list(report.target.edits.order_by("edited_at"))
                if isinstance(report.target, Message)
                else []
            ),
            "prior_actions": _prior_actions(report),
            "other_reports": _other_reports(report),
            "report_actions": [
                (name, label)
                for name, (label, _form, applies, _run) in ReportActions.specs().items()
                if _offered(report, name) and applies(report) and may_offer(request.user, name)
            ],
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def act_view(self, request, object_id, action):
        report = self._report_for(request, object_id)
        spec = ReportActions.specs().get(action)
        if (
            spec is None
            or not _offered(report, action)
            or not spec[2](report)
            or not may_offer(request.user, action)
        ):
            raise Http404("No such action.")
        label, form_class, _applies, run = spec
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    done = run(request.user, report, form.cleaned_data)
                    if action not in ("dismiss", "handled"):
                        actions.resolve_reports_about(
                            request.user,
                            report.target or report,
                            outcome="actioned",
                            reason=form.cleaned_data["reason"],
                        )
                        report.refresh_from_db()
                        if report.is_open:
                            actions.resolve_report(
                                request.user,
                                report,
                                outcome="actioned",
                                reason=form.cleaned_data["reason"],
                            )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect(reverse("admin:lounge_report_change", args=[report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": pgettext("action on a report", "%(action)s: %(report)s")
            % {"action": label, "report": report},
            "report": report,
            "form": form,
            "opts": Report._meta,
            "guidance": SELF_HARM_GUIDANCE if report.reason == Report.Reason.SELF_HARM else "",
            "max_mute_days": MAX_MUTE_DAYS,
        }
        return TemplateResponse(
            request, "admin/lounge/report/act.html", context, status=400 if form.errors else 200
        )


def _context_messages(report):
    """The reported message with a few before and after, read-only (hidden ones too)."""
    message = report.target if isinstance(report.target, Message) else None
    if message is None:
        return []
    return list(
        Message.objects.filter(
            channel_id=message.channel_id,
            seq__gte=message.seq - CONTEXT_MESSAGES,
            seq__lte=message.seq + CONTEXT_MESSAGES,
        )
        .select_related("author")
        .order_by("seq")
    )


def _prior_actions(report):
    if report.reported_user_id is None:
        return []
    return list(
        ModerationAction.objects.filter(target_user_id=report.reported_user_id).select_related(
            "actor"
        )[:PRIOR_ACTIONS_SHOWN]
    )


def _other_reports(report):
    if report.reported_user_id is None:
        return []
    return list(
        Report.objects.filter(reported_user_id=report.reported_user_id)
        .exclude(pk=report.pk)
        .order_by("-created_at")[:10]
    )


def _offered(report, action):
    """Closing actions while the report is open; the others also after a first action, so
    that a moderator can hide a message and then mute its author."""
    if action in ("dismiss", "handled"):
        return report.is_open
    return report.takes_more_action
