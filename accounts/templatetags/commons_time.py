"""Time display: every time is shown in the viewer's active zone, with the zone named."""

from django import template
from django.utils import timezone
from django.utils.html import format_html

from ..timezones import utc_offset_label

register = template.Library()


@register.filter
def local_time(value, style="datetime"):
    """<time> in the active zone: 'Tue 3 Mar 2026, 19:00 Europe/Berlin (UTC+1)'."""
    if not value:
        return ""
    zone = timezone.get_current_timezone()
    local = timezone.localtime(value, zone)
    formats = {"datetime": "%a %-d %b %Y, %H:%M", "date": "%a %-d %b %Y", "time": "%H:%M"}
    text = local.strftime(formats.get(style, formats["datetime"]))
    if style != "date":
        text = f"{text} {zone.key} ({utc_offset_label(zone.key, value)})"
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)
