from django.urls import path

from . import views

app_name = "meetups"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/address/", views.calendar_token, name="calendar_token"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/cancel/", views.cancel, name="cancel"),
    path("<int:pk>/calendar.ics", views.ics, name="ics"),
    path("<int:pk>/report/", views.report, name="report"),
    path("<int:pk>/dates/<int:index>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:pk>/dates/<int:index>/skip/", views.skip, name="skip"),
    path("<int:pk>/dates/<int:index>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/dates/<int:index>/kudos/", views.kudos, name="kudos"),
]
