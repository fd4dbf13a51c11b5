"""Refusals of the meetup verbs: `code` for programs, the message for people."""

from django.utils.translation import gettext_lazy as _

from lounge.errors import LoungeError, NotAllowed


class MeetupError(LoungeError):
    """A meetup verb refused."""


class CannotMeetHere(NotAllowed):
    default_message = _("You cannot call a meetup in this channel.")


class NotOrganiser(NotAllowed):
    default_message = _("Only the meetup's organiser and the channel's moderators can do that.")


class MeetupCancelled(MeetupError):
    code = "cancelled"
    default_message = _("This meetup was cancelled.")


class NoSuchOccurrence(MeetupError):
    code = "no_such_occurrence"
    default_message = _("The meetup does not take place on that date.")


class OccurrenceSkipped(MeetupError):
    code = "skipped"
    default_message = _("This date of the meetup was skipped.")


class OccurrenceOver(MeetupError):
    code = "over"
    default_message = _("This meetup has already ended.")


class OccurrenceNotOver(MeetupError):
    code = "not_over"
    default_message = _("You can say how it went once the meetup has begun.")


class InvalidMeetup(MeetupError):
    code = "invalid"
    default_message = _("Check the meetup's details.")


class NotAttendee(NotAllowed):
    default_message = _("Only people who said they were going can do that.")
