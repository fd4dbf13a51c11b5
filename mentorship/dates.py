"""Times shown in someone else's zone (a partner's clock beside the viewer's), with day
and month names in the active language, as accounts.templatetags.commons_time does for
the viewer's own zone."""

from babel import Locale
from babel.dates import format_datetime
from django.utils import translation
from django.utils.translation import pgettext_lazy

# CLDR date patterns, translatable so that each language orders and names the parts
# its own way (https://unicode.org/reports/tr35/tr35-dates.html#Date_Field_Symbol_Table).
# Translators: a CLDR date pattern: 'Tue 19:00'
WEEKDAY_TIME = pgettext_lazy("date pattern", "EEE HH:mm")
# Translators: a CLDR date pattern: 'Tue 8 Dec, 19:00'
DAY_TIME = pgettext_lazy("date pattern", "EEE d MMM, HH:mm")


def in_zone(moment, zone, pattern):
    """`moment` (aware) on the wall clock of `zone`, in the active language."""
    locale = Locale.parse(translation.to_locale(translation.get_language() or "en"))
    return format_datetime(moment.astimezone(zone), str(pattern), locale=locale)
