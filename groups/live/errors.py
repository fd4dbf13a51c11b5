"""Refusals of the live-session verbs: `code` for programs (error frames, htmx
replies), the message for people."""

from core.errors import DomainError


class LiveError(DomainError):
    code = "live_error"


class NotAllowed(LiveError):
    code = "forbidden"
    default_message = "Only the session's host can do that."


class InvalidInput(LiveError):
    code = "invalid"
    default_message = "That is not a valid choice."


class SessionNotLive(LiveError):
    code = "not_live"
    default_message = "The session is not running."


class SessionEnded(LiveError):
    code = "ended"
    default_message = "The session has ended."


class RoomsOpen(LiveError):
    code = "rooms_open"
    default_message = "Close the rooms first."


class RoomsClosed(LiveError):
    code = "rooms_closed"
    default_message = "The rooms are not open."


class RoomFull(LiveError):
    code = "room_full"
    default_message = "That room is full: choose another."


class NotAParticipant(LiveError):
    code = "forbidden"
    default_message = "Join the session's lobby first."
