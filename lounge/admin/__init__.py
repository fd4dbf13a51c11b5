"""The lounge in Django admin, and the moderation queue.

The queue is the Report changelist: open reports first, self-harm concerns at the very
top. A report's page shows the reported content in context, the reporter, earlier
actions on the same person, and buttons for every action; each goes through a form
that requires a reason (and a duration where it applies) and calls the verbs in
lounge.actions / accounts.moderation, which check permission and write the audit log.

Site moderators see everything; a course moderator sees only rows about the channels
they moderate (get_queryset and has_*_permission ask lounge.permissions)."""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from accounts import moderation as site
from accounts.admin_actions import (
    ReadOnlyAdmin,
    ReasonAndDurationForm,
    ReasonForm,
    reasoned_action,
    run_each,
)
from accounts.models import ModerationAction
from accounts.moderation import MAX_MUTE_DAYS

from .. import actions, permissions
from ..models import (
    Channel,
    ChannelMute,
    ChatPreferences,
    CommunitySettings,
    Membership,
    Mention,
    Message,
    Reaction,
    Report,
)

CONTEXT_MESSAGES = 4
PRIOR_ACTIONS_SHOWN = 20

SELF_HARM_GUIDANCE = (
    "Treat this as urgent. Someone may be at risk. Reach out to the person privately and "
    "kindly; do not argue, judge or debate. Share crisis resources (local emergency "
    "services, a crisis line in their country). If you believe there is immediate danger, "
    "tell a site administrator at once. Hide the message only if it could harm others, "
    "and record what you did."
)


class SlowModeForm(ReasonForm):
    seconds = forms.IntegerField(
        min_value=0, max_value=3600, help_text="One message per person every N seconds; 0 = off."
    )


class MuteForm(ReasonAndDurationForm):
    """10 minutes to 28 days, like the verbs."""


def _errors(error):
    return isinstance(error, (actions.LoungeError, site.ModerationError))


# Scoping: site moderators see all, channel moderators their channels ------------------


class ModeratedAdmin(admin.ModelAdmin):
    """Rows that belong to a channel; `channel_lookup` leads from the row to it."""

    channel_lookup = "channel"

    def channel_of(self, obj):
        return obj.channel

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if permissions.is_moderator(request.user):
            return queryset
        moderated = permissions.moderated_channel_ids(request.user)
        return queryset.filter(**{f"{self.channel_lookup}__in": moderated})

    def has_module_permission(self, request):
        return permissions.is_any_moderator(request.user)

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return permissions.is_any_moderator(request.user)
        return permissions.can_moderate_channel(request.user, self.channel_of(obj))

    def has_change_permission(self, request, obj=None):
        # Everything on these pages is read-only; "change" lets moderators run actions.
        return self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # nothing is deleted: hide, dismiss or lift instead

    def _run(self, request, items, verb):
        """Call `verb(item)` for each; report refusals, count successes."""
        return run_each(self, request, items, verb)


