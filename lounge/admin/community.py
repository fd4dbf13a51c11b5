"""Community-wide settings (pre-moderation, flags, flood detector) and each person's
chat preferences in the admin."""

from django.contrib import admin
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.admin_actions import ReadOnlyAdmin

from .. import permissions
from ..models import ChatPreferences, CommunitySettings


@admin.register(CommunitySettings)
class CommunitySettingsAdmin(admin.ModelAdmin):
    """The one settings row: the changelist opens it directly."""

    filter_horizontal = ["welcome_channels"]
    fieldsets = [
        (_("Pre-moderation"), {"fields": ["premoderate_first_messages"]}),
        (_("Automatic flags"), {"fields": ["flagged_words"]}),
        (
            _("Flood detector"),
            {"fields": ["flood_messages", "flood_seconds", "flood_mute_minutes"]},
        ),
        (_("Group mentions"), {"fields": ["group_mention_max_members"]}),
        (_("New people"), {"fields": ["welcome_channels"]}),
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


@admin.register(ChatPreferences)
class ChatPreferencesAdmin(ReadOnlyAdmin):
    """Each person's own choices (update_chat_preferences), shown for support."""

    list_display = ["user", "appear_offline", "share_typing"]
    list_filter = ["appear_offline", "share_typing"]
    search_fields = ["user__username"]
