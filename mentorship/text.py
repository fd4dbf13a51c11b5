"""Checks of what people type, shared by mentorship and coffee chats: each raises the
caller's own error class, so the refusal carries that app's code."""

from accounts.forms import FORBIDDEN_NAME_CHARACTERS


def clean_line(value, what, limit, error):
    """A one-line text shown in lists and names: plain, short, not blank."""
    value = (value or "").strip()
    if not value:
        raise error(f"Give the {what}.")
    if len(value) > limit:
        raise error(f"The {what} can be at most {limit} characters.")
    if any(char in FORBIDDEN_NAME_CHARACTERS for char in value):
        raise error(f"Use plain text for the {what}: < > {{ }} are not allowed.")
    if any(ord(char) < 32 for char in value):
        raise error(f"Remove control characters from the {what}.")
    return value


def clean_text(value, what, limit, error):
    """Free text (a message, goals): any characters people type, shown escaped."""
    value = (value or "").strip()
    if len(value) > limit:
        raise error(f"The {what} can be at most {limit:,} characters.")
    if any(ord(char) < 32 and char not in "\n\r\t" for char in value):
        raise error(f"Remove control characters from the {what}.")
    return value
