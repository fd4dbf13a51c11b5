"""Reading notifications as their recipient does: in words, blocks and access applied."""

from accounts.models import Notification
from accounts.notifications import render_for


def notice_texts(person):
    """The plain text of every notification `person` is shown, newest first."""
    listed = Notification.objects.for_recipient(person).select_related("actor__profile")
    return [item.text for item in render_for(person, listed)]


def notice_text(notification):
    [item] = render_for(notification.recipient, [notification])
    return item.text
