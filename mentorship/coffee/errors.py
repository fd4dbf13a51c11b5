"""Refusals of the coffee-chat verbs: `code` for programs, the message for people."""

from core.errors import DomainError


class CoffeeError(DomainError):
    """A coffee-chat verb refused."""


class NotAllowed(CoffeeError):
    code = "forbidden"
    default_message = "You cannot do that in this series."


class InvalidInput(CoffeeError):
    code = "invalid"
    default_message = "Check what you entered."


class NotTakingPart(CoffeeError):
    code = "not_taking_part"
    default_message = "Join the series first."


class CheckInClosed(CoffeeError):
    code = "check_in_closed"
    default_message = "This coffee chat is not open for a check-in."
