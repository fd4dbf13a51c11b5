"""The Commons admin site: staff, and course moderators for their own courses' content."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.models import ModerationAction
from accounts.permissions import is_site_moderator
from lounge.permissions import is_any_moderator

from .dashboard import moderation_dashboard

RECENT_ACTIONS_ON_DASHBOARD = 8


class CommonsAdminSite(admin.AdminSite):
    site_header = _("Commons administration")
    site_title = _("Commons admin")
    index_title = _("Moderation and administration")
    index_template = "admin/commons_index.html"

    def has_permission(self, request):
        """Staff as usual, plus channel moderators (a course's instructors and TAs); each
        ModelAdmin limits what they see to what they moderate."""
        user = request.user
        return user.is_active and (user.is_staff or is_any_moderator(user))

    def index(self, request, extra_context=None):
        recent = ModerationAction.objects.select_related("actor", "target_user")
        if not is_site_moderator(request.user):
            recent = recent.filter(actor=request.user)
        sections = [section for section in (moderation_dashboard(request),) if section]
        context = {
            "dashboard_sections": sections,
            "recent_moderation": recent[:RECENT_ACTIONS_ON_DASHBOARD],
            **(extra_context or {}),
        }
        return super().index(request, context)
