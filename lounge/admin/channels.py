"""Channels and their members in the admin: locks, slow mode and archiving as actions
that call the lounge verbs; roles are read-only (courses and groups set them)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import ReadOnlyInline, reasoned_action

from .. import actions
from ..models import Channel, Membership
from .base import ModeratedAdmin, SlowModeForm


class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role", "muted", "joined_at", "last_read_seq"]
    readonly_fields = fields  # roles come from courses and groups (set_channel_role)


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
    actions = ["lock", "unlock", "slow_mode", "archive", "unarchive"]

    def channel_of(self, obj):
        return obj

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.owner_type_id is not None:
            # A course's or group's chat takes its name from its owner (rename_owned_channel).
            return [*self.readonly_fields, "name", "topic"]
        return self.readonly_fields

    @reasoned_action(_("Lock the selected channels (only moderators post)"))
    def lock(self, request, queryset, data):
        count = self._run_with_reason(request, queryset, data, actions.lock_channel)
        return ngettext("Locked %(count)s channel.", "Locked %(count)s channels.", count) % {
            "count": count
        }

    @reasoned_action(_("Unlock the selected channels"))
    def unlock(self, request, queryset, data):
        count = self._run_with_reason(request, queryset, data, actions.unlock_channel)
        return ngettext("Unlocked %(count)s channel.", "Unlocked %(count)s channels.", count) % {
            "count": count
        }

    @reasoned_action(_("Set slow mode on the selected channels"), SlowModeForm)
    def slow_mode(self, request, queryset, data):
        count = self._run(
            request,
            queryset,
            lambda c: actions.set_slow_mode(request.user, c, data["seconds"], data["reason"]),
        )
        return ngettext(
            "Slow mode set on %(count)s channel.", "Slow mode set on %(count)s channels.", count
        ) % {"count": count}

    @reasoned_action(_("Archive the selected social channels"))
    def archive(self, request, queryset, data):
        count = self._run_with_reason(request, queryset, data, actions.archive_channel)
        return ngettext("Archived %(count)s channel.", "Archived %(count)s channels.", count) % {
            "count": count
        }

    @reasoned_action(_("Bring back the selected archived channels"))
    def unarchive(self, request, queryset, data):
        count = self._run_with_reason(request, queryset, data, actions.unarchive_channel)
        return ngettext(
            "Brought back %(count)s channel.", "Brought back %(count)s channels.", count
        ) % {"count": count}


@admin.register(Membership)
class MembershipAdmin(ModeratedAdmin):
    """Who is in which channel, and who moderates it. Roles come from the courses and
    groups verbs (set_channel_role), so they are read-only here."""

    list_display = ["user", "channel", "role", "muted", "joined_at"]
    list_filter = ["role", "muted", "channel__kind"]
    search_fields = ["user__username", "channel__name", "channel__slug"]
    list_select_related = ["user", "channel"]
    readonly_fields = ["channel", "user", "role", "muted", "joined_at", "last_read_seq"]
