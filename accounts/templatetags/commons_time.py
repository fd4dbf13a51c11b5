"""Time display: every time is shown in the viewer's active zone, with the zone named."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..timezones import get_zone, utc_offset_label

register = template.Library()

FORMATS = {
    "datetime": "%a %-d %b %Y, %H:%M",
    "date": "%a %-d %b %Y",
    "time": "%H:%M",
    "weekday": "%a %H:%M",  # within a week, e.g. the start of a shared free hour
    "time_only": "%H:%M",  # the end of a range whose start already names the zone
    "title": "%a %-d %b %Y, %H:%M %Z",  # plain text for a title: 'Tue 3 Mar 2026, 19:00 CET'
}
NAMED_STYLES = {"datetime", "time"}


@register.filter
def local_time(value, style="datetime"):
    """<time> in the active zone: 'Tue 3 Mar 2026, 19:00 Europe/Berlin (UTC+1)'.

    Styles "datetime" and "time" name the zone; "date", "weekday" and
    "time_only" are for places where the zone is named nearby.
    """
    if not value:
        return ""
    zone = timezone.get_current_timezone()
    local = timezone.localtime(value, zone)
    text = local.strftime(FORMATS.get(style, FORMATS["datetime"]))
    if style in NAMED_STYLES:
        text = f"{text} {zone.key} ({utc_offset_label(zone.key, value)})"
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.filter
def local_time_text(value, style="title"):
    """The text of a time in the active zone, without markup (for attributes). Cheaper
    than Django's `date` filter, which a long list of rows would pay for on each."""
    if not value:
        return ""
    return timezone.localtime(value).strftime(FORMATS.get(style, FORMATS["title"]))


@register.filter
def time_now_in(zone_name):
    """The current wall-clock time in a zone, e.g. for a member list: '21:04'."""
    return timezone.now().astimezone(get_zone(zone_name)).strftime("%H:%M")


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


@register.filter
def from_now(value, now=None):
    """How far off a time is, in words a person uses, on the viewer's own calendar:
    "in 40 minutes", "in 3 hours", "tomorrow", "on Friday", "in 12 days", "yesterday",
    "3 days ago". Days are counted in the viewer's zone, so "tomorrow" is their tomorrow."""
    if not value:
        return ""
    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    seconds = (value - now).total_seconds()
    days = (timezone.localtime(value, zone).date() - timezone.localtime(now, zone).date()).days
    if 0 <= seconds < 3600:
        return f"in {_plural(max(1, round(seconds / 60)), 'minute')}"
    if -3600 < seconds < 0:
        return f"{_plural(max(1, round(-seconds / 60)), 'minute')} ago"
    if days == 0:
        hours = round(abs(seconds) / 3600)
        return f"in {_plural(hours, 'hour')}" if seconds > 0 else f"{_plural(hours, 'hour')} ago"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {timezone.localtime(value, zone):%A}"
    return f"in {_plural(days, 'day')}" if days > 0 else f"{_plural(-days, 'day')} ago"
