"""A board's own socket, /ws/boards/<id>/ (docs/whiteboards.md has the frames).

The page renders the board's state with its sequence number; once the socket is open
it sends `resume` with that number and gets every later operation (or the whole state
when it missed too many). Operations, undo and redo are authorised by their verbs with
fresh rows under the board's lock. Cursors, previews (a shape while it is being drawn)
and a host's view (for those following it) are ephemeral: validated, checked against
the socket's access (kept current by the board's events) and passed straight to the
others, never stored. Each person's operations and previews pass token buckets before
any other work, so a flood is refused cheaply and others' frames do not queue behind
it."""

import time

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import Http404
from django.utils.translation import gettext as _

from core.consumers import CLOSE_SIGNED_OUT, FrameConsumer, FrameError, clean_frame
from core.realtime import session_group

from . import actions, items, permissions, realtime
from .errors import DrawingRevokedError, NotHost, NotInRoom, RateLimited, ReadOnly
from .forms import ClientIdFrame, CursorFrame, PreviewFrame, ResumeFrame, ViewFrame
from .models import Operation

# Operations (undo and redo count too) one person may send per second, and in a burst.
OPERATIONS_PER_SECOND = 40
OPERATION_BURST = 80
# Previews one person may send per second, and in a burst; beyond that they are
# dropped (the next one carries the shape on, a stroke's points from where it is).
PREVIEWS_PER_SECOND = 25
PREVIEW_BURST = 15
# Cursors beyond this rate are dropped: they are superseded by the next one anyway.
CURSOR_INTERVAL_SECONDS = 0.05
# A host's view beyond this rate is dropped (the page sends its last one after a pause).
VIEW_INTERVAL_SECONDS = 0.08
# A host's last view is kept this long for pages that open later and want to follow.
VIEW_KEPT_SECONDS = 600
# A page that missed more operations than this gets the whole state instead.
RESUME_LIMIT = 500
DRAWING_FRAMES = {"op", "undo", "redo"}


