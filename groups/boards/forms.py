"""The flat fields of a board socket's frames (an operation's items are checked by
groups.boards.items), and the room page's host forms."""

from django import forms

from .items import BOARD_HEIGHT, BOARD_WIDTH


class ClientIdFrame(forms.Form):
    # Chosen by the page, echoed back with the operation (or its error) so the page can
    # match them to what it showed before the server answered.
    client_id = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,40}$", required=False)


class CursorFrame(forms.Form):
    x = forms.IntegerField(min_value=0, max_value=BOARD_WIDTH)
    y = forms.IntegerField(min_value=0, max_value=BOARD_HEIGHT)


class ResumeFrame(forms.Form):
    after = forms.IntegerField(min_value=0, max_value=2**31)


class ReadOnlyForm(forms.Form):
    read_only = forms.BooleanField(required=False)


class DrawingForm(forms.Form):
    allowed = forms.BooleanField(required=False)
