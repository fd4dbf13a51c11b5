"""Live sessions in Django admin: read-only records (rooms, seats, who came), with the
one change an admin may need, ending a session, done through its verb."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyInline, run_each

from . import actions
from .models import LiveSession, Participant, Room, Seat


class RoomInline(ReadOnlyInline):
    model = Room
    fields = ["round", "number", "name", "lead", "opened_at", "closed_at"]
    readonly_fields = fields


class ParticipantInline(ReadOnlyInline):
    model = Participant
    fields = ["user", "joined_at", "sockets", "seen_at", "help_asked_at", "help_room"]
    readonly_fields = fields


@admin.register(LiveSession)
class LiveSessionAdmin(ReadOnlyAdmin):
    list_display = [
        "title",
        "course",
        "group",
        "host",
        "status",
        "round",
        "rooms_open",
        "created_at",
    ]
    list_filter = ["status", "rooms_open"]
    search_fields = ["title", "course__code", "group__name", "host__username"]
    list_select_related = ["course", "group", "host"]
    fields = [
        "title",
        "course",
        "group",
        "host",
        "call_link",
        "status",
        "started_at",
        "ended_at",
        "round",
        "mode",
        "room_cap",
        "grouping",
        "rooms_open",
        "rooms_opened_at",
        "rooms_close_at",
        "announcement",
    ]
    inlines = [RoomInline, ParticipantInline]
    actions = ["end_sessions"]

    @admin.action(description=_("End the selected sessions (rooms close, chats and boards kept)"))
    def end_sessions(self, request, queryset):
        done = run_each(
            self,
            request,
            list(queryset.exclude(status=LiveSession.Status.ENDED)),
            lambda session: actions.end_session(request.user, session),
        )
        message = ngettext("%(count)s session(s) ended.", "%(count)s session(s) ended.", done) % {
            "count": done
        }
        self.message_user(request, message, messages.SUCCESS)


@admin.register(Room)
class RoomAdmin(ReadOnlyAdmin):
    list_display = ["name", "session", "round", "number", "lead", "opened_at", "closed_at"]
    search_fields = ["name", "session__title"]
    list_select_related = ["session", "lead"]
    fields = ["session", "round", "number", "name", "lead", "opened_at", "closed_at"]


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ["user", "room", "round", "placed_by", "placed_at"]
    search_fields = ["user__username", "room__name", "session__title"]
    list_select_related = ["user", "room", "placed_by"]
    fields = ["user", "room", "session", "round", "placed_by", "placed_at"]


@admin.register(Participant)
class ParticipantAdmin(ReadOnlyAdmin):
    """Who came to a session's lobby, and who asked for help (kept by the socket)."""

    list_display = ["user", "session", "joined_at", "seen_at", "help_asked_at"]
    list_select_related = ["user", "session"]
    search_fields = ["user__username", "session__title"]
