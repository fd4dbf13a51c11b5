from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AvailabilitySlot, Interest, Language, Notification, Profile, User


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    filter_horizontal = ["languages", "interests"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
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

    @admin.display(description="display name", ordering="profile__display_name")
    def display_name_column(self, user):
        return user.profile.display_name

    @admin.display(description="role", ordering="profile__role")
    def role_column(self, user):
        return user.profile.get_role_display()

    @admin.display(description="time zone", ordering="profile__time_zone")
    def time_zone_column(self, user):
        return user.profile.time_zone


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
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
class AvailabilitySlotAdmin(admin.ModelAdmin):
    list_display = ["user", "weekday", "hour"]
    list_filter = ["weekday"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "text", "created_at", "read_at"]
    list_filter = ["created_at", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "text"]
    raw_id_fields = ["user"]
