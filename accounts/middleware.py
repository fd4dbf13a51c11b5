from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django_htmx.http import HttpResponseClientRedirect

from core.uploads import refusal_for

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


class ViewerLanguageMiddleware:
    """Speaks to a signed-in person in the language they chose (their profile's), on
    every device; LocaleMiddleware, before this, has picked the visitor's (the
    switcher's cookie, else the browser's Accept-Language) for everyone else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        chosen = ""
        if user.is_authenticated:
            chosen = getattr(getattr(user, "profile", None), "interface_language", "")
        if chosen and chosen != request.LANGUAGE_CODE:
            translation.activate(chosen)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class PrivatePagesNotStoredMiddleware:
    """What a signed-in person sees (messages, notifications, their groups) is theirs
    alone: no shared cache may keep it, nor the browser's disk, where the back button
    of a shared computer would show it after sign-out. `no-store` rather than
    `no-cache`: these pages carry no validators (ETag, Last-Modified), so revalidating
    would render them again anyway. Responses that set their own Cache-Control keep
    it; static files are answered by whitenoise before this runs and keep theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RejectNullBytesMiddleware:
    """A NUL byte has no place in a URL or form; PostgreSQL refuses it in text, so it
    would surface as a 500 from whatever query first met it. Answer 400 instead.

    Form values are read once the view is known (`process_view`, before the CSRF check,
    which reads them too), and not at all when the view refuses a body that size
    (`core.uploads`): a 200 MB upload to a 10 MB form is answered 413 unread."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._has_null(request.GET):
            return self._refuse()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        refusal = refusal_for(request, view_func)
        if refusal is not None:
            return refusal
        if request.method == "POST" and self._has_null(request.POST):
            return self._refuse()
        return None

    @staticmethod
    def _has_null(data):
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in data.lists()
        )

    @staticmethod
    def _refuse():
        return HttpResponseBadRequest("Requests may not contain NUL characters.")


class ConductAcceptanceMiddleware:
    """Signed-in people who have not accepted the current code of conduct are asked to,
    before anything else; they can still read it, sign out and reach the health check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not self._exempt(request.path):
            profile = getattr(user, "profile", None)
            if profile is not None and profile.conduct_version_accepted < current_conduct_version():
                target = (
                    f"{reverse('code_of_conduct')}?{urlencode({'next': request.get_full_path()})}"
                )
                if getattr(request, "htmx", False):
                    return HttpResponseClientRedirect(target)
                return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _exempt(path):
        exempt = (reverse("code_of_conduct"), reverse("account_logout"), reverse("healthz"))
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path in exempt or path.startswith(static)


CONDUCT_VERSION_CACHE_KEY = "accounts:conduct-version"


def current_conduct_version():
    from .models import CodeOfConduct

    return cache.get_or_set(CONDUCT_VERSION_CACHE_KEY, CodeOfConduct.current_version, 60)
