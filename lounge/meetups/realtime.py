"""What a channel's open pages hear when its meetups change: the counts of a date (the
same partial the meetup card renders on load), swapped in by id. Times are not sent:
each page shows them in its own viewer's zone, and they change only on a reload. The
counts are rendered once per language; each socket sends its own person's."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.realtime import broadcast_on_commit
from lounge.realtime import channel_group

from .dates import Date


def occurrence_changed(meetup, occurrence):
    date = Date(meetup, occurrence.index, occurrence.starts_at, occurrence.ends_at, row=occurrence)
    context = {"date": date, "oob": True}
    html = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            html[language] = render_to_string("meetups/detail.html#counts", context)
    broadcast_on_commit(
        (channel_group(meetup.channel_id), {"type": "meetup.changed", "html": html})
    )
