"""The live parts of a session's pages.

`LiveStream` is a stream of every page's one socket (home.consumers composes it, routed
at /ws/me/live/<session id>/): on the lobby and on a room page it keeps the person's
view of the session current (a `live_state` frame with the re-rendered fragment and
their place, so a page moves them into their room and back), counts them as here, and
takes their frames: asking for help, choosing a room, and (hosts and leads) moving
people and running out the timer. Every frame is authorised by its verb with fresh rows
under the session's lock.

`RoomBoardConsumer` is a breakout room's board on its own route
(/ws/live/boards/<board id>/): the standing room's board socket with the session's
rules for who may enter and draw."""

import asyncio
import logging

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.timezones import get_zone, zone_label
from core.consumers import FrameError, clean_frame
from groups.boards import permissions as board_permissions
from groups.boards.consumers import BoardConsumer

from . import actions, pages, permissions, realtime
from .forms import ChooseFrame, MoveFrame
from .models import LiveSession, Room

logger = logging.getLogger(__name__)

# Frames whose verbs authorise them with fresh rows under the session's lock.
LIVE_FRAMES = {"live_help", "live_help_cancel", "live_choose", "live_move", "live_expired"}
# Changes that arrive together (people connecting, a round opening) re-render once.
RENDER_DELAY_SECONDS = 0.25


def render_state(user, session, returned=False):
    """The `live_state` frame for `user` (runs in a thread)."""
    context = pages.session_view(user, session)
    session = context["session"]
    room = context["my_room"]
    # Times in the fragment are the person's own, as on the page they loaded.
    with timezone.override(get_zone(user.profile.time_zone)):
        html = render_to_string(
            "live/session.html#live",
            {**context, "user": user, "viewer_time_zone_label": zone_label(user.profile.time_zone)},
        )
    return {
        "html": html,
        "room": {"id": room.pk, "url": room.get_absolute_url(), "name": room.name}
        if room is not None
        else None,
        "rooms_open": session.rooms_open,
        "close_at": session.rooms_close_at.isoformat() if session.rooms_close_at else None,
        "seconds_left": context["seconds_left"],
        "status": session.status,
        "host": context["host"],
        "returned": returned,
    }


