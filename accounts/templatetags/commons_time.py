"""Time display: every time is shown in the viewer's active zone, with the zone named."""

from babel.dates import format_datetime
from django import template
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import ngettext, pgettext_lazy

from core.dates import babel_locale

from ..timezones import get_zone, utc_offset_label

register = template.Library()

# CLDR date patterns (https://unicode.org/reports/tr35/tr35-dates.html#Date_Field_Symbol_Table),
# translatable so that each language orders and names the parts its own way: EEE a short
# day name, EEEE a whole one, d the day, MMM a short month name, y the year, HH:mm the time.
PATTERNS = {
    # Translators: a CLDR date pattern: 'Tue 3 Mar 2026, 19:00'
    "datetime": pgettext_lazy("date pattern", "EEE d MMM y, HH:mm"),
    # Translators: a CLDR date pattern: 'Tue 3 Mar 2026'
    "date": pgettext_lazy("date pattern", "EEE d MMM y"),
    "time": "HH:mm",
    # Within a week, e.g. the start of a shared free hour.
    # Translators: a CLDR date pattern: 'Tue 19:00'
    "weekday": pgettext_lazy("date pattern", "EEE HH:mm"),
    # The end of a range whose start already names the zone.
    "time_only": "HH:mm",
    # A time in a sentence, within weeks of now (a notification: 'Tue 3 Mar 19:00').
    # Translators: a CLDR date pattern: 'Tue 3 Mar 19:00'
    "short": pgettext_lazy("date pattern", "EEE d MMM HH:mm"),
    # Plain text for a title; the zone's abbreviation follows ('Tue 3 Mar 2026, 19:00 CET').
    "title": pgettext_lazy("date pattern", "EEE d MMM y, HH:mm"),
}
NAMED_STYLES = {"datetime", "time"}


def format_local(local, style):
    """`local` (an aware datetime in the zone to show) in the active language."""
    pattern = str(PATTERNS.get(style, PATTERNS["datetime"]))
    text = format_datetime(local, pattern, locale=babel_locale())
    if style == "title":
        text = f"{text} {local:%Z}"
    return text


@register.filter
def local_time(value, style="datetime"):
    """<time> in the active zone and language: 'Tue 3 Mar 2026, 19:00 Europe/Berlin
    (UTC+1)', 'ter. 3 mar. 2026, 19:00 America/Sao_Paulo (UTC-3)'.

    Styles "datetime" and "time" name the zone; "date", "weekday" and
    "time_only" are for places where the zone is named nearby.
    """
    if not value:
        return ""
    zone = timezone.get_current_timezone()
    text = format_local(timezone.localtime(value, zone), style)
    if style in NAMED_STYLES:
        text = f"{text} {zone.key} ({utc_offset_label(zone.key, value)})"
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), text)


@register.filter
def local_time_text(value, style="title"):
    """The text of a time in the active zone and language, without markup (for
    attributes)."""
    if not value:
        return ""
    return format_local(timezone.localtime(value), style)


@register.filter
def weekday_name(value):
    """The whole name of a date's day in the active language: 'Friday', 'sexta-feira'."""
    return format_datetime(value, "EEEE", locale=babel_locale())


@register.filter
def time_now_in(zone_name):
    """The current wall-clock time in a zone, e.g. for a member list: '21:04'."""
    return timezone.now().astimezone(get_zone(zone_name)).strftime("%H:%M")


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
        minutes = max(1, round(seconds / 60))
        return ngettext("in %(count)d minute", "in %(count)d minutes", minutes) % {"count": minutes}
    if -3600 < seconds < 0:
        minutes = max(1, round(-seconds / 60))
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {
            "count": minutes
        }
    if days == 0:
        hours = round(abs(seconds) / 3600)
        if seconds > 0:
            return ngettext("in %(count)d hour", "in %(count)d hours", hours) % {"count": hours}
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    if days == 1:
        return translation.gettext("tomorrow")
    if days == -1:
        return translation.gettext("yesterday")
    if 1 < days < 7:
        # Translators: a day later this week, e.g. 'on Friday'
        return translation.gettext("on %(weekday)s") % {
            "weekday": weekday_name(timezone.localtime(value, zone))
        }
    if days > 0:
        return ngettext("in %(count)d day", "in %(count)d days", days) % {"count": days}
    return ngettext("%(count)d day ago", "%(count)d days ago", -days) % {"count": -days}
