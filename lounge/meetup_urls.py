from django.urls import path

from . import views

app_name = "meetups"

urlpatterns = [
    path("", views.meetups, name="index"),
]
