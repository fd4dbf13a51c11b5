"""Study groups in Django admin. Seats, the waitlist, the member count and the group's
chat are kept in step by the verbs in groups.actions, so memberships, owner,
capacity, course and name are read-only here and the admin acts through actions
that call those verbs (which also record moderation acts in the audit log)."""

from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin_actions import (
    ReadOnlyAdmin,
    ReadOnlyInline,
    RefreshesWeekRanges,
    reasoned_action,
    run_each,
)

from . import actions
from .models import (
    Invitation,
    JoinRequest,
    MeetingRange,
    MeetingSlot,
    MeetingWeek,
    Membership,
    StudyGroup,
    WaitlistEntry,
)
from .schedule import MEETINGS


class RefreshesMeetings(RefreshesWeekRanges):
    week_table = MEETINGS
    owner_field = "group_id"


class MeetingSlotInline(admin.TabularInline):
    model = MeetingSlot
    extra = 0


class MembershipInline(ReadOnlyInline):
    """Who is in the group; change it with the Memberships actions."""

    model = Membership
    fields = ["user", "role", "joined_at"]
    readonly_fields = fields


@admin.register(StudyGroup)
class StudyGroupAdmin(RefreshesMeetings, admin.ModelAdmin):
    owner_field = "pk"
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
    # Name and capacity change on the group's page (update_group renames its chat and
    # fills new seats from the waitlist), as does where it meets (the form checks a call
    # link); the owner through the transfer action.
    readonly_fields = [
        "name",
        "course",
        "owner",
        "capacity",
        "location",
        "member_count",
        "created_at",
        "last_activity_at",
        "archived_at",
    ]
    filter_horizontal = ["topics", "languages"]
    list_select_related = ["course", "owner"]
    inlines = [MeetingSlotInline, MembershipInline]
    actions = ["archive_groups"]

    def has_add_permission(self, request):
        return False  # groups are created on the site (create_group seats the owner)

    @reasoned_action(_("Archive the selected groups (read-only, hidden from browsing)"))
    def archive_groups(self, request, queryset, data):
        archived = run_each(
            self,
            request,
            queryset,
            lambda g: actions.archive_group(request.user, g, data["reason"]),
        )
        return ngettext(
            "Archived %(count)s group(s).", "Archived %(count)s group(s).", archived
        ) % {"count": archived}


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "group", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "group__name"]
    list_select_related = ["user", "group"]
    actions = ["remove_members", "transfer_ownership"]

    @reasoned_action(_("Remove the selected members from their groups"))
    def remove_members(self, request, queryset, data):
        def remove(membership):
            actions.remove_member(request.user, membership.group, membership.user, data["reason"])

        memberships = queryset.select_related("group", "user")
        removed = run_each(self, request, memberships, remove)
        return ngettext("Removed %(count)s member(s).", "Removed %(count)s member(s).", removed) % {
            "count": removed
        }

    @admin.action(description=_("Make the selected members the owners of their groups"))
    def transfer_ownership(self, request, queryset):
        memberships = list(queryset.select_related("group", "user"))
        if len({m.group_id for m in memberships}) < len(memberships):
            self.message_user(request, gettext("Choose one new owner per group."), messages.ERROR)
            return
        done = run_each(
            self,
            request,
            memberships,
            lambda m: actions.transfer_ownership(request.user, m.group, m.user),
        )
        message = ngettext(
            "%(count)s group(s) have a new owner.", "%(count)s group(s) have a new owner.", done
        ) % {"count": done}
        self.message_user(request, message, messages.SUCCESS)


@admin.register(JoinRequest)
class JoinRequestAdmin(ReadOnlyAdmin):
    """Answered on the group's page (decide_request seats the person)."""

    list_display = ["user", "group", "status", "created_at", "decided_by", "decided_at"]
    list_filter = ["status"]
    search_fields = ["user__username", "group__name", "message"]


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["invitee", "group", "invited_by", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["invitee__username", "group__name"]


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ReadOnlyAdmin):
    list_display = ["user", "group", "created_at"]
    search_fields = ["user__username", "group__name"]


@admin.register(MeetingSlot)
class MeetingSlotAdmin(RefreshesMeetings, admin.ModelAdmin):
    list_display = ["group", "weekday", "start_time", "duration_minutes", "time_zone"]
    list_filter = ["weekday", "time_zone"]
    search_fields = ["group__name"]
    raw_id_fields = ["group"]
    list_select_related = ["group"]


@admin.register(MeetingWeek)
class MeetingWeekAdmin(ReadOnlyAdmin):
    """Weeks whose meetings have been worked out (groups.schedule); the hourly job adds
    the coming week and drops the ones that have passed."""

    list_display = ["week"]


@admin.register(MeetingRange)
class MeetingRangeAdmin(ReadOnlyAdmin):
    """Groups' meetings as UTC minutes of a week, derived from their meeting slots:
    rewritten by the verbs that change those, never by hand."""

    list_display = ["group", "week", "start_minute", "end_minute", "is_meeting", "is_span"]
    list_filter = ["week", "is_meeting", "is_span"]
    search_fields = ["group__name"]
    list_select_related = ["group"]
