"""A board's own socket, /ws/boards/<id>/ (docs/whiteboards.md has the frames).

The page renders the board's state with its sequence number; once the socket is open
it sends `resume` with that number and gets every later operation (or the whole state
when it missed too many). Operations, undo and redo are authorised by their verbs with
fresh rows under the board's lock; cursors are ephemeral and go straight to the
others. Each person's operations pass a token bucket before any database work, so a
flood is refused cheaply and others' operations do not queue behind it."""

import time

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.http import Http404

from core.consumers import CLOSE_SIGNED_OUT, FrameConsumer, FrameError, clean_frame
from core.realtime import session_group

from . import actions, permissions, realtime
from .errors import NotInRoom, RateLimited
from .forms import ClientIdFrame, CursorFrame, ResumeFrame
from .models import Operation

# Operations (undo and redo count too) one person may send per second, and in a burst.
OPERATIONS_PER_SECOND = 40
OPERATION_BURST = 80
# Cursors beyond this rate are dropped: they are superseded by the next one anyway.
CURSOR_INTERVAL_SECONDS = 0.05
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


# One bucket per person in this process, shared by all their sockets, so opening more
# tabs buys no more operations. With several server processes the limit is per process.
_buckets = {}


class BoardConsumer(FrameConsumer):
    board = None
    access = None
    cursor_at = 0.0

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
        reveal nothing. All of them still pass the periodic check, which also notices
        a deactivated account."""
        if frame["type"] in DRAWING_FRAMES | {"cursor", "heartbeat"}:
            return self.recently_checked()
        return super().checks_itself(frame)

    async def opened(self):
        await super().opened()
        self.bucket = _buckets.setdefault(
            self.user_id, TokenBucket(OPERATIONS_PER_SECOND, OPERATION_BURST)
        )
        self.bucket.sockets += 1
        await self.send_frame("access", **self.access)

    async def closed(self):
        if self.access is not None and self.opened_at_all:
            self.bucket.sockets -= 1
            if self.bucket.sockets <= 0:
                _buckets.pop(self.user_id, None)
            if self.cursor_at:
                await realtime.cursor_gone(self.board.pk, self.user_id)
        await super().closed()

    # Incoming frames ------------------------------------------------------------------

    def _take_token(self):
        allowed, wait = self.bucket.take()
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
            raise FrameError("invalid", "op: send the operation as an object.")
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

    async def session_ended(self, event):
        await self.send_frame("signed_out")
        await self.close(code=CLOSE_SIGNED_OUT)
