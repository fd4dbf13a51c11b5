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
