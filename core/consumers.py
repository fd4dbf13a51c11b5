"""The base of every websocket in Commons: JSON frames in, typed JSON frames out.

A consumer is composed of *streams* (mixins): each adds the groups it listens to
(`stream_groups`), the state it loads on connect (`load`, in a thread, may use the
ORM), its own check on every frame (`still_allowed`), a handler per incoming frame
type (`async def frame_<type>(self, frame)`) and a handler per layer event type
(`message.changed` -> `message_changed`, as in Channels). Every stream calls super()
so they cooperate. This class does the rest: sign-in check, group bookkeeping, size
limit, JSON parsing, per-frame re-authorisation, and error frames with stable codes.

Frames to the client are JSON objects with a `type`; HTML fragments travel inside
them (`{"type": "swap", "html": …}`), never as bare text to be sniffed."""

import contextlib
import json
import logging
import time

from channels.consumer import get_handler_name
from channels.db import aclose_old_connections, database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .errors import DomainError
from .languages import language_from_headers

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024
# A frame that writes and reveals nothing (a heartbeat) re-checks access at most this
# often; see FrameConsumer.checks_itself.
RECHECK_SECONDS = 60
CLOSE_UNAVAILABLE = 1011
CLOSE_SIGNED_OUT = 4401
CLOSE_FORBIDDEN = 4403


_last_refusal_logged = 0.0
REFUSAL_LOG_INTERVAL_SECONDS = 60


def log_refusal(error):
    """While the channel layer is down every page retries its socket: say so once a
    minute, without a traceback, rather than once per attempt."""
    global _last_refusal_logged
    now = time.monotonic()
    if now - _last_refusal_logged >= REFUSAL_LOG_INTERVAL_SECONDS:
        _last_refusal_logged = now
        logger.warning("Sockets refused: the channel layer is unavailable (%r)", error)
    else:
        logger.debug("Socket refused: %r", error)


class FrameError(DomainError):
    """A frame that cannot be handled as sent; `code` names why."""

    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def parse_frame(text_data, bytes_data, max_bytes=MAX_FRAME_BYTES):
    """The frame as a dict with a string `type`, or FrameError."""
    if text_data is None:
        raise FrameError("malformed", _("Send JSON text frames."))
    if len(text_data) > max_bytes:
        raise FrameError(
            "too_large", _("Frames can be at most %(size)s bytes.") % {"size": max_bytes}
        )
    try:
        frame = json.loads(text_data)
    except (ValueError, RecursionError):
        raise FrameError("malformed", _("Frames must be JSON objects.")) from None
    if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
        raise FrameError("malformed", _("Frames must be JSON objects with a type."))
    frame.pop("HEADERS", None)  # what htmx-style senders add; never used
    return frame


def clean_frame(form_class, frame):
    """The frame's fields validated by a Django form, or FrameError("invalid")."""
    form = form_class({k: v for k, v in frame.items() if isinstance(v, (str, int))})
    if form.is_valid():
        return form.cleaned_data
    for field, errors in form.errors.items():
        label = "" if field == "__all__" else f"{field}: "
        raise FrameError("invalid", f"{label}{errors[0]}")
    raise FrameError("invalid", _("Invalid frame."))


def socket_language(scope, user):
    """The language a socket speaks: the person's chosen one (a profile's
    `interface_language`), else what their browser asked for in the handshake (the
    language cookie, then Accept-Language), as for a page."""
    chosen = getattr(getattr(user, "profile", None), "interface_language", "")
    if chosen:
        with contextlib.suppress(LookupError):
            return translation.get_supported_language_variant(chosen)
    return language_from_headers(dict(scope.get("headers", ())))


