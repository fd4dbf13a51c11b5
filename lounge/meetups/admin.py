"""Meetups in Django admin: read-only records, changed only through the verbs (an
admin action cancels with a reason, recorded in the moderation log)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyInline, reasoned_action, run_each

from . import actions
from .models import CalendarFeed, Kudos, Meetup, Occurrence, Rsvp


class OccurrenceInline(ReadOnlyInline):
    model = Occurrence
    fields = ["index", "starts_at", "going_count", "capacity", "skipped_at"]
    readonly_fields = fields


@reasoned_action(_("Cancel the selected meetups (those going are told)"))
def cancel_meetups(modeladmin, request, queryset, data):
    count = run_each(
        modeladmin,
        request,
        queryset,
        lambda meetup: actions.cancel_meetup(request.user, meetup, reason=data["reason"]),
    )
    return ngettext("Cancelled %(count)s meetup.", "Cancelled %(count)s meetups.", count) % {
        "count": count
    }


class CancelledFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("active", _("Not cancelled")), ("cancelled", _("Cancelled"))]

    def queryset(self, request, queryset):
        if self.value() == "active":
            return queryset.filter(cancelled_at__isnull=True)
        if self.value() == "cancelled":
            return queryset.filter(cancelled_at__isnull=False)
        return queryset


@admin.register(Meetup)
class MeetupAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "channel",
        "organiser",
        "starts_at",
        "recurrence",
        "capacity",
        "cancelled_at",
    ]
    list_filter = [CancelledFilter, "channel__kind", "recurrence", "where", "starts_at"]
    search_fields = ["title", "organiser__username", "channel__name"]
    list_select_related = ["channel", "organiser"]
    date_hierarchy = "starts_at"
    inlines = [OccurrenceInline]
    actions = [cancel_meetups]

    def has_change_permission(self, request, obj=None):
        # Actions need change permission to be offered; fields stay read-only.
        return request.user.is_active and request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.register(Occurrence)
class OccurrenceAdmin(ReadOnlyAdmin):
    list_display = ["meetup", "index", "starts_at", "going_count", "capacity", "skipped_at"]
    list_filter = ["starts_at", ("skipped_at", admin.EmptyFieldListFilter)]
    search_fields = ["meetup__title"]
    list_select_related = ["meetup"]


@admin.register(Rsvp)
class RsvpAdmin(ReadOnlyAdmin):
    list_display = ["user", "occurrence", "status", "check_in", "responded_at"]
    list_filter = ["status", "check_in"]
    search_fields = ["user__username", "occurrence__meetup__title"]
    list_select_related = ["user", "occurrence__meetup"]


@admin.register(Kudos)
class KudosAdmin(ReadOnlyAdmin):
    list_display = ["giver", "receiver", "occurrence", "created_at"]
    search_fields = ["giver__username", "receiver__username"]
    list_select_related = ["giver", "receiver", "occurrence__meetup"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Who has a calendar address; the secret itself is not shown."""

    list_display = ["user", "created_at"]
    fields = ["user", "created_at"]
    search_fields = ["user__username"]
