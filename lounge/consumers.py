"""Websockets of the lounge: one socket per page, on /ws/lounge/channels/<id>/ for a
channel page (its messages, typing and members' presence) and /ws/lounge/ elsewhere.
Both carry the sidebar's unread badges and close when access ends.

Thin by design: each frame is validated with a form, authorised again with
lounge.permissions, and handed to a verb in lounge.actions. Frame formats are in
docs/lounge.md."""

import contextlib
import json
import logging
import time
from datetime import timedelta

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.contrib.auth import get_user_model
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from . import actions, permissions, presence, realtime
from .forms import (
    EditFrame,
    HeartbeatFrame,
    MessageRefFrame,
    PostFrame,
    ReactFrame,
    ResumeFrame,
    SeqFrame,
)
from .models import Channel, ChatPreferences, Membership, Message
from .rendering import message_payload, render_cache

logger = logging.getLogger(__name__)

MAX_FRAME_BYTES = 16 * 1024
RESUME_LIMIT = 200
# Changes are looked up from a little before the client's last sync, so a change
# committed while that sync was being read is not missed (sending one twice is harmless).
RESUME_CLOCK_MARGIN = timedelta(seconds=2)
TYPING_THROTTLE_SECONDS = 2
MAX_PRESENCE_SNAPSHOT = 200
CLOSE_SIGNED_OUT = 4401
CLOSE_FORBIDDEN = 4403


class FrameError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code


def _form_error(form):
    for field, errors in form.errors.items():
        label = "" if field == "__all__" else f"{field}: "
        return f"{label}{errors[0]}"
    return "Invalid frame."


