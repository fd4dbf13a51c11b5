"""Refusals of the coffee-chat verbs: `code` for programs, the message for people."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class CoffeeError(DomainError):
    """A coffee-chat verb refused."""


class NotAllowed(CoffeeError):
    code = "forbidden"
    default_message = _("You cannot do that in this series.")


class InvalidInput(CoffeeError):
    code = "invalid"
    default_message = _("Check what you entered.")


class NotTakingPart(CoffeeError):
    code = "not_taking_part"
    default_message = _("Join the series first.")


class CheckInClosed(CoffeeError):
    code = "check_in_closed"
    default_message = _("This coffee chat is not open for a check-in.")