class LiveStream:
    live_session = None
    counted = False
    render_task = None
    render_returned = False

    def load(self):
        if not super().load():
            return False
        try:
            self.live_session = permissions.get_session_for(
                self.user, self.scope["url_route"]["kwargs"]["session_id"]
            )
        except Http404:
            return False
        return True

    def stream_groups(self):
        return [*super().stream_groups(), realtime.session_group(self.live_session.pk)]

    def still_allowed(self, frame):
        if not super().still_allowed(frame):
            return False
        session = LiveSession.objects.filter(pk=self.live_session.pk).first()
        if session is None or not permissions.is_in_audience(self.user, session):
            return False
        self.live_session = session
        return True

    def checks_itself(self, frame):
        if frame["type"] in LIVE_FRAMES:
            return self.recently_checked()
        return super().checks_itself(frame)

    async def opened(self):
        await super().opened()
        self.counted = (
            await database_sync_to_async(actions.socket_opened)(self.live_session.pk, self.user_id)
            or await database_sync_to_async(self._is_participant)()
        )
        await self.send_state()

    def _is_participant(self):
        return self.live_session.participants.filter(user_id=self.user_id).exists()

    async def closed(self):
        if self.counted:
            await database_sync_to_async(actions.socket_closed)(self.live_session.pk, self.user_id)
        if self.render_task is not None:
            self.render_task.cancel()
        await super().closed()

    async def send_state(self, returned=False):
        state = await database_sync_to_async(render_state)(self.user, self.live_session, returned)
        await self.send_frame("live_state", **state)

    # Incoming frames -------------------------------------------------------------------

    async def frame_heartbeat(self, frame):
        if self.counted:
            await database_sync_to_async(actions.seen)(self.live_session.pk, self.user_id)
        await super().frame_heartbeat(frame)

    async def _verb(self, verb, *args):
        return await database_sync_to_async(verb)(*args)

    async def frame_live_help(self, frame):
        await self._verb(actions.ask_for_help, self.user, self.live_session)

    async def frame_live_help_cancel(self, frame):
        await self._verb(actions.clear_help, self.user, self.live_session, self.user)

    async def frame_live_choose(self, frame):
        room_id = clean_frame(ChooseFrame, frame)["room"]

        def choose():
            room = (
                Room.objects.select_related("session")
                .filter(pk=room_id, session_id=self.live_session.pk)
                .first()
            )
            if room is None:
                raise FrameError("invalid", _("room: no such room in this session."))
            return actions.choose_room(self.user, room)

        await self._verb(choose)

    async def frame_live_move(self, frame):
        data = clean_frame(MoveFrame, frame)

        def move():
            person = get_user_model().objects.filter(pk=data["user"], is_active=True).first()
            room = None
            if data["room"]:
                room = Room.objects.filter(pk=data["room"], session_id=self.live_session.pk).first()
                if room is None:
                    raise FrameError("invalid", _("room: no such room in this session."))
            if person is None:
                raise FrameError("invalid", _("user: no such person in this session."))
            return actions.place_person(self.user, self.live_session, person, room)

        await self._verb(move)

    async def frame_live_expired(self, frame):
        """The page's countdown ran out: close the rooms if they are due (the server's
        clock decides; an early or repeated frame does nothing)."""
        await self._verb(actions.run_timer, self.live_session.pk)

    # Events from groups.live.realtime ------------------------------------------------

    async def live_changed(self, event):
        self.render_returned = self.render_returned or event.get("returned", False)
        if self.render_task is None:
            self.render_task = asyncio.get_running_loop().create_task(self._render_soon())

    async def _render_soon(self):
        await asyncio.sleep(RENDER_DELAY_SECONDS)
        returned, self.render_returned = self.render_returned, False
        self.render_task = None
        if self.gone:
            return
        try:
            allowed = await database_sync_to_async(self._still_in_audience)()
            if not allowed:
                await self.refuse_access()
                return
            await self.send_state(returned)
        except Exception:  # noqa: BLE001 - a task of its own: nobody else would log it
            logger.warning("Live session view not sent", exc_info=True)

    def _still_in_audience(self):
        session = LiveSession.objects.filter(pk=self.live_session.pk).first()
        if session is None:
            return False
        self.live_session = session
        return permissions.is_in_audience(self.user, session)

    async def live_announced(self, event):
        await self.send_frame("live_announcement", text=event["text"], at=event["at"])

    async def live_warned(self, event):
        await self.send_frame("live_warning", close_at=event["close_at"])


class RoomBoardConsumer(BoardConsumer):
    """A breakout room's board: the session's rules (groups.live.permissions) decide who
    enters (the room's people, its lead, the hosts; everyone the session was for once it
    has ended) and who draws (while the room is open)."""

    room = None

    def load(self):
        user = get_user_model().objects.filter(pk=self.user_id, is_active=True).first()
        if user is None:
            return False
        self.user = user
        self.display_name = user.display_name
        try:
            self.board, self.room = permissions.get_room_board_for(
                user, self.scope["url_route"]["kwargs"]["board_id"]
            )
        except Http404:
            return False
        self.access = self._access()
        return True

    def _access(self):
        self.board.refresh_from_db(fields=["read_only"])
        self.room = Room.objects.select_related("session").get(pk=self.room.pk)
        self.board.room = self.room
        open_now = permissions.room_work_refusal(self.user, self.room) is None
        return {
            "read_only": self.board.read_only or not open_now,
            "can_draw": board_permissions.can_draw(self.user, self.board),
            "host": permissions.can_lead(self.user, self.room),
        }

    def still_allowed(self, frame):
        user = get_user_model().objects.filter(pk=self.user_id, is_active=True).first()
        if user is None:
            return False
        self.user = user
        self.room = Room.objects.select_related("session").get(pk=self.room.pk)
        return permissions.can_enter_room(user, self.room)

    async def board_changed(self, event):
        if event["user"] not in (None, self.user_id):
            return

        def check():
            self.room = Room.objects.select_related("session").get(pk=self.room.pk)
            if not permissions.can_enter_room(self.user, self.room):
                return None
            return self._access()

        access = await database_sync_to_async(check)()
        if access is None:
            await self.refuse_access()
            return
        self.access = access
        await self.send_frame("access", **access)
