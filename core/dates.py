"""Names of dates in the active language, from CLDR through Babel: the one place that
turns the language Django has active into Babel's locale, and that names the days."""

from functools import cache

from babel import Locale
from django.conf import settings
from django.utils import translation


@cache
def _parsed(language_code):
    return Locale.parse(translation.to_locale(language_code))


def babel_locale(language_code=None):
    """Babel's locale of `language_code` ('pt-br'), by default the active language."""
    return _parsed(language_code or translation.get_language() or settings.LANGUAGE_CODE)


def day_names(width="wide", *, standalone=False):
    """Monday to Sunday in the active language: 'Monday', 'lunes', 'segunda-feira';
    width "abbreviated" gives 'Mon', 'lun', 'seg.'. `standalone` is the form a heading
    or a list shows on its own (capitalised where the language does)."""
    names = babel_locale().days["stand-alone" if standalone else "format"][width]
    return [names[day] for day in range(7)]
