"""Checks of what people type, shared by mentorship and coffee chats: each raises the
caller's own error class, so the refusal carries that app's code.

`what` names the field with its article ("the goal"), marked for translation by the
caller, so each language puts its own article and gender in one place."""

from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from accounts.forms import FORBIDDEN_NAME_CHARACTERS


def clean_line(value, what, limit, error):
    """A one-line text shown in lists and names: plain, short, not blank."""
    value = (value or "").strip()
    if not value:
        raise error(_("Give %(what)s.") % {"what": what})
    if len(value) > limit:
        raise error(
            _("%(What)s can be at most %(limit)s characters.")
            % {"What": capfirst(what), "limit": limit}
        )
    if any(char in FORBIDDEN_NAME_CHARACTERS for char in value):
        raise error(_("Use plain text for %(what)s: < > { } are not allowed.") % {"what": what})
    if any(ord(char) < 32 for char in value):
        raise error(_("Remove control characters from %(what)s.") % {"what": what})
    return value


def clean_text(value, what, limit, error):
    """Free text (a message, goals): any characters people type, shown escaped."""
    value = (value or "").strip()
    if len(value) > limit:
        raise error(
            _("%(What)s can be at most %(limit)s characters.")
            % {"What": capfirst(what), "limit": number_format(limit, force_grouping=True)}
        )
    if any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        raise error(_("Remove control characters from %(what)s.") % {"what": what})
    return value
