from .timezones import DEFAULT_TIME_ZONE, zone_label


def viewer_time_zone(request):
    zone_name = getattr(request, "viewer_time_zone", DEFAULT_TIME_ZONE)
    return {"viewer_time_zone": zone_name, "viewer_time_zone_label": zone_label(zone_name)}
