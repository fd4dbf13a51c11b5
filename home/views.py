"""Pages composed from every app: home and the health check."""

import asyncio

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from redis.exceptions import RedisError

from accounts.forms import TimeZoneConfirmForm
from accounts.models import Notification
from accounts.notifications import render_for
from accounts.profile_completeness import completeness_for
from groups.sections import home_groups_section

HEALTH_CHECK_TIMEOUT_SECONDS = 2
RECENT_NOTIFICATIONS = 8


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    profile = request.user.profile
    notifications = render_for(
        request.user,
        Notification.objects.for_recipient(request.user).select_related("actor__profile")[
            :RECENT_NOTIFICATIONS
        ],
    )
    return render(
        request,
        "home.html",
        {
            "profile": profile,
            "notifications": notifications,
            "sections": [home_groups_section(request)],
            "completeness": completeness_for(profile),
            "local_now": timezone.localtime(),
            "zone_form": TimeZoneConfirmForm(initial={"time_zone": profile.time_zone}),
        },
    )


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


async def _channel_layer_round_trip():
    layer = get_channel_layer()
    channel = await layer.new_channel("healthz.")
    await layer.send(channel, {"type": "healthz.ping"})
    return (await layer.receive(channel))["type"] == "healthz.ping"


def _channel_layer_ok():
    try:
        return async_to_sync(asyncio.wait_for)(
            _channel_layer_round_trip(), HEALTH_CHECK_TIMEOUT_SECONDS
        )
    except (OSError, TimeoutError, RedisError):
        return False


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "ok" if _database_ok() else "unavailable",
        "channel_layer": "ok" if _channel_layer_ok() else "unavailable",
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
