"""Coffee chats in Django admin: read-only records, changed only through the verbs
(admin actions run a round now and pause or resume a series, as the organiser's page
does)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyInline, run_each

from . import actions
from .models import Avoidance, Pairing, Participant, Round, Seat, Series


class ActsThroughVerbs(ReadOnlyAdmin):
    """Fields stay read-only; staff get change permission only so that Django offers
    the admin actions, each of which calls a verb."""

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]


@admin.action(
    description=gettext_lazy("Run a round of the selected series now (everyone paired is told)")
)
def run_rounds(modeladmin, request, queryset):
    done = run_each(
        modeladmin, request, queryset, lambda series: actions.run_round(request.user, series)
    )
    modeladmin.message_user(
        request,
        ngettext("Ran %(count)s round.", "Ran %(count)s rounds.", done) % {"count": done},
        messages.SUCCESS,
    )


@admin.action(description=gettext_lazy("Pause the selected series"))
def pause_series(modeladmin, request, queryset):
    done = run_each(
        modeladmin, request, queryset, lambda series: actions.set_paused(request.user, series, True)
    )
    modeladmin.message_user(
        request,
        ngettext("Paused %(count)s series.", "Paused %(count)s series.", done) % {"count": done},
        messages.SUCCESS,
    )


@admin.action(description=gettext_lazy("Resume the selected series"))
def resume_series(modeladmin, request, queryset):
    done = run_each(
        modeladmin,
        request,
        queryset,
        lambda series: actions.set_paused(request.user, series, False),
    )
    modeladmin.message_user(
        request,
        ngettext("Resumed %(count)s series.", "Resumed %(count)s series.", done) % {"count": done},
        messages.SUCCESS,
    )


@admin.register(Series)
class SeriesAdmin(ActsThroughVerbs):
    list_display = [
        "name",
        "course",
        "organiser",
        "cadence_days",
        "mode",
        "next_round_at",
        "paused",
    ]
    list_filter = ["cadence_days", "mode", "paused"]
    search_fields = ["name", "course__code", "organiser__username"]
    list_select_related = ["course", "organiser"]
    actions = [run_rounds, pause_series, resume_series]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    list_display = ["user", "series", "active", "skip_rounds", "snoozed_until", "joined_at"]
    list_filter = ["active", "series"]
    search_fields = ["user__username", "series__name"]
    list_select_related = ["user", "series"]


@admin.register(Avoidance)
class AvoidanceAdmin(ReadOnlyAdmin):
    list_display = ["person", "other", "created_at"]
    search_fields = ["person__username", "other__username"]
    list_select_related = ["person", "other"]


class SeatInline(ReadOnlyInline):
    model = Seat
    fields = ["user", "was_isolated", "check_in", "checked_in_at"]
    readonly_fields = fields


@admin.register(Pairing)
class PairingAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "round", "icebreaker", "overlap_minutes", "created_at"]
    list_select_related = ["round__series"]
    search_fields = ["seats__user__username"]
    inlines = [SeatInline]


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = [
        "series",
        "number",
        "ran_at",
        "run_by",
        "participant_count",
        "isolated_count",
        "isolated_paired",
    ]
    list_filter = ["series"]
    list_select_related = ["series", "run_by"]


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    """One person in one pairing, with their check-in."""

    list_display = ["user", "pairing", "round", "was_isolated"]
    list_select_related = ["user", "pairing", "round__series"]
    search_fields = ["user__username"]
