from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("<str:handle>/", views.person_detail, name="detail"),
]
