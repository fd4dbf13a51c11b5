"""The small exceptions every lounge verb raises: `code` is stable for clients (the
websocket's error frames), the message is for people."""

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .models import MAX_MESSAGE_LENGTH


class LoungeError(DomainError):
    """A lounge verb refused."""


class NotAllowed(LoungeError):
    code = "forbidden"
    default_message = _("You cannot do that here.")


class InvalidInput(LoungeError):
    code = "invalid"
    default_message = _("That input is not valid.")


class MessageTooLong(InvalidInput):
    code = "too_long"

    @property
    def default_message(self):
        return _("Messages can be at most %(limit)s characters.") % {
            "limit": number_format(MAX_MESSAGE_LENGTH, force_grouping=True)
        }


class RateLimited(LoungeError):
    code = "rate_limited"
    default_message = _("You are sending messages too fast. Wait a few seconds and try again.")


class SlowMode(RateLimited):
    code = "slow_mode"


class NotFound(LoungeError):
    """Missing and forbidden look the same (see permissions.get_message_for)."""

    code = "not_found"
    default_message = _("No such message.")


class Muted(NotAllowed):
    code = "muted"
    default_message = _("You are muted here.")


class Locked(NotAllowed):
    code = "locked"
    default_message = _("This channel is locked: only moderators can post.")


class EditWindowClosed(NotAllowed):
    code = "edit_window_closed"
    default_message = _("This message can no longer be edited.")


class ReasonRequired(InvalidInput):
    code = "reason_required"
    default_message = _("Give a reason: every moderation action is recorded with one.")
