"""ASGI entry point: Django for HTTP, Channels for websockets under /ws/."""

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")

# Django must be set up before anything imports models (consumers, routing).
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.routing import websocket_urlpatterns  # noqa: E402
from core.origins import ConfiguredOriginValidator  # noqa: E402
from core.uploads import BodySizeLimit  # noqa: E402

application = ProtocolTypeRouter(
    {
        # A body larger than its view accepts is refused before Django spools it.
        "http": BodySizeLimit(django_asgi_app),
        "websocket": ConfiguredOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)

# Everything imported so far (Django, the apps, URL patterns, templates' loaders) lives
# as long as the process. gc.freeze() moves it out of the collector's sight, so the full
# collections that busy sockets trigger no longer walk it (about 14 % of CPU per frame at
# 200 listeners). Test settings turn it off: a test process imports this module too and
# must not keep its fixtures' objects from ever being collected.
from django.conf import settings  # noqa: E402

if getattr(settings, "GC_FREEZE_AT_STARTUP", True):
    gc.collect()
    gc.freeze()
