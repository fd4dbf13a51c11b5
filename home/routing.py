from django.urls import path

from .consumers import LiveSessionConsumer, PersonalConsumer

websocket_urlpatterns = [
    path("ws/me/", PersonalConsumer.as_asgi()),
    path("ws/me/channels/<int:channel_id>/", PersonalConsumer.as_asgi()),
    path("ws/me/live/<int:session_id>/", LiveSessionConsumer.as_asgi()),
]
