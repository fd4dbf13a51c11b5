from django.contrib import admin, messages

from . import actions
from .models import Channel, ChatPreferences, Membership, Message, Reaction


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["joined_at", "last_read_seq"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "last_seq", "slow_mode_seconds", "archived_at"]
    list_filter = ["kind", ("archived_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "slug", "topic"]
    readonly_fields = ["last_seq", "direct_key", "created_at"]
    raw_id_fields = ["created_by"]
    inlines = [MembershipInline]
    actions = ["archive"]

    @admin.action(description="Archive the selected social channels")
    def archive(self, request, queryset):
        for channel in queryset:
            try:
                actions.archive_channel(request.user, channel)
            except actions.LoungeError as error:
                self.message_user(request, f"{channel}: {error}", messages.WARNING)


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["__str__", "author", "created_at", "edited_at", "deleted_at"]
    list_filter = [
        "channel__kind",
        ("deleted_at", admin.EmptyFieldListFilter),
        ("edited_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["body", "author__username", "channel__name"]
    raw_id_fields = ["channel", "author", "reply_to"]
    readonly_fields = ["seq", "body_html", "client_id", "created_at", "version"]
    date_hierarchy = "created_at"
    actions = ["soft_delete"]

    def has_add_permission(self, request):
        return False  # messages are posted through the lounge so they are numbered

    @admin.action(description="Delete the selected messages (leaves a placeholder)")
    def soft_delete(self, request, queryset):
        for message in queryset:
            try:
                actions.delete_message(request.user, message)
            except actions.LoungeError as error:
                self.message_user(request, f"{message}: {error}", messages.WARNING)


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["emoji", "user", "message", "created_at"]
    search_fields = ["user__username", "emoji"]
    raw_id_fields = ["message", "user"]


@admin.register(ChatPreferences)
class ChatPreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "appear_offline", "share_typing"]
    list_filter = ["appear_offline", "share_typing"]
    search_fields = ["user__username"]
    raw_id_fields = ["user"]
