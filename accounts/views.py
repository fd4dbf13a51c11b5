from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from . import actions, avatars
from .availability import (
    DAYS_PER_WEEK,
    HOURS_PER_DAY,
    PRESETS,
    WEEKDAY_NAMES,
    shared_free_intervals_between,
)
from .blocks import has_blocked
from .forms import PictureForm, ProfileForm, TimeZoneConfirmForm, WeekForm
from .middleware import current_conduct_version
from .models import CodeOfConduct
from .permissions import get_person_for
from .templatetags.commons_time import weekday_name
from .timezones import available_time_zones, format_utc_offset, zone_label

MAX_SHARED_TIMES_SHOWN = 5


@login_not_required
@require_POST
def set_language(request):
    """The footer's language switcher: Django's own (a cookie for visitors, then back to
    the page), and for a signed-in person their profile's choice, on every device."""
    response = i18n.set_language(request)
    code = request.POST.get("language", "")
    if request.user.is_authenticated and translation.check_for_language(code):
        chosen = translation.get_supported_language_variant(code)
        actions.set_interface_language(request.user, chosen)
    return response


def _remember_language(response, code):
    """The language cookie, so that a signed-out page keeps the person's language."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )
    return response


@login_not_required
def accessibility(request):
    """The accessibility statement: the target, how it is tested, known gaps, and how
    to report a barrier."""
    return render(request, "accessibility.html")


@login_not_required
def code_of_conduct(request):
    """Everyone can read it; a signed-in person who has not accepted the current version
    accepts it here (a POST), then goes on to where they were heading."""
    version = current_conduct_version()
    needs_acceptance = (
        request.user.is_authenticated and request.user.profile.conduct_version_accepted < version
    )
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, {request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if request.method == "POST" and needs_acceptance:
        actions.accept_code_of_conduct(request.user, version)
        messages.success(request, _("Thank you for agreeing to the code of conduct."))
        return redirect(next_url or "home")
    current = CodeOfConduct.objects.filter(version=version).first()
    return render(
        request,
        "code_of_conduct.html",
        {"needs_acceptance": needs_acceptance, "current": current, "next_url": next_url},
    )


def profile_edit(request):
    profile = request.user.profile
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        profile = actions.update_profile(request.user, form)
        if profile.interface_language:
            translation.activate(profile.interface_language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("people:detail", request.user.username)
        if profile.interface_language:
            _remember_language(response, profile.interface_language)
        return response
    return render(
        request,
        "accounts/profile_edit.html",
        {"form": form, "time_zones": available_time_zones(), "picture_form": PictureForm()},
        status=400 if form.errors else 200,
    )


def picture_edit(request):
    """Upload a new profile picture, or remove it (a POST with `remove`)."""
    form = PictureForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and request.POST.get("remove"):
        actions.remove_profile_picture(request.user)
        messages.success(request, _("Your picture is removed; your initials show instead."))
        return redirect("accounts:profile_edit")
    if request.method == "POST" and form.is_valid():
        try:
            actions.set_profile_picture(request.user, form.cleaned_data["picture"], form.crop())
        except avatars.PictureRefused as refusal:
            form.add_error("picture", str(refusal))
        else:
            messages.success(request, _("Your new picture is saved."))
            return redirect("accounts:profile_edit")
    return render(
        request,
        "accounts/profile_edit.html",
        {
            "form": ProfileForm(instance=request.user.profile),
            "time_zones": available_time_zones(),
            "picture_form": form,
        },
        status=400 if form.errors else 200,
    )


def picture(request, handle, size):
    """A person's profile picture of `size` pixels, for anyone who may see their
    profile; a 404 when they have none (pages show their initials then)."""
    person = get_person_for(request.user, handle)
    key = person.profile.picture
    if not key or int(size) not in avatars.SIZES:
        raise Http404("No such picture.")
    try:
        stored = avatars.private_storage().open(avatars.file_name(key, int(size)), "rb")
    except FileNotFoundError:
        raise Http404("No such picture.") from None
    response = FileResponse(stored, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Addresses carry the picture's version (?v=): a new picture is a new address.
    response["Cache-Control"] = "private, max-age=86400"
    return response


@require_POST
def time_zone_confirm(request):
    form = TimeZoneConfirmForm(request.POST)
    if form.is_valid():
        actions.update_time_zone(request.user, form.cleaned_data["time_zone"])
        messages.success(
            request,
            _("Times are now shown in %(zone)s.") % {"zone": form.cleaned_data["time_zone"]},
        )
        if request.htmx:
            return HttpResponseClientRefresh()
        return redirect("home")
    messages.error(request, form.errors["time_zone"][0])
    return redirect("accounts:profile_edit")


def _cell(weekday, free):
    return {"weekday": weekday, "day_name": WEEKDAY_NAMES[weekday], "free": free}


def _availability_grid(user):
    free = set(user.availability.values_list("weekday", "hour"))
    return [
        {"hour": hour, "cells": [_cell(day, (day, hour) in free) for day in range(DAYS_PER_WEEK)]}
        for hour in range(HOURS_PER_DAY)
    ], len(free)


def availability(request):
    rows, free_count = _availability_grid(request.user)
    return render(
        request,
        "accounts/availability.html",
        {
            "rows": rows,
            "free_count": free_count,
            "weekdays": WEEKDAY_NAMES,
            "presets": PRESETS,
            "zone_label": zone_label(request.user.profile.time_zone),
        },
    )


@require_POST
def availability_week(request):
    """Save the whole week at once: one painted stroke, a preset, a copied day or a
    clear. The page's script asks for JSON (Accept: application/json); the same form
    sent without JavaScript is answered with a redirect back to the week."""
    form = WeekForm(request.POST)
    as_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        error = next(iter(form.errors.values()))[0]
        if as_json:
            return JsonResponse({"error": error}, status=400)
        messages.error(request, error)
        return redirect("accounts:availability")
    week = form.week()
    actions.set_free_hours(request.user, week)
    if as_json:
        summary = render_to_string("accounts/availability.html#summary", {"free_count": len(week)})
        return JsonResponse(
            {"free": [f"{day}-{hour}" for day, hour in sorted(week)], "summary": summary.strip()}
        )
    messages.success(request, _("Your week is saved."))
    return redirect("accounts:availability")


@require_POST
def block_person(request, handle):
    person = get_person_for(request.user, handle)
    if request.POST.get("undo"):
        actions.unblock(request.user, person)
        messages.success(request, _("You unblocked %(name)s.") % {"name": person.display_name})
    else:
        try:
            actions.block(request.user, person)
        except actions.CannotBlock as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _(
                    "You blocked %(name)s. Their messages are hidden from you and "
                    "they cannot contact you. They are not told."
                )
                % {"name": person.display_name},
            )
    return redirect("people:detail", person.username)


def plural_count(hours):
    """The number that picks the plural form of a number of hours: a whole number
    itself, a fraction the "many" form ("1.5 hours", "1,5 horas")."""
    return int(hours) if float(hours).is_integer() else 2


def person_detail(request, handle):
    person = get_person_for(request.user, handle)
    profile = person.profile
    local_now = profile.local_now()
    hours_apart = (local_now.utcoffset() - timezone.localtime().utcoffset()).total_seconds() / 3600
    is_self = person.pk == request.user.pk
    shared = (
        [] if is_self else shared_free_intervals_between([request.user, person], timezone.now())
    )
    shared_hours = sum((end - start).total_seconds() for start, end in shared) / 3600
    return render(
        request,
        "accounts/person_detail.html",
        {
            "person": person,
            "profile": profile,
            "is_self": is_self,
            # Formatted here: the template's date filter would convert to the viewer's zone.
            "their_time": local_now.strftime("%H:%M"),
            "their_weekday": weekday_name(local_now),
            "their_offset": format_utc_offset(local_now.utcoffset()),
            "hours_apart": hours_apart,
            "hours_behind": -hours_apart,
            "hours_apart_count": plural_count(abs(hours_apart)),
            "shared_hours": shared_hours,
            "shared_hours_count": plural_count(shared_hours),
            "shared_intervals": shared[:MAX_SHARED_TIMES_SHOWN],
            "blocked": not is_self and has_blocked(request.user, person),
        },
    )
