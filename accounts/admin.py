from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.cache import cache
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import moderation
from .admin_actions import (
    ReadOnlyAdmin,
    ReasonAndDurationForm,
    RefreshesWeekRanges,
    reasoned_action,
)
from .middleware import CONDUCT_VERSION_CACHE_KEY
from .models import (
    AvailabilitySlot,
    Block,
    CodeOfConduct,
    FreeTimeRange,
    FreeTimeWeek,
    Interaction,
    Interest,
    Language,
    ModerationAction,
    Notification,
    NotificationSettings,
    Profile,
    ScheduledRun,
    SiteRestriction,
    User,
)
from .week_ranges import FREE_TIME


class RefreshesFreeTime(RefreshesWeekRanges):
    week_table = FREE_TIME
    owner_field = "user_id"


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["languages", "interests"]


@admin.register(User)
class UserAdmin(RefreshesFreeTime, BaseUserAdmin):
    owner_field = "pk"
    inlines = [ProfileInline]
    list_display = [
        "username",
        "email",
        "display_name_column",
        "role_column",
        "time_zone_column",
        "is_active",
        "is_staff",
        "date_joined",
    ]
    list_filter = ["is_active", "is_staff", "is_superuser", "profile__role", "date_joined"]
    search_fields = ["username", "email", "profile__display_name"]
    list_select_related = ["profile"]
    ordering = ["-date_joined"]
    actions = ["warn_people", "mute_site_wide", "ban_from_community"]

    @reasoned_action(_("Warn the selected people (they see the reason)"))
    def warn_people(self, request, queryset, data):
        for person in queryset:
            moderation.warn(request.user, person, reason=data["reason"])
        count = queryset.count()
        return ngettext("Warned %(count)s person.", "Warned %(count)s people.", count) % {
            "count": count
        }

    @reasoned_action(_("Mute the selected people site-wide"), ReasonAndDurationForm)
    def mute_site_wide(self, request, queryset, data):
        return _restrict(request, queryset, data, SiteRestriction.Kind.MUTE)

    @reasoned_action(_("Ban the selected people from the community"), ReasonAndDurationForm)
    def ban_from_community(self, request, queryset, data):
        return _restrict(request, queryset, data, SiteRestriction.Kind.BAN)

    @admin.display(description=_("display name"), ordering="profile__display_name")
    def display_name_column(self, user):
        return user.profile.display_name

    @admin.display(description=_("role"), ordering="profile__role")
    def role_column(self, user):
        return user.profile.get_role_display()

    @admin.display(description=_("time zone"), ordering="profile__time_zone")
    def time_zone_column(self, user):
        return user.profile.time_zone


@admin.register(Profile)
class ProfileAdmin(RefreshesFreeTime, admin.ModelAdmin):
    list_display = [
        "user",
        "display_name",
        "role",
        "time_zone",
        "time_zone_confirmed",
        "updated_at",
    ]
    list_filter = ["role", "time_zone_confirmed", "languages", "time_zone"]
    search_fields = ["user__username", "user__email", "display_name", "bio"]
    list_select_related = ["user"]
    filter_horizontal = ["languages", "interests"]
    raw_id_fields = ["user"]


