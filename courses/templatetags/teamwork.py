"""Template filters of the teamwork pages."""

from django import template
from django.utils import timezone

from accounts.templatetags.commons_time import from_now

register = template.Library()


def _plural(count, word):
    return f"{count} {word}{'' if count == 1 else 's'}"


@register.filter
def time_left(due, now=None):
    """A countdown to a due time in its two largest units: "4 days 7 hours left",
    "3 hours 5 minutes left", "12 minutes left"; once past, how long ago it was."""
    now = now or timezone.now()
    seconds = int((due - now).total_seconds())
    if seconds <= 0:
        return f"due {from_now(due, now)}"
    days, rest = divmod(seconds, 86_400)
    hours, rest = divmod(rest, 3600)
    minutes = max(1, rest // 60) if not (days or hours) else rest // 60
    if days:
        parts = [_plural(days, "day")] + ([_plural(hours, "hour")] if hours else [])
    elif hours:
        parts = [_plural(hours, "hour")] + ([_plural(minutes, "minute")] if minutes else [])
    else:
        parts = [_plural(minutes, "minute")]
    return " ".join(parts) + " left"
