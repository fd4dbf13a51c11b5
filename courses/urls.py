from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("join/", views.join, name="join"),
    path("join/<str:join_code>/", views.invite_link, name="invite"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/code/", views.regenerate_code, name="regenerate_code"),
    path("<int:pk>/people/remove/", views.remove_person, name="remove_person"),
    path("<int:pk>/people/role/", views.set_role, name="set_role"),
]