@admin.register(Language)
class LanguageAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(AvailabilitySlot)
class AvailabilitySlotAdmin(RefreshesFreeTime, admin.ModelAdmin):
    list_display = ["user", "weekday", "hour"]
    list_filter = ["weekday"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read-only: notifications are written by verbs and put into words when read."""

    list_display = ["recipient", "kind", "actor", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "created_at", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient__username"]
    raw_id_fields = ["recipient", "actor"]
    readonly_fields = [
        "recipient",
        "kind",
        "actor",
        "target_type",
        "target_id",
        "scope",
        "params",
        "created_at",
        "read_at",
        "emailed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["user", "quiet_start", "quiet_end", "last_daily_digest_at"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]


def _restrict(request, queryset, data, kind):
    done = 0
    for person in queryset:
        try:
            moderation.restrict_site(
                request.user,
                person,
                kind=kind,
                duration=timedelta(minutes=data["duration_minutes"]),
                reason=data["reason"],
            )
            done += 1
        except moderation.ModerationError as error:
            messages.error(
                request, gettext("%(person)s: %(error)s") % {"person": person, "error": error}
            )
    if not done:
        return ""
    return ngettext("%(count)s person restricted.", "%(count)s people restricted.", done) % {
        "count": done
    }


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["blocker", "blocked", "created_at"]
    search_fields = ["blocker__username", "blocked__username"]
    raw_id_fields = ["blocker", "blocked"]
    list_select_related = ["blocker", "blocked"]


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "actor",
        "action_column",
        "length_column",
        "target_user",
        "target_label",
        "reason",
    ]
    list_filter = ["action", "created_at", ("actor", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["reason", "target_label", "target_user__username", "actor__username"]
    list_select_related = ["actor", "target_user"]
    date_hierarchy = "created_at"

    def has_view_permission(self, request, obj=None):
        return moderation.is_site_moderator(request.user)

    def has_module_permission(self, request):
        return moderation.is_site_moderator(request.user)

    @admin.display(description=_("Action"), ordering="action")
    def action_column(self, entry):
        return entry.action_name

    @admin.display(description=_("Length"))
    def length_column(self, entry):
        return entry.length or "—"


@admin.register(SiteRestriction)
class SiteRestrictionAdmin(ReadOnlyAdmin):
    list_display = ["user", "kind", "until", "created_by", "created_at", "lifted_at", "reason"]
    list_filter = ["kind", ("lifted_at", admin.EmptyFieldListFilter), "created_at"]
    search_fields = ["user__username", "user__email", "reason"]
    list_select_related = ["user", "created_by"]
    actions = ["lift"]

    def has_view_permission(self, request, obj=None):
        return moderation.is_site_moderator(request.user)

    def has_module_permission(self, request):
        return moderation.is_site_moderator(request.user)

    @reasoned_action(_("Lift the selected mutes or bans"))
    def lift(self, request, queryset, data):
        for restriction in queryset.filter(lifted_at__isnull=True):
            moderation.lift_restriction(request.user, restriction, reason=data["reason"])
        return gettext("Lifted.")


@admin.register(CodeOfConduct)
class CodeOfConductAdmin(admin.ModelAdmin):
    list_display = ["version", "published_at", "changes"]
    readonly_fields = ["published_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        cache.delete(CONDUCT_VERSION_CACHE_KEY)  # ask everyone to accept it now


@admin.register(ScheduledRun)
class ScheduledRunAdmin(ReadOnlyAdmin):
    """What the periodic jobs did: a slot without `finished` and with an error failed."""

    list_display = ["job", "slot", "attempts", "finished_at", "created_at"]
    list_filter = ["job", ("finished_at", admin.EmptyFieldListFilter), "slot"]
    search_fields = ["job", "last_error"]


@admin.register(Interaction)
class InteractionAdmin(ReadOnlyAdmin):
    """The peer-interaction log, written only by verbs; it holds no message text."""

    list_display = ["person", "kind", "other", "created_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["person__username", "other__username"]
    list_select_related = ["person", "other"]
    raw_id_fields = ["person", "other"]


@admin.register(FreeTimeWeek)
class FreeTimeWeekAdmin(ReadOnlyAdmin):
    """Weeks whose free time has been worked out (accounts.week_ranges); the hourly
    job adds the coming week and drops the ones that have passed."""

    list_display = ["week"]


@admin.register(FreeTimeRange)
class FreeTimeRangeAdmin(ReadOnlyAdmin):
    """People's free time as UTC minutes of a week, derived from their free hours and
    zone: rewritten by the verbs that change those, never by hand."""

    list_display = ["user", "week", "start_minute", "end_minute"]
    list_filter = ["week"]
    search_fields = ["user__username"]
    list_select_related = ["user"]
