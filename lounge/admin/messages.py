"""Messages, channel mutes, reactions and mentions in the admin: hiding, approving,
rejecting and lifting mutes as actions that call the lounge verbs."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyPermissions, reasoned_action

from .. import actions
from ..models import ChannelMute, Mention, Message, MessageEdit, Reaction, ThreadFollow
from .base import ModeratedAdmin


class ModerationStateFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("Waiting for approval")),
            ("flagged", _("Flagged")),
            ("hidden", _("Hidden")),
        ]

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
        ("thread_root", admin.EmptyFieldListFilter),
    ]
    search_fields = ["body", "author__username", "channel__name"]
    list_select_related = ["channel", "author"]
    date_hierarchy = "created_at"
    actions = ["hide", "approve", "reject"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Message._meta.fields]

    @admin.display(description=_("text"))
    def excerpt(self, message):
        return message.body[:80]

    @reasoned_action(_("Hide the selected messages (kept for the record)"))
    def hide(self, request, queryset, data):
        def run(message):
            actions.hide_message(request.user, message, data["reason"])
            actions.resolve_reports_about(
                request.user, message, outcome="actioned", reason=data["reason"]
            )

        count = self._run(request, queryset, run)
        return ngettext("Hid %(count)s message.", "Hid %(count)s messages.", count) % {
            "count": count
        }

    @reasoned_action(_("Approve the selected waiting messages"))
    def approve(self, request, queryset, data):
        count = self._run_with_reason(request, queryset, data, actions.approve_message)
        return ngettext("Approved %(count)s message.", "Approved %(count)s messages.", count) % {
            "count": count
        }

    @reasoned_action(_("Reject the selected waiting messages (kept hidden)"))
    def reject(self, request, queryset, data):
        count = self._run_with_reason(request, queryset, data, actions.reject_message)
        return ngettext("Rejected %(count)s message.", "Rejected %(count)s messages.", count) % {
            "count": count
        }


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

    @reasoned_action(_("Lift the selected mutes"))
    def lift(self, request, queryset, data):
        count = self._run_with_reason(request, queryset, data, actions.lift_mute)
        return ngettext("Lifted %(count)s mute.", "Lifted %(count)s mutes.", count) % {
            "count": count
        }


@admin.register(Reaction)
class ReactionAdmin(ReadOnlyAdmin):
    """Reactions change through toggle_reaction (which updates the message live)."""

    list_display = ["emoji", "user", "message", "created_at"]
    search_fields = ["user__username", "emoji"]


@admin.register(ThreadFollow)
class ThreadFollowAdmin(ReadOnlyAdmin):
    """Who follows which thread; people change it themselves (set_following)."""

    list_display = ["user", "root", "following", "updated_at"]
    list_filter = ["following"]
    search_fields = ["user__username"]
    list_select_related = ["user", "root__channel", "root__author"]


@admin.register(Mention)
class MentionAdmin(ModeratedAdmin):
    channel_lookup = "message__channel"
    list_display = ["user", "message", "message_channel"]
    search_fields = ["user__username"]
    list_select_related = ["user", "message__channel"]
    readonly_fields = ["message", "user"]

    def channel_of(self, obj):
        return obj.message.channel

    @admin.display(description=_("channel"), ordering="message__channel__name")
    def message_channel(self, mention):
        return mention.message.channel


@admin.register(MessageEdit)
class MessageEditAdmin(ReadOnlyPermissions, ModeratedAdmin):
    """What messages said before each edit, for the channels one moderates."""

    channel_lookup = "message__channel"
    list_display = ["message", "edited_at"]
    search_fields = ["message__author__username", "previous_body"]
    list_select_related = ["message"]

    def channel_of(self, obj):
        return obj.message.channel
