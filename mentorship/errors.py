"""Refusals of the mentorship verbs: `code` for programs, the message for people."""

from django.utils.translation import gettext_lazy as _

from core.errors import DomainError


class MentorshipError(DomainError):
    """A mentorship verb refused."""


class NotAllowed(MentorshipError):
    code = "forbidden"
    default_message = _("You cannot do that in this programme.")


class InvalidInput(MentorshipError):
    code = "invalid"
    default_message = _("Check what you entered.")


class NotOpen(MentorshipError):
    code = "closed"
    default_message = _("This programme's cycle is over.")


class CannotPair(MentorshipError):
    """The two people cannot be paired: oneself, a block, or one of them is not in the
    programme. A block is not named as such: the blocked person is not told."""

    code = "cannot_pair"
    default_message = _("You cannot be paired with this person in this programme.")


class MentorFull(MentorshipError):
    code = "mentor_full"
    default_message = _("This mentor has no free seat.")


class AlreadyRequested(MentorshipError):
    code = "already_requested"
    default_message = _("You have already asked this mentor; wait for their answer.")


class AlreadyPaired(MentorshipError):
    code = "already_paired"
    default_message = _("You already have a mentor in this programme.")


class RequestClosed(MentorshipError):
    code = "request_closed"
    default_message = _("This request has already been answered or withdrawn.")


class StalePreview(MentorshipError):
    code = "stale"
    default_message = _("Pairs or seats changed since this preview: run the round again.")


class PairClosed(MentorshipError):
    code = "pair_closed"
    default_message = _("This pair has completed its mentoring.")
