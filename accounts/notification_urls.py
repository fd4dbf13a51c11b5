from django.urls import path

from . import notification_views as views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications_page, name="index"),
    path("latest/", views.notifications_latest, name="latest"),
    path("read/", views.notifications_read_all, name="read_all"),
    path("settings/", views.notification_preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("<int:pk>/", views.notification_open, name="open"),
    path("<int:pk>/read/", views.notification_read, name="read"),
]