class TokenBucket:
    def __init__(self, rate, burst):
        self.rate = rate
        self.burst = burst
        self.tokens = burst
        self.updated = time.monotonic()
        self.sockets = 0

    def take(self):
        """(True, 0) when a token was free, else (False, seconds until one is)."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True, 0.0
        return False, (1 - self.tokens) / self.rate


class PersonLimits:
    """A person's buckets, shared by all their sockets in this process, so opening
    more tabs buys no more operations or previews."""

    def __init__(self):
        self.operations = TokenBucket(OPERATIONS_PER_SECOND, OPERATION_BURST)
        self.previews = TokenBucket(PREVIEWS_PER_SECOND, PREVIEW_BURST)
        self.sockets = 0


# With several server processes the limits are per process.
_limits = {}


def view_key(board_id):
    return f"boards:{board_id}:view"


class BoardConsumer(FrameConsumer):
    board = None
    access = None
    cursor_at = 0.0
    view_at = 0.0
    previewed = False
    host_view = None

    # Connection ---------------------------------------------------------------------

    def load(self):
        user = get_user_model().objects.filter(pk=self.user_id, is_active=True).first()
        if user is None:
            return False
        self.user = user
        self.display_name = user.display_name
        try:
            self.board, _ = permissions.get_board_for(
                user, self.scope["url_route"]["kwargs"]["board_id"]
            )
        except Http404:
            return False
        self.access = self._access()
        # The view a host last showed, for a page that opens and wants to follow it.
        self.host_view = cache.get(view_key(self.board.pk))
        return super().load()

    def _access(self):
        """What the page shows of its person's rights (runs in a thread)."""
        self.board.refresh_from_db(fields=["read_only"])
        self.board.group.refresh_from_db(fields=["archived_at"])
        return {
            "read_only": self.board.read_only or self.board.group.is_archived,
            "can_draw": permissions.can_draw(self.user, self.board),
            "host": permissions.can_host(self.user, self.board.group),
        }

    def stream_groups(self):
        groups = [realtime.board_group(self.board.pk)]
        session = self.scope.get("session")
        if session is not None and session.session_key:
            groups.append(session_group(session.session_key))
        return [*super().stream_groups(), *groups]

    def still_allowed(self, frame):
        user = get_user_model().objects.filter(pk=self.user_id, is_active=True).first()
        if user is None or not permissions.can_enter_room(user, self.board.group):
            return False
        self.user = user
        return super().still_allowed(frame)

    def checks_itself(self, frame):
        """Drawing frames are authorised by their verbs (fresh membership, read-only
        flag and revocation under the board's lock); cursors and heartbeats write and
        reveal nothing; previews and views are checked against the socket's access,
        which the board's events keep current. All of them still pass the periodic
        check, which also notices a deactivated account."""
        if frame["type"] in DRAWING_FRAMES | {"cursor", "preview", "view", "heartbeat"}:
            return self.recently_checked()
        return super().checks_itself(frame)

    async def opened(self):
        await super().opened()
        self.limits = _limits.setdefault(self.user_id, PersonLimits())
        self.limits.sockets += 1
        await self.send_frame("access", **self.access)
        if self.host_view is not None and self.host_view["user"] != self.user_id:
            await self.send_frame("view", **self.host_view)

    async def closed(self):
        if self.access is not None and self.opened_at_all:
            self.limits.sockets -= 1
            if self.limits.sockets <= 0:
                _limits.pop(self.user_id, None)
            if self.view_at:
                kept = await cache.aget(view_key(self.board.pk))
                if kept is not None and kept["user"] == self.user_id:
                    await cache.adelete(view_key(self.board.pk))
            if self.cursor_at or self.previewed or self.view_at:
                # The others drop this person's cursor, unfinished shapes and view.
                await realtime.cursor_gone(self.board.pk, self.user_id)
        await super().closed()

    # Incoming frames ------------------------------------------------------------------

    def _take_token(self):
        allowed, wait = self.limits.operations.take()
        if not allowed:
            raise RateLimited(retry_after_ms=max(1, round(wait * 1000)))

    async def _draw(self, verb, *args, client_id):
        self._take_token()
        try:
            return await database_sync_to_async(verb)(
                self.user, self.board, *args, client_id=client_id
            )
        except NotInRoom:
            # Refused with fresh rows: the person left (an event that never arrived).
            if not await self.recheck({"type": "op"}):
                await self.refuse_access()
                return None
            raise

    async def frame_op(self, frame):
        client_id = clean_frame(ClientIdFrame, frame)["client_id"]
        operation = frame.get("op")
        if not isinstance(operation, dict):
            raise FrameError("invalid", _("op: send the operation as an object."))
        await self._draw(actions.apply_operation, operation, client_id=client_id)

    async def frame_undo(self, frame):
        client_id = clean_frame(ClientIdFrame, frame)["client_id"]
        await self._draw(actions.undo, client_id=client_id)

    async def frame_redo(self, frame):
        client_id = clean_frame(ClientIdFrame, frame)["client_id"]
        await self._draw(actions.redo, client_id=client_id)

    async def frame_cursor(self, frame):
        now = time.monotonic()
        if now - self.cursor_at < CURSOR_INTERVAL_SECONDS:
            return
        data = clean_frame(CursorFrame, frame)
        self.cursor_at = now
        await realtime.cursor_moved(
            self.board.pk, self.user_id, self.display_name, data["x"], data["y"]
        )

    def _require_drawing(self):
        """Refuses a preview from someone who may not draw now, by the socket's access
        (current through the board's events; an operation is checked with fresh rows)."""
        if not self.access["can_draw"]:
            raise ReadOnly() if self.access["read_only"] else DrawingRevokedError()

    async def frame_preview(self, frame):
        if not self.limits.previews.take()[0]:
            return
        data = clean_frame(PreviewFrame, frame)
        if data["end"]:
            # Allowed after drawing was stopped too: it only takes a shape away.
            if not data["id"]:
                raise FrameError("invalid", _("id: say which drawing ended."))
            await realtime.preview_ended(self.board.pk, self.user_id, data["id"])
            return
        self._require_drawing()
        self.previewed = True
        if "items" in frame:
            moving = items.clean_moving(frame["items"])
            await realtime.preview_moving(self.board.pk, self.user_id, moving)
            return
        item = items.clean_preview(frame.get("item"), data["start"] or 0)
        await realtime.preview(self.board.pk, self.user_id, item, data["start"] or 0)

    async def frame_view(self, frame):
        if not self.access["host"]:
            raise NotHost(_("Only the room's hosts share their view."))
        now = time.monotonic()
        if now - self.view_at < VIEW_INTERVAL_SECONDS:
            return
        data = clean_frame(ViewFrame, frame)
        self.view_at = now
        view = {"user": self.user_id, "name": self.display_name, **data}
        await realtime.view_moved(self.board.pk, view)
        await cache.aset(view_key(self.board.pk), view, VIEW_KEPT_SECONDS)

    async def frame_resume(self, frame):
        after = clean_frame(ResumeFrame, frame)["after"]

        def missed():
            operations = list(
                Operation.objects.filter(board=self.board, seq__gt=after).order_by("seq")[
                    : RESUME_LIMIT + 1
                ]
            )
            if len(operations) > RESUME_LIMIT or (operations and operations[0].seq != after + 1):
                return None, actions.board_state(self.board)
            return [realtime.operation_payload(o) for o in operations], None

        operations, state = await database_sync_to_async(missed)()
        if state is not None:
            await self.send_frame("state", items=state[0], seq=state[1])
            return
        await self.send_frame("ops", ops=operations, after=after)

    async def frame_heartbeat(self, frame):
        await self.send_frame("pong")

    # Events from groups.boards.realtime ---------------------------------------------

    async def board_op(self, event):
        await self.send(text_data=event["frame"])

    async def board_missed(self, event):
        await self.send_frame("missed", seq=event["seq"])

    async def board_changed(self, event):
        if event["user"] not in (None, self.user_id):
            return

        def check():
            if not permissions.can_enter_room(self.user, self.board.group):
                return None
            return self._access()

        access = await database_sync_to_async(check)()
        if access is None:
            await self.refuse_access()
            return
        self.access = access
        await self.send_frame("access", **access)

    async def board_cursor(self, event):
        if event["user"] == self.user_id:
            return
        await self.send_frame("cursor", **{k: v for k, v in event.items() if k != "type"})

    async def board_transient(self, event):
        """A preview or a host's view: encoded once for every socket, not sent back to
        its own person's pages."""
        if event["user"] != self.user_id:
            await self.send(text_data=event["frame"])

    async def session_ended(self, event):
        await self.send_frame("signed_out")
        await self.close(code=CLOSE_SIGNED_OUT)
