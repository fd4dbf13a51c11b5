from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile_edit, name="profile_edit"),
    path("profile/picture/", views.picture_edit, name="picture_edit"),
    path("time-zone/", views.time_zone_confirm, name="time_zone_confirm"),
    path("availability/", views.availability, name="availability"),
    path("availability/week/", views.availability_week, name="availability_week"),
]
