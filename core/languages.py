"""The language asked for by a request that Django's middleware has not read: an ASGI
scope's headers (a websocket's handshake, an upload refused before any view runs).
The language cookie first, then Accept-Language, as LocaleMiddleware decides."""

from django.http import HttpRequest
from django.http.cookie import parse_cookie
from django.utils import translation


def language_from_headers(headers):
    """`headers`: an ASGI scope's headers as a dict of bytes."""
    request = HttpRequest()
    request.COOKIES = parse_cookie(headers.get(b"cookie", b"").decode("latin-1"))
    request.META["HTTP_ACCEPT_LANGUAGE"] = headers.get(b"accept-language", b"").decode("latin-1")
    return translation.get_language_from_request(request)