# Channels ----------------------------------------------------------------------------


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "muted", "joined_at", "last_read_seq"]
    readonly_fields = fields  # roles come from courses and groups (set_channel_role)
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Channel)
class ChannelAdmin(ModeratedAdmin):
    channel_lookup = "pk"
    list_display = [
        "name",
        "kind",
        "slug",
        "last_seq",
        "slow_mode_seconds",
        "locked_at",
        "archived_at",
    ]
    list_filter = [
        "kind",
        ("locked_at", admin.EmptyFieldListFilter),
        ("archived_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["name", "slug", "topic"]
    readonly_fields = [
        "kind",
        "slug",
        "last_seq",
        "direct_key",
        "created_at",
        "created_by",
        "slow_mode_seconds",
        "locked_at",
        "archived_at",
        "owner_type",
        "owner_id",
    ]
    inlines = [MembershipInline]
    actions = ["lock", "unlock", "slow_mode", "archive"]

    def channel_of(self, obj):
        return obj

    @reasoned_action("Lock the selected channels (only moderators post)")
    def lock(self, request, queryset, data):
        done = self._run(
            request, queryset, lambda c: actions.lock_channel(request.user, c, data["reason"])
        )
        return f"Locked {done} channel(s)."

    @reasoned_action("Unlock the selected channels")
    def unlock(self, request, queryset, data):
        done = self._run(
            request, queryset, lambda c: actions.unlock_channel(request.user, c, data["reason"])
        )
        return f"Unlocked {done} channel(s)."

    @reasoned_action("Set slow mode on the selected channels", SlowModeForm)
    def slow_mode(self, request, queryset, data):
        done = self._run(
            request,
            queryset,
            lambda c: actions.set_slow_mode(request.user, c, data["seconds"], data["reason"]),
        )
        return f"Slow mode set on {done} channel(s)."

    @reasoned_action("Archive the selected social channels")
    def archive(self, request, queryset, data):
        done = self._run(
            request, queryset, lambda c: actions.archive_channel(request.user, c, data["reason"])
        )
        return f"Archived {done} channel(s)."


# Messages ----------------------------------------------------------------------------


class ModerationStateFilter(admin.SimpleListFilter):
    title = "moderation"
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [("pending", "Waiting for approval"), ("flagged", "Flagged"), ("hidden", "Hidden")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.filter(pending=True, hidden_at__isnull=True)
        if self.value() == "flagged":
            return queryset.exclude(flag_reason="")
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        return queryset


@admin.register(Message)
class MessageAdmin(ModeratedAdmin):
    list_display = [
        "__str__",
        "author",
        "excerpt",
        "created_at",
        "pending",
        "flag_reason",
        "hidden_at",
        "deleted_at",
    ]
    list_filter = [
        ModerationStateFilter,
        "channel__kind",
        ("deleted_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["body", "author__username", "channel__name"]
    list_select_related = ["channel", "author"]
    date_hierarchy = "created_at"
    actions = ["hide", "approve", "reject"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Message._meta.fields]

    @admin.display(description="text")
    def excerpt(self, message):
        return message.body[:80]

    @reasoned_action("Hide the selected messages (kept for the record)")
    def hide(self, request, queryset, data):
        def run(message):
            actions.hide_message(request.user, message, data["reason"])
            actions.resolve_reports_about(
                request.user, message, outcome="actioned", reason=data["reason"]
            )

        return f"Hid {self._run(request, queryset, run)} message(s)."

    @reasoned_action("Approve the selected waiting messages")
    def approve(self, request, queryset, data):
        done = self._run(
            request, queryset, lambda m: actions.approve_message(request.user, m, data["reason"])
        )
        return f"Approved {done} message(s)."

    @reasoned_action("Reject the selected waiting messages (kept hidden)")
    def reject(self, request, queryset, data):
        done = self._run(
            request, queryset, lambda m: actions.reject_message(request.user, m, data["reason"])
        )
        return f"Rejected {done} message(s)."


@admin.register(ChannelMute)
class ChannelMuteAdmin(ModeratedAdmin):
    list_display = ["user", "channel", "until", "created_by", "created_at", "lifted_at", "reason"]
    list_filter = [
        ("lifted_at", admin.EmptyFieldListFilter),
        ("created_by", admin.EmptyFieldListFilter),
    ]
    search_fields = ["user__username", "channel__name", "reason"]
    list_select_related = ["user", "channel", "created_by"]
    actions = ["lift"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in ChannelMute._meta.fields]

    @reasoned_action("Lift the selected mutes")
    def lift(self, request, queryset, data):
        done = self._run(
            request, queryset, lambda m: actions.lift_mute(request.user, m, data["reason"])
        )
        return f"Lifted {done} mute(s)."


# The moderation queue ----------------------------------------------------------------


# Site-wide mutes and bans are for site moderators; course moderators act in their channels.
SITE_MODERATOR_ACTIONS = {"mute_site", "ban"}


def _may_offer(user, action):
    return action not in SITE_MODERATOR_ACTIONS or site.is_site_moderator(user)


class ReportActions:
    """What a moderator can do from a report's page. Each: (label, form, applies, run)."""

    @staticmethod
    def specs():
        return {
            "hide": ("Hide the message", ReasonForm, _is_message_report, _hide),
            "dismiss": ("Dismiss the report", ReasonForm, lambda r: True, _dismiss),
            "warn": ("Warn the person", ReasonForm, _has_person, _warn),
            "mute_channel": (
                "Mute in the channel",
                MuteForm,
                lambda r: _has_person(r) and r.channel_id,
                _mute_channel,
            ),
            "mute_site": ("Mute site-wide", MuteForm, _has_person, _mute_site),
            "ban": ("Ban from the community", ReasonForm, _has_person, _ban),
            "lock": ("Lock the channel", ReasonForm, lambda r: r.channel_id, _lock),
            "slow_mode": ("Set slow mode", SlowModeForm, lambda r: r.channel_id, _slow_mode),
        }


def _is_message_report(report):
    return isinstance(report.target, Message) and not report.target.is_hidden


def _has_person(report):
    return report.reported_user_id is not None


def _hide(actor, report, data):
    actions.hide_message(actor, report.target, data["reason"])
    return "The message is hidden."


def _dismiss(actor, report, data):
    actions.resolve_report(actor, report, outcome="dismissed", reason=data["reason"])
    return "Report dismissed."


def _warn(actor, report, data):
    site.warn(
        actor,
        report.reported_user,
        reason=data["reason"],
        may_act=permissions.can_moderate_report(actor, report),
    )
    return f"{report.reported_user} has been warned."


def _minutes(data):
    return timedelta(minutes=data["duration_minutes"])


def _mute_channel(actor, report, data):
    mute = actions.mute_in_channel(
        actor, report.channel, report.reported_user, _minutes(data), data["reason"]
    )
    until = f"{mute.until:%Y-%m-%d %H:%M} UTC"
    return f"{report.reported_user} is muted in {report.channel.label} until {until}."


def _mute_site(actor, report, data):
    site.restrict_site(
        actor, report.reported_user, kind="mute", duration=_minutes(data), reason=data["reason"]
    )
    return f"{report.reported_user} is muted site-wide."


def _ban(actor, report, data):
    site.restrict_site(
        actor, report.reported_user, kind="ban", duration=None, reason=data["reason"]
    )
    return f"{report.reported_user} is banned."


def _lock(actor, report, data):
    actions.lock_channel(actor, report.channel, data["reason"])
    return f"{report.channel.label} is locked."


def _slow_mode(actor, report, data):
    actions.set_slow_mode(actor, report.channel, data["seconds"], data["reason"])
    return f"Slow mode set on {report.channel.label}."


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

    @admin.display(description="", ordering="urgent_rank")
    def priority(self, report):
        if report.is_urgent:
            return format_html('<strong class="moderation-urgent">{}</strong>', "URGENT: self-harm")
        return "open" if report.is_open else "—"

    @admin.display(description="reporter", ordering="reporter__username")
    def reporter_column(self, report):
        return report.reporter or "automatic flag"

    # Bulk actions from the changelist.

    @reasoned_action("Dismiss the selected reports")
    def dismiss_reports(self, request, queryset, data):
        done = self._run(
            request,
            queryset,
            lambda r: actions.resolve_report(
                request.user, r, outcome="dismissed", reason=data["reason"]
            ),
        )
        return f"Dismissed {done} report(s)."

    @reasoned_action("Hide the reported messages and close their reports")
    def hide_reported_messages(self, request, queryset, data):
        def run(report):
            if not isinstance(report.target, Message):
                raise actions.InvalidInput("This report is not about a message.")
            actions.hide_message(request.user, report.target, data["reason"])
            actions.resolve_reports_about(
                request.user, report.target, outcome="actioned", reason=data["reason"]
            )

        return f"Hid {self._run(request, queryset, run)} message(s)."

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
            "prior_actions": _prior_actions(report),
            "other_reports": _other_reports(report),
            "report_actions": [
                (name, label)
                for name, (label, _form, applies, _run) in ReportActions.specs().items()
                if report.is_open and applies(report) and _may_offer(request.user, name)
            ],
        }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def act_view(self, request, object_id, action):
        report = self._report_for(request, object_id)
        spec = ReportActions.specs().get(action)
        if (
            spec is None
            or not report.is_open
            or not spec[2](report)
            or not _may_offer(request.user, action)
        ):
            raise Http404("No such action.")
        label, form_class, _applies, run = spec
        form = form_class(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                with transaction.atomic():
                    done = run(request.user, report, form.cleaned_data)
                    if action != "dismiss":
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
            except Exception as error:
                if not _errors(error):
                    raise
                form.add_error(None, str(error))
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect(reverse("admin:lounge_report_change", args=[report.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": f"{label}: {report}",
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


# Settings and the rest ---------------------------------------------------------------


@admin.register(CommunitySettings)
class CommunitySettingsAdmin(admin.ModelAdmin):
    """The one settings row: the changelist opens it directly."""

    fieldsets = [
        ("Pre-moderation", {"fields": ["premoderate_first_messages"]}),
        ("Automatic flags", {"fields": ["flagged_words"]}),
        ("Flood detector", {"fields": ["flood_messages", "flood_seconds", "flood_mute_minutes"]}),
    ]

    def _allowed(self, request):
        return permissions.is_moderator(request.user)

    def has_module_permission(self, request):
        return self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request)

    def has_add_permission(self, request):
        return self._allowed(request) and not CommunitySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        if not self._allowed(request):
            raise Http404
        settings_row = CommunitySettings.load()
        if settings_row._state.adding:
            settings_row.save()
        return redirect(reverse("admin:lounge_communitysettings_change", args=[settings_row.pk]))


@admin.register(Reaction)
class ReactionAdmin(ReadOnlyAdmin):
    """Reactions change through toggle_reaction (which updates the message live)."""

    list_display = ["emoji", "user", "message", "created_at"]
    search_fields = ["user__username", "emoji"]


@admin.register(ChatPreferences)
class ChatPreferencesAdmin(ReadOnlyAdmin):
    """Each person's own choices (update_chat_preferences), shown for support."""

    list_display = ["user", "appear_offline", "share_typing"]
    list_filter = ["appear_offline", "share_typing"]
    search_fields = ["user__username"]


@admin.register(Membership)
class MembershipAdmin(ModeratedAdmin):
    """Who is in which channel, and who moderates it. Roles come from the courses and
    groups verbs (set_channel_role), so they are read-only here."""

    list_display = ["user", "channel", "role", "muted", "joined_at"]
    list_filter = ["role", "muted", "channel__kind"]
    search_fields = ["user__username", "channel__name", "channel__slug"]
    list_select_related = ["user", "channel"]
    readonly_fields = ["channel", "user", "role", "muted", "joined_at", "last_read_seq"]


@admin.register(Mention)
class MentionAdmin(ModeratedAdmin):
    channel_lookup = "message__channel"
    list_display = ["user", "message", "message_channel"]
    search_fields = ["user__username"]
    list_select_related = ["user", "message__channel"]
    readonly_fields = ["message", "user"]

    def channel_of(self, obj):
        return obj.message.channel

    @admin.display(description="channel", ordering="message__channel__name")
    def message_channel(self, mention):
        return mention.message.channel
