from django.urls import path

from . import views

app_name = "lounge"

urlpatterns = [
    path("", views.index, name="index"),
]
