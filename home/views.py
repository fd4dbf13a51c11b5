"""Pages composed from every app: home and the health check."""

import asyncio
from datetime import timedelta

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.db.models import Case, F, Min, When
from django.db.models.functions import Greatest
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from redis.exceptions import RedisError

from accounts.forms import TimeZoneConfirmForm
from accounts.profile_completeness import completeness_for
from courses.forms import JoinCourseForm
from courses.models import Enrolment
from courses.permissions import can_create_course
from groups.sections import home_groups_section
from lounge.meetups.models import CalendarFeed

from .calendar_feed import feed_for
from .connections import PERIODS, connections_of, period_from
from .notification_access import latest_for

HEALTH_CHECK_TIMEOUT_SECONDS = 2
RECENT_NOTIFICATIONS = 8


@login_not_required
def home(request):
    if not request.user.is_authenticated:
        return render(request, "landing.html")
    profile = request.user.profile
    return render(
        request,
        "home.html",
        {
            "profile": profile,
            "instructor": can_create_course(request.user),
            # A person in no course is asked for one first: a course is where the
            # classmates and groups are.
            "in_a_course": Enrolment.objects.filter(user=request.user).exists(),
            "join_form": JoinCourseForm(),
            "notifications": latest_for(request.user, RECENT_NOTIFICATIONS),
            "sections": [home_groups_section(request)],
            "completeness": completeness_for(profile),
            "local_now": timezone.localtime(),
            "zone_form": TimeZoneConfirmForm(initial={"time_zone": profile.time_zone}),
        },
    )


@require_GET
def connections(request):
    """The viewer's own "people you have studied with": there is no one else's to ask
    for, so the address names nobody."""
    days = period_from(request.GET.get("days"))
    context = {
        "connections": connections_of(request.user, timezone.now() - timedelta(days=days)),
        "days": days,
        "periods": PERIODS,
    }
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "connections.html#connections", context)
    return render(request, "connections.html", context)


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


def _oldest_due_task_age():
    """Seconds the oldest task that is due to run has waited (from when it was queued,
    or from when it became due if it was deferred), 0 when none waits; None when tasks
    do not wait in the database (the immediate backend) or it cannot be read."""
    if not isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend):
        return None
    due_since = Case(
        When(run_after=get_date_max(), then=F("enqueued_at")),
        default=Greatest("enqueued_at", "run_after"),
    )
    try:
        oldest = DBTaskResult.objects.ready().aggregate(oldest=Min(due_since))["oldest"]
    except DatabaseError:
        return None
    return 0 if oldest is None else max(0, round((timezone.now() - oldest).total_seconds()))


@login_not_required
@never_cache
@require_GET
def healthz(request):
    checks = {
        "database": "ok" if _database_ok() else "unavailable",
        "channel_layer": "ok" if _channel_layer_ok() else "unavailable",
    }
    queue_age = _oldest_due_task_age() if checks["database"] == "ok" else None
    # Only a queue that has stalled fails the check, not one that is merely busy: a
    # load balancer takes a 503 server out of rotation, which helps no task run
    # sooner, so the threshold (TASK_QUEUE_MAX_AGE_SECONDS) is where someone should
    # be told that no worker is running, or too few are.
    if queue_age is not None:
        stalled = queue_age > settings.TASK_QUEUE_MAX_AGE_SECONDS
        checks["task_queue"] = "stalled" if stalled else "ok"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "unavailable",
            "checks": checks,
            "task_queue": {"oldest_due_seconds": queue_age},
        },
        status=200 if healthy else 503,
    )


@login_not_required
@never_cache
@require_GET
def calendar_feed(request, token):
    """A person's calendar, read by their calendar program with the secret token in the
    address (no session): a replaced or revoked token is the same 404 as a wrong one."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    site_url = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(
        feed_for(feed.user, site_url=site_url), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="commons.ics"'
    return response
