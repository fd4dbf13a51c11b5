"""Forms of the session pages and the frames of its socket. The verbs check again:
these only turn text into the values they take."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import (
    MAX_BROADCAST_LENGTH,
    MAX_ROOMS,
    MAX_ROUND_MINUTES,
    MAX_TITLE_LENGTH,
    LiveSession,
)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=MAX_TITLE_LENGTH)
    call_link = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        label=_("Call link (optional)"),
        help_text=_("Video stays in your own tool: an https:// link to the call."),
    )
    start = forms.BooleanField(required=False, initial=True, label=_("Open the lobby now"))


class RoomsForm(forms.Form):
    mode = forms.ChoiceField(choices=LiveSession.Mode.choices, label=_("How people are placed"))
    count = forms.IntegerField(min_value=1, max_value=MAX_ROOMS, initial=3, label=_("Rooms"))
    cap = forms.IntegerField(
        min_value=1, max_value=50, required=False, label=_("Cap per room (when people choose)")
    )
    grouping = forms.IntegerField(required=False, widget=forms.Select, label=_("Grouping"))
    names = forms.CharField(
        required=False,
        max_length=2000,
        label=_("Room names (optional, one a line)"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpenForm(forms.Form):
    minutes = forms.IntegerField(
        min_value=1, max_value=MAX_ROUND_MINUTES, required=False, label=_("Timer (minutes)")
    )


class ExtendForm(forms.Form):
    minutes = forms.IntegerField(min_value=1, max_value=60, initial=5, label=_("Minutes"))


class AnnounceForm(forms.Form):
    text = forms.CharField(max_length=MAX_BROADCAST_LENGTH, label=_("Message to every room"))


class PlaceForm(forms.Form):
    user = forms.IntegerField(min_value=1)
    # 0: back to the lobby.
    room = forms.IntegerField(min_value=0)


class LeadForm(forms.Form):
    # 0: no lead.
    user = forms.IntegerField(min_value=0)


class UserForm(forms.Form):
    user = forms.IntegerField(min_value=1)


class GroupingNameForm(forms.Form):
    name = forms.CharField(max_length=80, label=_("Name of the grouping"))


# Frames ------------------------------------------------------------------------------


class ChooseFrame(forms.Form):
    room = forms.IntegerField(min_value=1)


class MoveFrame(forms.Form):
    user = forms.IntegerField(min_value=1)
    room = forms.IntegerField(min_value=0)
