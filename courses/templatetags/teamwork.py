"""Template filters of the teamwork pages."""

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.templatetags.commons_time import from_now

register = template.Library()


def _days(count):
    return ngettext("%(count)s day", "%(count)s days", count) % {"count": count}


def _hours(count):
    return ngettext("%(count)s hour", "%(count)s hours", count) % {"count": count}


def _minutes(count):
    return ngettext("%(count)s minute", "%(count)s minutes", count) % {"count": count}


@register.filter
def time_left(due, now=None):
    """A countdown to a due time in its two largest units: "4 days 7 hours left",
    "3 hours 5 minutes left", "12 minutes left"; once past, how long ago it was."""
    now = now or timezone.now()
    seconds = int((due - now).total_seconds())
    if seconds <= 0:
        # Translators: the due time has passed; "when" reads like "3 hours ago".
        return _("due %(when)s") % {"when": from_now(due, now)}
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = max(1, rest // 60) if not (days or hours) else rest // 60
    if days:
        parts = [_days(days)] + ([_hours(hours)] if hours else [])
    elif hours:
        parts = [_hours(hours)] + ([_minutes(minutes)] if minutes else [])
    else:
        parts = [_minutes(minutes)]
    # Translators: "duration" reads like "4 days 7 hours".
    return _("%(duration)s left") % {"duration": " ".join(parts)}
