"""Refusing a request body too large for its view before anything reads it.

A view that takes files declares the largest body it accepts with `@refuse_bodies_over`.
The refusal (413, with a sentence saying the limit) happens at the first place that
knows the view:

- `BodySizeLimit`, around the ASGI application: Django's ASGI handler writes the whole
  body to a temporary file before any middleware runs, so a 200 MB upload would be
  received in full before a view could say no. This wrapper resolves the path, reads
  the declared Content-Length and answers at once, never calling `receive`.
- `refusal_for(request, view)`, for middleware that reads form values
  (`accounts.middleware.RejectNullBytesMiddleware`, before the CSRF check, which reads
  them too): under WSGI and the test client the body is read lazily, so asking first
  keeps it unread.
- the decorated view itself, so the limit holds wherever the view is called from.

A body with no Content-Length (chunked) is counted as it arrives and cut off at the
limit by `BodySizeLimit`.
"""

import functools

from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation

from .languages import language_from_headers

# Form fields, boundaries and headers around the files themselves.
FORM_OVERHEAD_BYTES = 1024 * 1024
METHODS_WITH_BODIES = frozenset({"POST", "PUT", "PATCH"})


def _value(setting):
    return setting() if callable(setting) else setting


def declared_length(text):
    """The Content-Length as an int, None when absent, -1 when it is not a number."""
    if text in (None, "", b""):
        return None
    try:
        length = int(text)
    except ValueError:
        return -1
    return length if length >= 0 else -1


def _limit_of(view):
    max_bytes = getattr(view, "max_body_bytes", None)
    if max_bytes is None:
        return None
    return _value(max_bytes), _value(view.too_large_message)


def too_large(length, max_bytes):
    return length is not None and (length < 0 or length > max_bytes)


def too_large_response(message):
    return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")


def refusal_for(request, view):
    """A 413 response when `view` declares a limit and `request` says it is larger, else
    None. Reads only the headers."""
    limit = _limit_of(view)
    if limit is None or request.method not in METHODS_WITH_BODIES:
        return None
    if too_large(declared_length(request.META.get("CONTENT_LENGTH")), limit[0]):
        return too_large_response(limit[1])
    return None


def refuse_bodies_over(max_bytes, message):
    """Mark a view as taking bodies of at most `max_bytes` (a number, or a function
    returning one, for limits read from settings); larger ones get 413 and `message`
    (text, or a function returning it)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            return refusal_for(request, wrapper) or view(request, *args, **kwargs)

        wrapper.max_body_bytes = max_bytes
        wrapper.too_large_message = message
        return wrapper

    return decorate


def _view_for(scope):
    path = scope["path"]
    root = (scope.get("root_path") or "").rstrip("/")
    if root and path.startswith(root + "/"):
        path = path[len(root) :]
    try:
        return resolve(path).func
    except Resolver404:
        return None


class BodySizeLimit:
    """ASGI wrapper for the HTTP application: refuses a body larger than its view
    accepts before the application reads any of it."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] not in METHODS_WITH_BODIES:
            return await self.app(scope, receive, send)
        view = _view_for(scope)
        if getattr(view, "max_body_bytes", None) is None:
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        # No middleware has run yet: the refusal speaks the language the visitor's
        # language cookie or browser asks for, as a page would.
        with translation.override(language_from_headers(headers)):
            max_bytes, message = _limit_of(view)
        length = declared_length(headers.get(b"content-length"))
        if too_large(length, max_bytes):
            return await self._refuse(send, message)
        if length is not None:
            return await self.app(scope, receive, send)
        return await self._counted(scope, receive, send, max_bytes, message)

    async def _counted(self, scope, receive, send, max_bytes, message):
        """A body without a declared length: pass it on while it stays within the limit;
        past it, tell the application the client went away and answer 413 instead."""
        received = 0
        cut_off = False
        started = False

        async def counting_receive():
            nonlocal received, cut_off
            event = await receive()
            if event["type"] == "http.request":
                received += len(event.get("body", b""))
                if received > max_bytes:
                    cut_off = True
                    return {"type": "http.disconnect"}
            return event

        async def watching_send(event):
            nonlocal started
            started = True
            await send(event)

        await self.app(scope, counting_receive, watching_send)
        if cut_off and not started:
            await self._refuse(send, message)

    @staticmethod
    async def _refuse(send, message):
        body = message.encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
