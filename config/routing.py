"""Every websocket route of Commons; each app owns its paths under /ws/."""

from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import re_path

from groups.boards.routing import websocket_urlpatterns as board_routes
from groups.live.routing import websocket_urlpatterns as live_routes
from home.routing import websocket_urlpatterns as home_routes

# Sent when refusing a socket whose path no app routes (HTTP's 404, in the private range).
UNKNOWN_PATH_CLOSE_CODE = 4404


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """Refuses the handshake: without it URLRouter raises ValueError and logs a traceback."""

    async def connect(self):
        await self.close(code=UNKNOWN_PATH_CLOSE_CODE)


websocket_urlpatterns = [
    *home_routes,
    *board_routes,
    *live_routes,
    # Last, so that it only catches what no app claimed.
    re_path(r"", UnknownPathConsumer.as_asgi()),
]
