"""The Commons admin site: staff, and course moderators for their own courses' content."""

from django.contrib import admin

from . import page_sections
from .models import ModerationAction
from .permissions import is_site_moderator

RECENT_ACTIONS_ON_DASHBOARD = 8


def is_course_moderator(user):
    """Someone who moderates at least one course's channels (an instructor or TA there).

    Apps that hand out that role register a check here (see has_permission)."""
    return any(check(user) for check in _moderator_checks)


_moderator_checks = []


def register_moderator_check(check):
    """`check(user)` -> bool: whether `user` moderates something in that app."""
    if check not in _moderator_checks:
        _moderator_checks.append(check)


class CommonsAdminSite(admin.AdminSite):
    site_header = "Commons administration"
    site_title = "Commons admin"
    index_title = "Moderation and administration"
    index_template = "admin/commons_index.html"

    def has_permission(self, request):
        """Staff as usual, plus course moderators (each ModelAdmin limits what they see)."""
        user = request.user
        return user.is_active and (user.is_staff or is_course_moderator(user))

    def index(self, request, extra_context=None):
        sections = page_sections.sections_for(page_sections.ADMIN_DASHBOARD, request)
        recent = ModerationAction.objects.select_related("actor", "target_user")
        if not is_site_moderator(request.user):
            recent = recent.filter(actor=request.user)
        context = {
            "dashboard_sections": sections,
            "recent_moderation": recent[:RECENT_ACTIONS_ON_DASHBOARD],
            **(extra_context or {}),
        }
        return super().index(request, context)
