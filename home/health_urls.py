"""/courses/<id>/health/…: served by home, since the pages compose courses, groups and
mentorship (included from config/urls.py next to the courses app's own paths)."""

from django.urls import path

from . import health_views

app_name = "health"

urlpatterns = [
    path("<int:pk>/health/", health_views.radar, name="radar"),
    path("<int:pk>/health/groups/", health_views.groups, name="groups"),
    path("<int:pk>/health/refresh/", health_views.refresh, name="refresh"),
    path("<int:pk>/health/invite/", health_views.invite, name="invite"),
    path("<int:pk>/health/note/", health_views.note, name="note"),
    path("<int:pk>/health/coffee/", health_views.coffee, name="coffee"),
]