class LoungeConsumer(AsyncWebsocketConsumer):
    channel_id = None
    joined = ()
    presence_state = None
    gone = False
    moderates = False
    muted_channels = frozenset()

    # Connection -----------------------------------------------------------------

    async def connect(self):
        user = self.scope.get("user")
        self.channel_id = self.scope["url_route"]["kwargs"].get("channel_id")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_SIGNED_OUT)
            return
        self.user_id = user.pk
        state = await database_sync_to_async(self._load)()
        if state is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.__dict__.update(state)
        self.typed_at = 0.0
        groups = [realtime.user_group(self.user_id)]
        session = self.scope.get("session")
        if session is not None and session.session_key:
            groups.append(realtime.session_group(session.session_key))
        if self.channel_id:
            groups.append(realtime.channel_group(self.channel_id))
            if self.moderates:
                groups.append(realtime.moderators_group(self.channel_id))
        groups += [realtime.activity_group(pk) for pk in self.last_seq]
        try:
            for group in groups:
                await self.channel_layer.group_add(group, self.channel_name)
        except Exception:  # noqa: BLE001 - no channel layer, no live updates: retry later
            logger.warning("Channel layer unavailable; refusing socket", exc_info=True)
            await self.close(code=1011)
            return
        self.joined = groups
        await self.accept()
        await self._set_presence(presence.ONLINE)
        await self._send_presence_snapshot()

    def _load(self):
        user = get_user_model().objects.select_related("profile").filter(pk=self.user_id).first()
        if user is None or not user.is_active:
            return None
        channel = None
        if self.channel_id:
            channel = Channel.objects.filter(pk=self.channel_id).first()
            if channel is None or not permissions.can_read_channel(user, channel):
                return None
        memberships = list(
            Membership.objects.filter(user=user, channel__archived_at__isnull=True)
            .select_related("channel")
            .with_unread()
        )
        for membership in memberships:
            if membership.muted:  # muted by the person: no badges from that channel
                membership.unread = membership.unread_mentions = 0
        preferences = ChatPreferences.for_user(user)
        return {
            "moderates": channel is not None and permissions.can_moderate_channel(user, channel),
            "muted_channels": {m.channel_id for m in memberships if m.muted},
            "user": user,
            "display_name": user.display_name,
            "zone": user.profile.time_zone,
            "appear_offline": preferences.appear_offline,
            "share_typing": preferences.share_typing,
            "last_seq": {m.channel_id: m.channel.last_seq for m in memberships},
            "unread": {m.channel_id: m.unread for m in memberships},
            "mentions": {m.channel_id: m.unread_mentions for m in memberships},
        }

    async def disconnect(self, code):
        self.gone = True
        for group in self.joined:
            # A group entry the layer cannot drop now expires by itself.
            with contextlib.suppress(Exception):
                await self.channel_layer.group_discard(group, self.channel_name)
        if self.presence_state is not None:
            store = presence.get_store()
            await store.drop(self.user_id, self.channel_name)
            state = (await store.states([self.user_id]))[self.user_id]
            if state != self.presence_state:
                await realtime.presence_changed(list(self.last_seq), self.user_id, state)

    # Incoming frames --------------------------------------------------------------

    async def receive(self, text_data=None, bytes_data=None):
        frame = {}
        try:
            frame = self._parse(text_data, bytes_data)
            handler = self.HANDLERS.get(frame["type"])
            if handler is None:
                raise FrameError("unknown_type", "Unknown frame type.")
            if self.channel_id is None and frame["type"] not in ("heartbeat",):
                raise FrameError("no_channel", "This socket is not attached to a channel.")
            if not await database_sync_to_async(self._still_allowed)():
                await self._revoke()
                return
            await handler(self, frame)
        except FrameError as error:
            await self._error(error.code, str(error), frame)
        except actions.LoungeError as error:
            await self._error(error.code, str(error), frame, **error.params)
        except Http404:
            await self._error("not_found", "No such message.", frame)
        except Exception:
            logger.exception("Lounge frame failed")
            await self._error("server_error", "Something went wrong; please try again.", frame)

    def _parse(self, text_data, bytes_data):
        if text_data is None:
            raise FrameError("malformed", "Send JSON text frames.")
        if len(text_data) > MAX_FRAME_BYTES:
            raise FrameError("too_large", f"Frames can be at most {MAX_FRAME_BYTES} bytes.")
        try:
            frame = json.loads(text_data)
        except (ValueError, RecursionError):
            raise FrameError("malformed", "Frames must be JSON objects.") from None
        if not isinstance(frame, dict) or not isinstance(frame.get("type"), str):
            raise FrameError("malformed", "Frames must be JSON objects with a type.")
        frame.pop("HEADERS", None)
        return frame

    def _still_allowed(self):
        """Per-frame authorisation: the person is still active, and may still read."""
        user = (
            get_user_model()
            .objects.select_related("profile")
            .filter(pk=self.user_id, is_active=True)
            .first()
        )
        if user is None:
            return False
        if self.channel_id is None:
            return True
        channel = Channel.objects.filter(pk=self.channel_id).first()
        self.user = user
        return channel is not None and permissions.can_read_channel(user, channel)

    def _clean(self, form_class, frame):
        form = form_class({k: v for k, v in frame.items() if isinstance(v, (str, int))})
        if not form.is_valid():
            raise FrameError("invalid", _form_error(form))
        return form.cleaned_data

    def _channel(self):
        return Channel.objects.get(pk=self.channel_id)

    async def on_post(self, frame):
        data = self._clean(PostFrame, frame)

        def post():
            message, created = actions.post_message(
                self.user,
                self._channel(),
                data["body"],
                client_id=data["client_id"],
                reply_to_id=data["reply_to"],
            )
            return message_payload(Message.objects.for_display().get(pk=message.pk)), created

        payload, created = await database_sync_to_async(post)()
        await self._json(
            type="ack",
            client_id=data["client_id"],
            id=payload["id"],
            seq=payload["seq"],
            duplicate=not created,
        )
        if not created:  # a retry: the first broadcast may never have reached this client
            await self.send(text_data=render_cache.get(payload, self.zone, "append"))

    async def on_edit(self, frame):
        data = self._clean(EditFrame, frame)

        def edit():
            message = permissions.get_message_for(self.user, data["message"], self.channel_id)
            actions.edit_message(self.user, message, data["body"])

        await database_sync_to_async(edit)()

    async def on_delete(self, frame):
        data = self._clean(MessageRefFrame, frame)

        def delete():
            message = permissions.get_message_for(self.user, data["message"], self.channel_id)
            actions.delete_message(self.user, message)

        await database_sync_to_async(delete)()

    async def on_react(self, frame):
        data = self._clean(ReactFrame, frame)

        def react():
            message = permissions.get_message_for(self.user, data["message"], self.channel_id)
            return actions.toggle_reaction(self.user, message, data["emoji"])

        await database_sync_to_async(react)()

    async def on_resume(self, frame):
        """Send every message after `after`, in order, and every earlier one that changed
        (edited, deleted, hidden, reacted to) since `changed_since`; or ask for a reload
        if too much was missed."""
        data = self._clean(ResumeFrame, frame)
        after, changed_since = data["after"], data["changed_since"]
        synced_at = timezone.now()

        def payloads_of(rows):
            return [
                message_payload(m, reveal_pending=self.moderates or m.author_id == self.user_id)
                for m in rows
            ]

        def missed():
            messages = Message.objects.for_display().filter(channel_id=self.channel_id)
            new = list(messages.filter(seq__gt=after).order_by("seq")[: RESUME_LIMIT + 1])
            changed = []
            if changed_since is not None:
                changed = list(
                    messages.filter(
                        seq__lte=after, changed_at__gte=changed_since - RESUME_CLOCK_MARGIN
                    ).order_by("seq")[: RESUME_LIMIT + 1]
                )
            return payloads_of(new), payloads_of(changed)

        new, changed = await database_sync_to_async(missed)()
        if len(new) > RESUME_LIMIT or len(changed) > RESUME_LIMIT:
            await self._json(type="reload", reason="too_many_missed")
            return
        for payload in changed:
            await self.send(text_data=render_cache.get(payload, self.zone, "replace"))
        for payload in new:
            await self.send(text_data=render_cache.get(payload, self.zone, "append"))
        await self._json(
            type="resumed",
            after=after,
            count=len(new),
            changed=len(changed),
            at=synced_at.isoformat(),
        )

    async def on_read(self, frame):
        seq = self._clean(SeqFrame, frame)["seq"]
        await database_sync_to_async(lambda: actions.mark_read(self.user, self._channel(), seq))()

    async def on_typing(self, frame):
        now = time.monotonic()
        if not self.share_typing or now - self.typed_at < TYPING_THROTTLE_SECONDS:
            return
        allowed = await database_sync_to_async(
            lambda: permissions.can_post(self.user, self._channel())
        )()
        if allowed:
            self.typed_at = now
            await realtime.typing(self.channel_id, self.user_id, self.display_name)

    async def on_heartbeat(self, frame):
        state = self._clean(HeartbeatFrame, frame)["state"]
        await self._set_presence(state)
        await self._send_presence_snapshot()

    HANDLERS = {
        "post": on_post,
        "edit": on_edit,
        "delete": on_delete,
        "react": on_react,
        "resume": on_resume,
        "read": on_read,
        "typing": on_typing,
        "heartbeat": on_heartbeat,
    }

    # Presence -------------------------------------------------------------------

    async def _set_presence(self, state):
        if self.appear_offline:
            return
        await presence.get_store().touch(self.user_id, self.channel_name, state)
        if state != self.presence_state:
            self.presence_state = state
            await realtime.presence_changed(list(self.last_seq), self.user_id, state)

    async def _send_presence_snapshot(self):
        if not self.channel_id:
            return
        member_ids = await database_sync_to_async(
            lambda: list(
                Membership.objects.filter(channel_id=self.channel_id)
                .exclude(user__chat_preferences__appear_offline=True)
                .values_list("user_id", flat=True)[:MAX_PRESENCE_SNAPSHOT]
            )
        )()
        states = await presence.get_store().states(member_ids)
        await self._json(type="presence", users={str(k): v for k, v in states.items()})

    # Events from realtime.py (one handler per event type) -----------------------

    async def message_changed(self, event):
        mode = "append" if event.get("new") else "replace"
        await self.send(text_data=render_cache.get(event["message"], self.zone, mode))

    async def channel_activity(self, event):
        channel_id = event["channel"]
        if channel_id not in self.last_seq:
            return
        self.last_seq[channel_id] = max(self.last_seq[channel_id], event["seq"])
        if channel_id == self.channel_id or event["author"] == self.user_id:
            return  # read here, or one's own message
        if channel_id in self.muted_channels:
            return
        self.unread[channel_id] = self.unread.get(channel_id, 0) + 1
        if self.user_id in event.get("mentions", ()):
            self.mentions[channel_id] = self.mentions.get(channel_id, 0) + 1
        await self._send_badges(channel_id)

    async def read_moved(self, event):
        channel_id = event["channel"]
        if channel_id not in self.last_seq:
            return
        self.unread[channel_id] = max(0, self.last_seq[channel_id] - event["seq"])
        if self.unread[channel_id] == 0:
            self.mentions[channel_id] = 0
        await self._send_badges(channel_id)

    async def membership_added(self, event):
        channel_id = event["channel"]
        if channel_id in self.last_seq:
            return
        group = realtime.activity_group(channel_id)
        await self.channel_layer.group_add(group, self.channel_name)
        self.joined = [*self.joined, group]
        self.last_seq[channel_id] = 0
        if channel_id == self.channel_id:
            await self._json(type="membership", state="member")

    async def membership_revoked(self, event):
        channel_id = event["channel"]
        if channel_id == self.channel_id:
            await self._revoke()
            return
        self.last_seq.pop(channel_id, None)
        await self.channel_layer.group_discard(
            realtime.activity_group(channel_id), self.channel_name
        )

    async def membership_muted(self, event):
        channel_id = event["channel"]
        if event["muted"]:
            self.muted_channels = self.muted_channels | {channel_id}
            self.unread[channel_id] = self.mentions[channel_id] = 0
        else:
            self.muted_channels = self.muted_channels - {channel_id}
        await self._send_badges(channel_id)

    async def posting_changed(self, event):
        if event["channel"] != self.channel_id:
            return

        def refusal():
            channel = self._channel()
            user = get_user_model().objects.select_related("profile").get(pk=self.user_id)
            return permissions.posting_refusal(user, channel)

        reason = await database_sync_to_async(refusal)()
        if reason is None:
            await self._json(type="posting", allowed=True)
        else:
            await self._json(type="posting", allowed=False, code=reason[0], message=reason[1])

    async def membership_downgraded(self, event):
        if event["channel"] == self.channel_id:
            await self._json(type="membership", state="reader")

    async def session_ended(self, event):
        await self._json(type="signed_out")
        await self.close(code=CLOSE_SIGNED_OUT)

    async def typing_started(self, event):
        if event["user"] != self.user_id:
            await self._json(type="typing", user=event["user"], name=event["name"])

    async def presence_changed(self, event):
        await self._json(type="presence", users={str(event["user"]): event["state"]})

    # Helpers -----------------------------------------------------------------------

    async def _revoke(self):
        await self._json(type="revoked", message="You no longer have access to this channel.")
        await self.close(code=CLOSE_FORBIDDEN)

    async def _send_badges(self, channel_id):
        html = render_to_string(
            "lounge/_sidebar.html#badges",
            {
                "channel_id": channel_id,
                "unread": self.unread.get(channel_id, 0),
                "mentions": self.mentions.get(channel_id, 0),
                "oob": True,
            },
        )
        await self.send(text_data=html)

    async def _error(self, code, message, frame=None, **details):
        extra = {"client_id": frame.get("client_id")} if isinstance(frame, dict) else {}
        extra.update({k: v for k, v in details.items() if isinstance(v, (int, str))})
        await self._json(type="error", code=code, message=message, **extra)

    async def _json(self, **data):
        await self.send(text_data=json.dumps(data))

    async def send(self, text_data=None, bytes_data=None, close=False):
        """Sending to a socket the browser just closed is not an error worth a crash:
        the disconnect handler still has to run to clear this connection's presence."""
        if self.gone:
            return
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except Exception:  # noqa: BLE001 - the server's "already closed" errors differ
            self.gone = True
            logger.debug("Frame to a closed socket dropped", exc_info=True)
