"""The flat fields of a board socket's frames (an operation's items are checked by
groups.boards.items), and the room page's host forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .items import BOARD_HEIGHT, BOARD_WIDTH, MAX_POINTS


class ClientIdFrame(forms.Form):
    # Chosen by the page, echoed back with the operation (or its error) so the page can
    # match them to what it showed before the server answered.
    client_id = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,40}$", required=False)


class CursorFrame(forms.Form):
    x = forms.IntegerField(min_value=0, max_value=BOARD_WIDTH)
    y = forms.IntegerField(min_value=0, max_value=BOARD_HEIGHT)


class PreviewFrame(forms.Form):
    # Where a stroke's points continue the ones sent before (0: a new drawing).
    start = forms.IntegerField(min_value=0, max_value=MAX_POINTS, required=False)
    # Set, with the item's id, when the drawing was abandoned (a pinch, a cancel).
    end = forms.BooleanField(required=False)
    id = forms.RegexField(regex=r"^[A-Za-z0-9_-]{1,40}$", required=False)


class ViewFrame(forms.Form):
    """The part of the board a host's page shows (whole board units), for those
    following."""

    x = forms.IntegerField(min_value=0, max_value=BOARD_WIDTH)
    y = forms.IntegerField(min_value=0, max_value=BOARD_HEIGHT)
    w = forms.IntegerField(min_value=1, max_value=BOARD_WIDTH)
    h = forms.IntegerField(min_value=1, max_value=BOARD_HEIGHT)

    def clean(self):
        data = super().clean()
        if {"x", "y", "w", "h"} <= data.keys() and (
            data["x"] + data["w"] > BOARD_WIDTH or data["y"] + data["h"] > BOARD_HEIGHT
        ):
            raise forms.ValidationError(_("The view must lie on the board."))
        return data


class ResumeFrame(forms.Form):
    after = forms.IntegerField(min_value=0, max_value=2**31)


class ReadOnlyForm(forms.Form):
    read_only = forms.BooleanField(required=False)


class DrawingForm(forms.Form):
    allowed = forms.BooleanField(required=False)
