"""What every lounge ModelAdmin shares: rows scoped to the channels a person moderates
(site moderators see all), read-only pages whose "change" permission runs actions,
and the reason forms of the channel actions."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin_actions import ReasonAndDurationForm, ReasonForm, run_each

from .. import permissions


class SlowModeForm(ReasonForm):
    seconds = forms.IntegerField(
        min_value=0, max_value=3600, help_text=_("One message per person every N seconds; 0 = off.")
    )


class MuteForm(ReasonAndDurationForm):
    """10 minutes to 28 days, like the verbs."""


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

    def _run_with_reason(self, request, items, data, verb):
        """Call `verb(actor, item, reason)` for each, with the reason from the action's form."""
        return self._run(request, items, lambda item: verb(request.user, item, data["reason"]))
