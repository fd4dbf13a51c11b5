from django.contrib import admin, messages

from accounts.admin_actions import reasoned_action
from core.errors import DomainError

from . import actions
from .models import Invitation, JoinRequest, MeetingSlot, Membership, StudyGroup, WaitlistEntry


class MeetingSlotInline(admin.TabularInline):
    model = MeetingSlot
    extra = 0


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["joined_at"]


@admin.register(StudyGroup)
class StudyGroupAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "course",
        "visibility",
        "member_count",
        "capacity",
        "owner",
        "created_at",
        "archived_at",
    ]
    list_filter = ["visibility", "course", ("archived_at", admin.EmptyFieldListFilter), "languages"]
    search_fields = ["name", "description", "owner__username", "course__code"]
    raw_id_fields = ["owner", "course"]
    readonly_fields = ["member_count", "created_at", "last_activity_at"]
    filter_horizontal = ["topics", "languages"]
    list_select_related = ["course", "owner"]
    inlines = [MeetingSlotInline, MembershipInline]
    actions = ["archive_groups"]

    @reasoned_action("Archive the selected groups (read-only, hidden from browsing)")
    def archive_groups(self, request, queryset, data):
        archived = 0
        for group in queryset:
            try:
                actions.archive_group(request.user, group, data["reason"])
            except DomainError as error:
                messages.warning(request, f"{group}: {error}")
                continue
            archived += 1
        return f"Archived {archived} group(s)."


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "group__name"]
    raw_id_fields = ["user", "group"]
    list_select_related = ["user", "group"]
    actions = ["remove_members"]

    @reasoned_action("Remove the selected members from their groups")
    def remove_members(self, request, queryset, data):
        removed = 0
        for membership in queryset.select_related("group", "user"):
            try:
                actions.remove_member(
                    request.user, membership.group, membership.user, data["reason"]
                )
            except DomainError as error:
                messages.warning(request, f"{membership}: {error}")
                continue
            removed += 1
        return f"Removed {removed} member(s)."

    def has_add_permission(self, request):
        # Seats are counted by the group verbs; adding rows here would skip the count.
        return False


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "group__name", "message"]
    raw_id_fields = ["user", "group", "decided_by"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["invitee", "group", "invited_by", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["invitee__username", "group__name"]
    raw_id_fields = ["invitee", "invited_by", "group"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(admin.ModelAdmin):
    list_display = ["user", "group", "created_at"]
    search_fields = ["user__username", "group__name"]
    raw_id_fields = ["user", "group"]


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
    list_display = ["group", "weekday", "start_time", "duration_minutes", "time_zone"]
    list_filter = ["weekday", "time_zone"]
    search_fields = ["group__name"]
    raw_id_fields = ["group"]
    list_select_related = ["group"]
