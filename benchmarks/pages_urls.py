"""Commons' URLs plus the floor of the page benchmark: a signed-in "hello" that goes
through the whole middleware stack (session, user, profile, time zone) and no more."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse(f"hello {request.user.display_name}")


urlpatterns = [path("bench/hello/", hello), path("", include("config.urls"))]
