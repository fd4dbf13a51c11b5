from django.urls import path

from . import consumers

websocket_urlpatterns = [
    path("ws/lounge/", consumers.LoungeConsumer.as_asgi()),
    path("ws/lounge/channels/<int:channel_id>/", consumers.LoungeConsumer.as_asgi()),
]
