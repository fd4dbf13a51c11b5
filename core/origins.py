"""Which pages may open a websocket to this site (the browser sends their Origin)."""

from channels.security.websocket import OriginValidator
from django.conf import settings

# What Channels' AllowedHostsOriginValidator allows in DEBUG with no ALLOWED_HOSTS.
DEBUG_HOSTS = ["localhost", "127.0.0.1", "[::1]"]


class ConfiguredOriginValidator(OriginValidator):
    """Channels' OriginValidator over settings.WEBSOCKET_ALLOWED_ORIGINS.

    An entry with a scheme (`https://commons.example.edu`) must match scheme, host and
    port: production lists its https origins, so a page of its own host over plain
    http, which anyone on the network path can forge, cannot open a socket that
    carries the visitor's cookies. An entry without a scheme matches any scheme, like
    ALLOWED_HOSTS, which is what an empty setting means (local use). The origins are
    read at every handshake, so settings overrides apply."""

    def __init__(self, application):
        # No fixed list for OriginValidator: `allowed_origins` reads the settings.
        self.application = application

    @property
    def allowed_origins(self):
        origins = settings.WEBSOCKET_ALLOWED_ORIGINS or settings.ALLOWED_HOSTS
        if settings.DEBUG and not origins:
            return DEBUG_HOSTS
        return origins
