from .models import Notification
from .timezones import DEFAULT_TIME_ZONE, zone_label


def viewer_time_zone(request):
    zone_name = getattr(request, "viewer_time_zone", DEFAULT_TIME_ZONE)
    return {"viewer_time_zone": zone_name, "viewer_time_zone_label": zone_label(zone_name)}


def unread_notifications(request):
    """Lazy, so pages that never show the count never query it. An error page can be
    rendered before the authentication middleware has run (a foreign Host header): no
    user there, so no count."""
    user = getattr(request, "user", None)

    def count():
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.for_recipient(user).unread_count()

    return {"unread_notification_count": count}
