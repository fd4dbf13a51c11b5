"""The meetup form: a date and a wall-clock time in the organiser's zone become a UTC
instant here, so the verbs only ever see aware times."""

from datetime import UTC, datetime, timedelta

from django import forms
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import reject_markup
from accounts.timezones import get_zone

from .models import (
    MAX_CAPACITY,
    MAX_DESCRIPTION_LENGTH,
    MAX_KUDOS_LENGTH,
    MAX_TITLE_LENGTH,
    MIN_CAPACITY,
    Meetup,
    Rsvp,
)

DURATION_CHOICES = [
    (15, _("15 minutes")),
    (30, _("30 minutes")),
    (45, _("45 minutes")),
    (60, _("1 hour")),
    (90, _("1½ hours")),
    (120, _("2 hours")),
    (180, _("3 hours")),
    (240, _("4 hours")),
    (360, _("6 hours")),
    (480, _("8 hours")),
    (720, _("12 hours")),
]


class MeetupForm(forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=MAX_TITLE_LENGTH, validators=[reject_markup]
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=MAX_DESCRIPTION_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional. **bold**, _italic_, [links](https://…) and lists work."),
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.TypedChoiceField(
        label=_("How long"), choices=DURATION_CHOICES, coerce=int, initial=60
    )
    capacity = forms.IntegerField(
        label=_("Seats"),
        required=False,
        min_value=MIN_CAPACITY,
        max_value=MAX_CAPACITY,
        help_text=_("Optional. When they are taken, people join a waitlist."),
    )
    where = forms.ChoiceField(
        label=_("Where"), choices=Meetup.Where.choices, widget=forms.RadioSelect, initial="lounge"
    )
    call_url = forms.CharField(
        label=_("Call link"),
        max_length=500,
        required=False,
        validators=[URLValidator(schemes=["http", "https"])],
        widget=forms.URLInput(attrs={"placeholder": "https://"}),
    )
    place = forms.CharField(
        label=_("Place"), max_length=200, required=False, validators=[reject_markup]
    )
    recurrence = forms.ChoiceField(
        label=_("Repeats"), choices=Meetup.Recurrence.choices, initial="none"
    )
    repeat_until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("For a repeating meetup: no date after this one."),
    )

    def __init__(self, *args, time_zone, require_future=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.time_zone = time_zone
        self.require_future = require_future

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("date"), cleaned.get("time")
        if day is not None and at is not None:
            starts_at = datetime.combine(day, at, tzinfo=get_zone(self.time_zone))
            if self.require_future and starts_at <= timezone.now():
                self.add_error("time", _("Choose a start in the future."))
            cleaned["starts_at"] = starts_at.astimezone(UTC)
        where = cleaned.get("where")
        if where == Meetup.Where.LINK and not cleaned.get("call_url"):
            self.add_error("call_url", _("Give the call link (https://…)."))
        if where == Meetup.Where.PLACE and not cleaned.get("place", "").strip():
            self.add_error("place", _("Say where to meet."))
        if cleaned.get("recurrence", "none") != "none":
            until = cleaned.get("repeat_until")
            if until is None:
                self.add_error("repeat_until", _("A repeating meetup needs a last date."))
            elif day is not None and until < day:
                self.add_error("repeat_until", _("The last date is on or after the first."))
            elif day is not None and until - day > timedelta(days=366):
                self.add_error("repeat_until", _("Plan at most a year ahead."))
        return cleaned

    def details(self):
        """The verbs' keyword arguments."""
        data = self.cleaned_data
        where = data["where"]
        return {
            "title": data["title"].strip(),
            "description": data["description"].replace("\x00", "").strip(),
            "starts_at": data["starts_at"],
            "time_zone": self.time_zone,
            "duration_minutes": data["duration_minutes"],
            "recurrence": data["recurrence"],
            "repeat_until": data["repeat_until"] if data["recurrence"] != "none" else None,
            "capacity": data["capacity"],
            "where": where,
            "call_url": data["call_url"] if where == Meetup.Where.LINK else "",
            "place": data["place"].strip() if where == Meetup.Where.PLACE else "",
        }

    @classmethod
    def initial_for(cls, meetup):
        local = meetup.starts_at.astimezone(get_zone(meetup.time_zone))
        return {
            "title": meetup.title,
            "description": meetup.description,
            "date": local.date(),
            "time": local.time(),
            "duration_minutes": meetup.duration_minutes,
            "capacity": meetup.capacity,
            "where": meetup.where,
            "call_url": meetup.call_url,
            "place": meetup.place,
            "recurrence": meetup.recurrence,
            "repeat_until": meetup.repeat_until,
        }


class RsvpForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (s.value, s.label) for s in (Rsvp.Status.GOING, Rsvp.Status.MAYBE, Rsvp.Status.CANT)
        ]
    )


class ReasonForm(forms.Form):
    """Only a moderator acting on someone else's meetup must give one."""

    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class CheckInForm(forms.Form):
    happened = forms.TypedChoiceField(
        choices=[("met", _("We met")), ("did_not_happen", _("It didn't happen"))],
        coerce=lambda value: value == "met",
    )


class KudosForm(forms.Form):
    to = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=_("Kudos"),
        max_length=MAX_KUDOS_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("Thanks for…")}),
    )


class MeetupFilterForm(forms.Form):
    KINDS = [
        ("", _("Anywhere")),
        ("social", _("Social channels")),
        ("course", _("Courses")),
        ("group", _("Study groups")),
        ("direct", _("Conversations")),
    ]

    kind = forms.ChoiceField(label=_("Kind of chat"), choices=KINDS, required=False)
    channel = forms.ChoiceField(label=_("Chat"), required=False)
    going = forms.BooleanField(label=_("Only ones I am going to"), required=False)
    past = forms.BooleanField(label=_("Past meetups"), required=False)

    def __init__(self, *args, channels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Any chat"))] + [
            (channel.slug, channel.label) for channel in channels
        ]
