"""Words and times in the active language that Python puts together: a time on
someone else's wall clock (a partner's beside the viewer's, as
accounts.templatetags.commons_time does for the viewer's own zone), day names and
languages' names."""

import unicodedata

from babel.dates import format_datetime
from django.utils import translation
from django.utils.translation import pgettext_lazy

from core.dates import babel_locale

# CLDR date patterns, translatable so that each language orders and names the parts
# its own way (https://unicode.org/reports/tr35/tr35-dates.html#Date_Field_Symbol_Table).
# Translators: a CLDR date pattern: 'Tue 19:00'
WEEKDAY_TIME = pgettext_lazy("date pattern", "EEE HH:mm")
# Translators: a CLDR date pattern: 'Tue 8 Dec, 19:00'
DAY_TIME = pgettext_lazy("date pattern", "EEE d MMM, HH:mm")


def in_zone(moment, zone, pattern):
    """`moment` (aware) on the wall clock of `zone`, in the active language."""
    return format_datetime(moment.astimezone(zone), str(pattern), locale=babel_locale())


def language_name(code, fallback):
    """A language's name in the active language ('portugués' for pt in Spanish), from
    CLDR; `fallback`, the stored English name, in English and for a code CLDR does not
    know."""
    if (translation.get_language() or "en").split("-")[0] == "en":
        return fallback
    return babel_locale().languages.get(code, fallback)


def sort_key(text):
    """Accents aside, so 'árabe' sorts among the a's."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
