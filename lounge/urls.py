from django.urls import path

from . import moderation_views, views

app_name = "lounge"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.channel_create, name="channel_create"),
    path("direct/", views.direct, name="direct"),
    path("settings/", views.preferences, name="preferences"),
    path("search/", views.search, name="search"),
    path("c/<slug:slug>/", views.channel, name="channel"),
    path("c/<slug:slug>/post/", views.message_post, name="message_post"),
    path("c/<slug:slug>/join/", views.channel_join, name="channel_join"),
    path("c/<slug:slug>/people/", views.mention_suggestions, name="mention_suggestions"),
    path("c/<slug:slug>/leave/", views.channel_leave, name="channel_leave"),
    path("c/<slug:slug>/archive/", views.channel_archive, name="channel_archive"),
    path("c/<slug:slug>/unarchive/", views.channel_unarchive, name="channel_unarchive"),
    # A message's pages sit under its actions page: rows and the channel page's one
    # actions menu build their links from it (lounge.rendering.message_view).
    path("m/<int:pk>/", views.message_actions, name="message_actions"),
    path("m/<int:pk>/edit/", views.message_edit, name="message_edit"),
    path("m/<int:pk>/thread/", views.thread, name="thread"),
    path("m/<int:pk>/thread/follow/", views.thread_follow, name="thread_follow"),
    path("m/<int:pk>/history/", views.message_history, name="message_history"),
    path("m/<int:pk>/delete/", views.message_delete, name="message_delete"),
    path("m/<int:pk>/react/", views.message_react, name="message_react"),
    path("c/<slug:slug>/mute/", views.channel_mute, name="channel_mute"),
    path("m/<int:pk>/report/", views.report_message, name="report_message"),
    path("m/<int:pk>/moderate/", moderation_views.message_moderate, name="message_moderate"),
    path("c/<slug:slug>/moderate/", moderation_views.channel_moderate, name="channel_moderate"),
    path("report/person/<str:handle>/", views.report_person, name="report_person"),
    path("reports/", views.my_reports, name="reports"),
    path("c/<slug:slug>/files/", views.channel_files, name="channel_files"),
    # The name is only for the person's download folder: the id finds the file.
    path("files/<int:pk>/thumbnail/", views.attachment, {"thumbnail": True}, name="thumbnail"),
    path("files/<int:pk>/<str:name>", views.attachment, name="attachment"),
]
