"""The community-health pages of a course (/courses/<id>/health/…), for its instructors
(and its TAs when the course allows): the isolation radar with its one-click actions,
and the health of its study groups. Everyone else gets the 404 of a missing course.
Served by home because they compose courses, groups and mentorship."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError
from courses.availability_heatmap import course_heatmap
from courses.permissions import get_course_for_health
from groups import actions as group_actions
from groups.health_refresh import request_refresh
from lounge import actions as lounge_actions
from mentorship.coffee import actions as coffee_actions

from . import health

AUDIT_INVITE = "health.invite_to_group"
AUDIT_NOTE = "health.friendly_note"
AUDIT_COFFEE = "health.add_to_coffee"


def radar(request, pk):
    course = get_course_for_health(request.user, pk)
    snapshot, ready = health.snapshot_of(course)
    now = timezone.now()
    days = health.chosen_days(request)
    context = {"course": course, "snapshot": snapshot, "ready": ready, "days": days}
    if ready:
        rows, total = health.radar_rows(course, snapshot.data, now, days)
        nodes, ties, sampled = health.chart_data(snapshot.data, now, days)
        zone_name = timezone.get_current_timezone_name()
        context |= {
            "rows": rows,
            "total": total,
            "day_choices": health.RADAR_DAYS,
            "students": len(snapshot.data["students"]),
            "nodes": nodes,
            "ties": ties,
            "chart_sampled": sampled,
            "zone_name": zone_name,
            "heatmap_grid": snapshot.data.get("heatmaps", {}).get(zone_name)
            or course_heatmap(course, zone_name, now),
        }
    return render(request, "health/radar.html", context)


def groups(request, pk):
    course = get_course_for_health(request.user, pk)
    snapshot, ready = health.snapshot_of(course)
    context = {"course": course, "snapshot": snapshot, "ready": ready}
    if ready:
        by_id = {group["id"]: group for group in snapshot.data["groups"]}
        context |= {
            "groups": [
                group | {"trend_label": health.TREND_LABELS[group["trend"]]}
                for group in snapshot.data["groups"]
            ],
            "merges": [
                [by_id[one] for one in merge["groups"]] + [merge["shared_hours"]]
                for merge in snapshot.data["merges"]
                if all(one in by_id for one in merge["groups"])
            ],
        }
    return render(request, "health/groups.html", context)


@require_POST
def refresh(request, pk):
    course = get_course_for_health(request.user, pk)
    try:
        request_refresh(request.user, course)
    except DomainError as error:
        messages.info(request, str(error))
    else:
        messages.success(request, _("Recomputing: reload the page in a minute."))
    page = "health:groups" if request.POST.get("next") == "groups" else "health:radar"
    return redirect(page, pk)


def _outcome(request, course, student, text, *, failed=False):
    """The row's outcome: in place for htmx, else as a message on the radar."""
    if request.htmx:
        return render(
            request,
            "health/radar.html#outcome",
            {"text": text, "failed": failed},
        )
    (messages.error if failed else messages.success)(request, text)
    return redirect(reverse("health:radar", args=[course.pk]) + f"#student-{student.pk}")


def _act(request, pk, form_class, act):
    """Parses the posted form, checks every id against the course (404 otherwise), runs
    `act(course, student, cleaned data)` and answers with the text it returns."""
    course = get_course_for_health(request.user, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        student = health.student_of(course, form.cleaned_data.get("student"))
        errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
        return _outcome(request, course, student, errors, failed=True)
    student = health.student_of(course, form.cleaned_data["student"])
    try:
        text = act(course, student, form.cleaned_data)
    except DomainError as error:
        return _outcome(request, course, student, str(error), failed=True)
    return _outcome(request, course, student, text)


@require_POST
def invite(request, pk):
    def act(course, student, data):
        group = health.group_of(course, data["group"])
        group_actions.invite(request.user, group, student, audit_action=AUDIT_INVITE)
        return _("Invited %(name)s to %(group)s.") % {
            "name": student.display_name,
            "group": group.name,
        }

    return _act(request, pk, health.InviteForm, act)


@require_POST
def note(request, pk):
    def act(course, student, data):
        lounge_actions.send_direct_note(
            request.user, student, data["body"], audit_action=AUDIT_NOTE
        )
        return _("Sent a note to %(name)s.") % {"name": student.display_name}

    return _act(request, pk, health.NoteForm, act)


@require_POST
def coffee(request, pk):
    def act(course, student, data):
        series = health.series_of(course, data["series"])
        coffee_actions.add_participant(request.user, series, student, audit_action=AUDIT_COFFEE)
        return _("Added %(name)s to %(series)s.") % {
            "name": student.display_name,
            "series": series.name,
        }

    return _act(request, pk, health.CoffeeForm, act)
