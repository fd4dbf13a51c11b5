"""The site's URLs plus two views that fail on purpose, for the error-page tests."""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


@login_not_required
def forbidden(request):
    raise PermissionDenied


@login_not_required
def crash(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("forbidden/", forbidden), path("crash/", crash), *site_urlpatterns]
