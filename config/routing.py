"""Collects every Commons app's websocket routes; each app owns its paths under /ws/."""

from importlib import import_module

from channels.generic.websocket import AsyncWebsocketConsumer
from django.urls import re_path

COMMONS_APPS = ["accounts", "lounge", "courses", "groups", "mentorship"]

# Sent when refusing a socket whose path no app routes (HTTP's 404, in the private range).
UNKNOWN_PATH_CLOSE_CODE = 4404


class UnknownPathConsumer(AsyncWebsocketConsumer):
    """Refuses the handshake: without it URLRouter raises ValueError and logs a traceback."""

    async def connect(self):
        await self.close(code=UNKNOWN_PATH_CLOSE_CODE)


def collect_websocket_urlpatterns(app_names):
    patterns = []
    for name in app_names:
        try:
            module = import_module(f"{name}.routing")
        except ModuleNotFoundError as error:
            if error.name != f"{name}.routing":
                raise
            continue
        patterns.extend(module.websocket_urlpatterns)
    return patterns


websocket_urlpatterns = [
    *collect_websocket_urlpatterns(COMMONS_APPS),
    # Last, so that it only catches what no app claimed.
    re_path(r"", UnknownPathConsumer.as_asgi()),
]
