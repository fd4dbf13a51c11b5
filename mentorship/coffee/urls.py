from django.urls import path

from . import views

app_name = "coffee"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("avoid/", views.avoid, name="avoid"),
    path("avoid/<int:user_id>/remove/", views.stop_avoiding, name="stop_avoiding"),
    path("<int:pk>/", views.series, name="series"),
    path("<int:pk>/join/", views.join, name="join"),
    path("<int:pk>/snooze/", views.snooze, name="snooze"),
    path("<int:pk>/wake/", views.wake, name="wake"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/organise/", views.organise, name="organise"),
    path("<int:pk>/organise/run/", views.run_now, name="run"),
    path("<int:pk>/organise/pause/", views.pause, name="pause"),
    path("<int:pk>/rounds/<int:number>/", views.round_summary, name="round"),
    path("chats/<int:pk>/", views.pairing_page, name="pairing"),
    path("chats/<int:pk>/check-in/", views.check_in, name="check_in"),
]
