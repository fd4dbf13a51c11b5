"""Refusals of the live-session verbs: `code` for programs (error frames, htmx
replies), the message for people."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class LiveError(DomainError):
    code = "live_error"


class NotAllowed(LiveError):
    code = "forbidden"
    default_message = _("Only the session's host can do that.")


class InvalidInput(LiveError):
    code = "invalid"
    default_message = _("That is not a valid choice.")


class SessionNotLive(LiveError):
    code = "not_live"
    default_message = _("The session is not running.")


class SessionEnded(LiveError):
    code = "ended"
    default_message = _("The session has ended.")


class RoomsOpen(LiveError):
    code = "rooms_open"
    default_message = _("Close the rooms first.")


class RoomsClosed(LiveError):
    code = "rooms_closed"
    default_message = _("The rooms are not open.")


class RoomFull(LiveError):
    code = "room_full"
    default_message = _("That room is full: choose another.")


class NotAParticipant(LiveError):
    code = "forbidden"
    default_message = _("Join the session's lobby first.")
