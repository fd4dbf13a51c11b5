from django.urls import path

from .consumers import RoomBoardConsumer

websocket_urlpatterns = [
    path("ws/live/boards/<int:board_id>/", RoomBoardConsumer.as_asgi()),
]