class FrameConsumer(AsyncWebsocketConsumer):
    user = None
    user_id = None
    # Until the socket has loaded its person: the site's default.
    language = None
    joined = ()
    gone = False
    opened_at_all = False
    checked_at = 0.0

    async def __call__(self, scope, receive, send):
        """Refuse a handshake cleanly (and log once) when the channel layer fails
        before the socket opens: Channels touches it before `connect` runs."""
        try:
            await super().__call__(scope, receive, send)
        except Exception as error:
            if self.opened_at_all:
                raise
            log_refusal(error)
            with contextlib.suppress(Exception):
                await send({"type": "websocket.close", "code": CLOSE_UNAVAILABLE})

    # Channels awaits aclose_old_connections() (a hop to the database thread and back)
    # before every handler, for handlers that use the ORM synchronously. Ours never do:
    # database work goes through database_sync_to_async, which closes stale connections
    # itself. Message types whose handler does touch the ORM directly are listed here.
    sync_orm_handlers = frozenset()

    async def dispatch(self, message):
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        if message["type"] in self.sync_orm_handlers:
            await aclose_old_connections()
        # Everything a handler renders or says (fragments, error frames) is in the
        # socket's person's language, whoever caused the event.
        with translation.override(self.language):
            await handler(message)

    # Streams override these, calling super() --------------------------------------

    def load(self):
        """Load what the socket needs (runs in a thread); False refuses the socket."""
        self.language = socket_language(self.scope, self.user or self.scope.get("user"))
        return True

    def stream_groups(self):
        return []

    def still_allowed(self, frame):
        """Checked before a frame (runs in a thread), unless `checks_itself` says the
        frame's handler needs no separate check."""
        return True

    def checks_itself(self, frame):
        """True when `frame` needs no `still_allowed` hop before its handler: the
        handler authorises it in its own database call (a post: the verb re-reads the
        person and their membership with the locked channel row), or it writes and
        reveals nothing and the socket was checked less than RECHECK_SECONDS ago.
        Between checks the socket's state is kept current by the events that change
        it (revoked, signed out, deactivated, muted); the periodic check bounds how
        long a lost event can go unnoticed. Streams extend this, calling super()."""
        return False

    async def opened(self):
        """Called once the socket is accepted."""

    async def closed(self):
        """Called once the socket is gone."""

    # Connection ----------------------------------------------------------------------

    async def connect(self):
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        self.user_id = user.pk
        if not await database_sync_to_async(self.load)():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.checked_at = time.monotonic()
        try:
            for group in self.stream_groups():
                await self.join_group(group)
        except Exception as error:  # noqa: BLE001 - no channel layer, no live updates: retry later
            log_refusal(error)
            await self.close(code=CLOSE_UNAVAILABLE)
            return
        self.opened_at_all = True
        await self.accept()
        # The handshake began before the socket knew its person: what it sends on
        # opening (a first state, a snapshot) is in their language too.
        with translation.override(self.language):
            await self.opened()

    async def join_group(self, group):
        await self.channel_layer.group_add(group, self.channel_name)
        self.joined = [*self.joined, group]

    async def leave_group(self, group):
        if group in self.joined:
            self.joined = [g for g in self.joined if g != group]
            await self.channel_layer.group_discard(group, self.channel_name)

    async def disconnect(self, code):
        self.gone = True
        for group in self.joined:
            # A group entry the layer cannot drop now expires by itself.
            with contextlib.suppress(Exception):
                await self.channel_layer.group_discard(group, self.channel_name)
        await self.closed()

    # Incoming frames -------------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        # Handlers may queue behind other database work: what they do is dated by arrival.
        self.frame_received_at = timezone.now()
        frame = {}
        try:
            frame = parse_frame(text_data, bytes_data)
            kind = frame["type"]
            handler = getattr(self, f"frame_{kind}", None) if kind.isidentifier() else None
            if handler is None:
                raise FrameError("unknown_type", _("Unknown frame type."))
            if not self.checks_itself(frame) and not await self.recheck(frame):
                await self.refuse_access()
                return
            await handler(frame)
        except DomainError as error:
            await self.send_error(error.code, str(error), frame, **error.params)
        except Http404:
            await self.send_error("not_found", _("No such message."), frame)
        except Exception:
            logger.exception("Frame failed")
            await self.send_error(
                "server_error", _("Something went wrong; please try again."), frame
            )

    async def recheck(self, frame):
        """`still_allowed`, in a thread; a handler that was refused calls it too."""
        allowed = await database_sync_to_async(self.still_allowed)(frame)
        if allowed:
            self.checked_at = time.monotonic()
        return allowed

    def recently_checked(self):
        return time.monotonic() - self.checked_at < RECHECK_SECONDS

    async def refuse_access(self):
        await self.send_frame("revoked", message=_("You no longer have access to this page."))
        await self.close(code=CLOSE_FORBIDDEN)

    # Outgoing frames -------------------------------------------------------------------

    async def send_frame(self, kind, **data):
        await self.send(text_data=json.dumps({"type": kind, **data}))

    async def send_error(self, code, message, frame=None, **params):
        extra = {"client_id": frame.get("client_id")} if isinstance(frame, dict) else {}
        extra.update({k: v for k, v in params.items() if isinstance(v, (int, str))})
        await self.send_frame("error", code=code, message=message, **extra)

    async def send(self, text_data=None, bytes_data=None, close=False):
        """Sending to a socket the browser just closed is not an error worth a crash:
        the disconnect handler still has to run to clean up after this connection."""
        if self.gone:
            return
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except Exception:  # noqa: BLE001 - the server's "already closed" errors differ
            self.gone = True
            logger.debug("Frame to a closed socket dropped", exc_info=True)
