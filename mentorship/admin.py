"""Mentorship in Django admin: read-only records, changed only through the verbs (admin
actions approve mentors and complete pairs, as the organiser's pages do)."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy, ngettext

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyInline, run_each

from . import actions, pair_actions
from .models import (
    CheckIn,
    Feedback,
    Goal,
    MatchingRound,
    Meeting,
    MenteeProfile,
    MentorProfile,
    MentorshipRequest,
    Pair,
    PairRule,
    Programme,
)


class ActsThroughVerbs(ReadOnlyAdmin):
    """Fields stay read-only; staff get change permission only so that Django offers
    the admin actions, each of which calls a verb."""

    def has_change_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields] + [
            field.name for field in self.model._meta.many_to_many
        ]


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "course", "organiser", "starts_on", "ends_on", "mentor_rule"]
    list_filter = ["mentor_rule", "starts_on"]
    search_fields = ["name", "course__code", "organiser__username"]
    list_select_related = ["course", "organiser"]


@admin.action(description=gettext_lazy("Approve the selected mentors (they are told)"))
def approve_mentors(modeladmin, request, queryset):
    done = run_each(
        modeladmin, request, queryset, lambda profile: actions.approve_mentor(request.user, profile)
    )
    modeladmin.message_user(
        request,
        ngettext("Approved %(count)s mentor.", "Approved %(count)s mentors.", done)
        % {"count": done},
        messages.SUCCESS,
    )


@admin.register(MentorProfile)
class MentorProfileAdmin(ActsThroughVerbs):
    list_display = ["user", "programme", "capacity", "approved_at", "created_at"]
    list_filter = [("approved_at", admin.EmptyFieldListFilter), "programme"]
    search_fields = ["user__username", "programme__name"]
    list_select_related = ["user", "programme"]
    actions = [approve_mentors]


@admin.register(MenteeProfile)
class MenteeProfileAdmin(ReadOnlyAdmin):
    list_display = ["user", "programme", "same_language", "max_zone_hours", "created_at"]
    list_filter = ["programme"]
    search_fields = ["user__username", "programme__name"]
    list_select_related = ["user", "programme"]


@admin.register(MentorshipRequest)
class MentorshipRequestAdmin(ReadOnlyAdmin):
    list_display = ["mentee", "mentor", "programme", "status", "created_at", "answered_at"]
    list_filter = ["status", "programme"]
    search_fields = ["mentee__username", "mentor__username"]
    list_select_related = ["mentee", "mentor", "programme"]


class GoalInline(ReadOnlyInline):
    model = Goal
    fields = ["text", "done_at", "created_by", "created_at"]
    readonly_fields = fields


@admin.action(description=gettext_lazy("Complete the selected pairs"))
def complete_pairs(modeladmin, request, queryset):
    done = run_each(
        modeladmin, request, queryset, lambda pair: actions.complete_pair(request.user, pair)
    )
    modeladmin.message_user(
        request,
        ngettext("Completed %(count)s pair.", "Completed %(count)s pairs.", done) % {"count": done},
        messages.SUCCESS,
    )


@admin.action(description=gettext_lazy("Nudge the selected quiet pairs (both are told)"))
def nudge_pairs(modeladmin, request, queryset):
    done = run_each(
        modeladmin, request, queryset, lambda pair: pair_actions.nudge_pair(request.user, pair)
    )
    modeladmin.message_user(
        request,
        ngettext("Nudged %(count)s pair.", "Nudged %(count)s pairs.", done) % {"count": done},
        messages.SUCCESS,
    )


class CheckInInline(ReadOnlyInline):
    model = CheckIn
    fields = ["author", "answer", "met", "created_at"]
    readonly_fields = fields


class MeetingInline(ReadOnlyInline):
    model = Meeting
    fields = ["held_on", "recorded_by", "created_at"]
    readonly_fields = fields


@admin.register(Pair)
class PairAdmin(ActsThroughVerbs):
    list_display = ["mentor", "mentee", "programme", "status", "source", "score", "created_at"]
    list_filter = ["status", "source", "programme"]
    search_fields = ["mentor__username", "mentee__username"]
    list_select_related = ["mentor", "mentee", "programme"]
    inlines = [GoalInline, CheckInInline, MeetingInline]
    actions = [complete_pairs, nudge_pairs]


@admin.register(Goal)
class GoalAdmin(ReadOnlyAdmin):
    list_display = ["text", "pair", "done_at", "created_by", "created_at"]
    search_fields = ["text", "pair__mentor__username", "pair__mentee__username"]
    list_select_related = ["pair__mentor", "pair__mentee", "created_by"]


@admin.register(PairRule)
class PairRuleAdmin(ReadOnlyAdmin):
    list_display = ["programme", "mentor", "mentee", "rule", "created_by", "created_at"]
    list_filter = ["rule"]
    list_select_related = ["programme", "mentor", "mentee", "created_by"]


@admin.register(MatchingRound)
class MatchingRoundAdmin(ReadOnlyAdmin):
    list_display = [
        "programme",
        "status",
        "progress",
        "total_score",
        "run_by",
        "created_at",
        "published_at",
    ]
    list_filter = ["status"]
    list_select_related = ["programme", "run_by"]


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["pair", "author", "answer", "met", "created_at"]
    list_filter = ["met"]
    search_fields = ["answer", "author__username"]
    list_select_related = ["pair__mentor", "pair__mentee", "author"]


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ["pair", "held_on", "recorded_by", "created_at"]
    list_select_related = ["pair__mentor", "pair__mentee", "recorded_by"]


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    """Feedback is private to organisers; in the admin, to staff."""

    list_display = ["pair", "author", "rating", "created_at"]
    list_filter = ["rating", "pair__programme"]
    list_select_related = ["pair__mentor", "pair__mentee", "author"]
    readonly_fields = ["pair", "author", "rating", "text", "created_at", "updated_at"]
    exclude = ["text_html"]
