"""Calendar days and lists of names in the active language. Days have no zone: a
programme's cycle starts on the same date everywhere."""

from babel.dates import format_date
from babel.lists import format_list
from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from core.dates import babel_locale

register = template.Library()

# CLDR date patterns, translatable so that each language orders and names the parts
# its own way: EEE a short day name, d the day, MMM a short month name, y the year.
PATTERNS = {
    # Translators: a CLDR date pattern: '3 Mar 2026'
    "day": pgettext_lazy("date pattern", "d MMM y"),
    # Translators: a CLDR date pattern: '3 Mar'
    "short": pgettext_lazy("date pattern", "d MMM"),
    # Translators: a CLDR date pattern: 'Tue 3 Mar'
    "weekday": pgettext_lazy("date pattern", "EEE d MMM"),
    # Translators: a CLDR date pattern: 'Tue 3 Mar 2026'
    "weekday_year": pgettext_lazy("date pattern", "EEE d MMM y"),
}


@register.filter
def calendar_day(value, style="day"):
    """'3 Mar 2026' in English, '3 mar 2026' in Spanish, with `style` one of PATTERNS."""
    if not value:
        return ""
    return format_date(value, str(PATTERNS.get(style, PATTERNS["day"])), locale=babel_locale())


@register.filter
def names_and(people):
    """People's names as the language lists them: 'Ana and Kofi', 'Ana y Kofi'."""
    return format_list([person.display_name for person in people], locale=babel_locale())


@register.filter
def profile_links_and(people):
    """Like names_and, each name a link to its profile. The names are escaped here; the
    joining words come from CLDR and hold no markup."""
    links = [
        format_html('<a href="{}">{}</a>', person.profile.get_absolute_url(), person.display_name)
        for person in people
    ]
    return mark_safe(format_list(links, locale=babel_locale()))  # noqa: S308
