from django.http import HttpResponseBadRequest
from django.utils import timezone

from .timezones import DEFAULT_TIME_ZONE, get_zone


class ViewerTimeZoneMiddleware:
    """Shows every time in the signed-in viewer's own zone (UTC for visitors)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        zone_name = DEFAULT_TIME_ZONE
        user = request.user
        if user.is_authenticated:
            profile = getattr(user, "profile", None)
            if profile is not None:
                zone_name = profile.time_zone
        request.viewer_time_zone = zone_name
        timezone.activate(get_zone(zone_name))
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


class RejectNullBytesMiddleware:
    """A NUL byte has no place in a URL or form; PostgreSQL refuses it in text, so it
    would surface as a 500 from whatever query first met it. Answer 400 instead."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        sources = [request.GET] + ([request.POST] if request.method == "POST" else [])
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for data in sources
            for key, values in data.lists()
        ):
            return HttpResponseBadRequest("Requests may not contain NUL characters.")
        return self.get_response(request)
