"""The lounge's stream on every page's socket (composed in home.consumers): unread and
mention badges for each of the person's channels, and the person's own presence (any
open page counts as online); on a channel page (/ws/me/channels/<id>/) also that
channel's messages, typing and members' presence. It closes when access to the
channel ends.

Thin by design: each frame is validated with a form, authorised again with
lounge.permissions, and handed to a verb in lounge.actions. Frame formats are in
docs/lounge.md."""

import time
from datetime import timedelta

from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core.consumers import CLOSE_FORBIDDEN, FrameError, clean_frame

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

RESUME_LIMIT = 200
# Changes are looked up from a little before the client's last sync, so a change
# committed while that sync was being read is not missed (sending one twice is harmless).
RESUME_CLOCK_MARGIN = timedelta(seconds=2)
TYPING_THROTTLE_SECONDS = 2
# Pages send "typing" at most this often, and show someone typing for this long.
TYPING_EVERY_SECONDS = 3
TYPING_SHOWN_SECONDS = 5
MAX_PRESENCE_SNAPSHOT = 200
# A channel page's heartbeat refreshes its snapshot this often (every 4th beat, about
# a minute): deltas carry every change, the snapshot only catches people whose server
# process died without saying they left.
SNAPSHOT_EVERY_HEARTBEATS = 4
CHANNEL_FRAMES = {"post", "edit", "delete", "react", "resume", "read", "typing"}


class ChatStream:
    channel = None
    channel_id = None
    presence_state = None
    moderates = False
    muted_channels = frozenset()
    typed_at = 0.0
    heartbeats = 0
    presence_seen = None

    # Connection ---------------------------------------------------------------------

    def load(self):
        if not super().load():
            return False
        self.channel_id = self.scope["url_route"]["kwargs"].get("channel_id")
        if self.channel_id is not None:
            try:
                self.channel = permissions.get_channel_by_id_for(self.user, self.channel_id)
            except Http404:
                return False
            self.moderates = permissions.can_moderate_channel(self.user, self.channel)
        memberships = list(
            Membership.objects.filter(user=self.user, channel__archived_at__isnull=True)
            .select_related("channel")
            .with_unread()
        )
        for membership in memberships:
            if membership.muted:  # muted by the person: no badges from that channel
                membership.unread = membership.unread_mentions = 0
        preferences = ChatPreferences.for_user(self.user)
        self.muted_channels = {m.channel_id for m in memberships if m.muted}
        self.display_name = self.user.display_name
        self.zone = self.user.profile.time_zone
        self.appear_offline = preferences.appear_offline
        self.share_typing = preferences.share_typing
        self.last_seq = {m.channel_id: m.channel.last_seq for m in memberships}
        self.unread = {m.channel_id: m.unread for m in memberships}
        self.mentions = {m.channel_id: m.unread_mentions for m in memberships}
        self.direct_ids = [
            m.channel_id for m in memberships if m.channel.kind == Channel.Kind.DIRECT
        ]
        return True

    def stream_groups(self):
        """Badges of every channel but this page's own (its messages come on the channel
        group, once); presence only on a channel page: its members', and the sidebar's
        conversation partners'."""
        groups = [realtime.activity_group(pk) for pk in self.last_seq if pk != self.channel_id]
        if self.channel_id is not None:
            groups.append(realtime.channel_group(self.channel_id))
            if self.moderates:
                groups.append(realtime.moderators_group(self.channel_id))
            shown = dict.fromkeys([self.channel_id, *self.direct_ids])
            groups.extend(realtime.presence_group(pk) for pk in shown)
        return [*super().stream_groups(), *groups]

    def still_allowed(self, frame):
        """On a channel page: the person may still read the channel."""
        if not super().still_allowed(frame):
            return False
        if self.channel_id is None:
            if frame["type"] in CHANNEL_FRAMES:
                raise FrameError("no_channel", _("This socket is not attached to a channel."))
            return True
        self.channel = Channel.objects.filter(pk=self.channel_id).first()
        return self.channel is not None and permissions.can_read_channel(self.user, self.channel)

    def checks_itself(self, frame):
        """A post is authorised by post_message itself, with fresh rows (see
        frame_post); other channel frames are checked before they run."""
        if frame["type"] in CHANNEL_FRAMES and self.channel_id is None:
            raise FrameError("no_channel", _("This socket is not attached to a channel."))
        return frame["type"] == "post" or super().checks_itself(frame)

    async def opened(self):
        await super().opened()
        await self._set_presence(presence.ONLINE)
        await self._send_presence_snapshot()

    async def closed(self):
        await self._drop_presence()
        await super().closed()

    async def _drop_presence(self):
        """This connection no longer counts for the person's presence; others hear of it
        when that changes what they see (their last open page closed)."""
        if self.presence_state is None:
            return
        store = presence.get_store()
        await store.drop(self.user_id, self.channel_name)
        state = (await store.states([self.user_id]))[self.user_id]
        if state != self.presence_state:
            realtime.presence_changed(list(self.last_seq), self.user_id, state)
        self.presence_state = None

    # Incoming frames ------------------------------------------------------------------

    async def frame_post(self, frame):
        data = clean_frame(PostFrame, frame)
        try:
            message, created = await database_sync_to_async(actions.post_message)(
                self.user,
                self.channel,
                data["body"],
                client_id=data["client_id"],
                reply_to_id=data["reply_to"],
                received_at=self.frame_received_at,
                thread_root_id=data["thread_root"],
                also_in_channel=data["also_in_channel"],
            )
        except actions.NotAllowed:
            # Refused with fresh rows: if the page lost access (an event that never
            # arrived), close it as the per-frame check would have.
            if not await self.recheck(frame):
                await self.refuse_access()
                return
            raise
        # The ack says only what was committed: nothing between the commit and the ack
        # can fail and make the page send the text again.
        await self.send_frame(
            "ack",
            client_id=data["client_id"],
            id=message.pk,
            seq=message.seq,
            duplicate=not created,
        )
        if not created:  # a retry: the first broadcast may never have reached this client

            def row():
                return message_payload(Message.objects.for_display().get(pk=message.pk))

            payload = await database_sync_to_async(row)()
            await self.send(text_data=render_cache.get(payload, self.zone, new=True))

    async def frame_edit(self, frame):
        data = clean_frame(EditFrame, frame)

        def edit():
            message = permissions.get_message_for(self.user, data["message"], self.channel_id)
            actions.edit_message(self.user, message, data["body"])

        await database_sync_to_async(edit)()

    async def frame_delete(self, frame):
        data = clean_frame(MessageRefFrame, frame)

        def delete():
            message = permissions.get_message_for(self.user, data["message"], self.channel_id)
            actions.delete_message(self.user, message)

        await database_sync_to_async(delete)()

    async def frame_react(self, frame):
        data = clean_frame(ReactFrame, frame)

        def react():
            message = permissions.get_message_for(self.user, data["message"], self.channel_id)
            return actions.toggle_reaction(self.user, message, data["emoji"])

        await database_sync_to_async(react)()

    async def frame_resume(self, frame):
        """Send every message after `after`, in order, and every earlier one that changed
        (edited, deleted, hidden, reacted to) since `changed_since`; or ask for a reload
        if too much was missed."""
        data = clean_frame(ResumeFrame, frame)
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
            await self.send_frame("reload", reason="too_many_missed")
            return
        for payload in changed:
            await self.send(text_data=render_cache.get(payload, self.zone))
        for payload in new:
            await self.send(text_data=render_cache.get(payload, self.zone, new=True))
        await self.send_frame(
            "resumed", after=after, count=len(new), changed=len(changed), at=synced_at.isoformat()
        )

    async def frame_read(self, frame):
        seq = clean_frame(SeqFrame, frame)["seq"]
        await database_sync_to_async(actions.mark_read)(self.user, self.channel, seq)

    async def frame_typing(self, frame):
        now = time.monotonic()
        if not self.share_typing or now - self.typed_at < TYPING_THROTTLE_SECONDS:
            return
        allowed = await database_sync_to_async(permissions.can_post)(self.user, self.channel)
        if allowed:
            self.typed_at = now
            await realtime.typing(self.channel_id, self.user_id, self.display_name)

    async def frame_heartbeat(self, frame):
        state = clean_frame(HeartbeatFrame, frame)["state"]
        await self._set_presence(state)
        self.heartbeats += 1
        if self.heartbeats % SNAPSHOT_EVERY_HEARTBEATS == 0:
            await self._send_presence_snapshot()
        await super().frame_heartbeat(frame)

    # Presence -----------------------------------------------------------------------

    async def _set_presence(self, state):
        if self.appear_offline:
            return
        await presence.get_store().touch(self.user_id, self.channel_name, state, self.channel_id)
        if state != self.presence_state:
            self.presence_state = state
            realtime.presence_changed(list(self.last_seq), self.user_id, state)

    async def _send_presence_snapshot(self):
        if self.channel_id is None:
            return
        outbox = presence.outbox(realtime.send_presence)
        member_ids = outbox.cached_members(self.channel_id)
        if member_ids is None:
            member_ids = await database_sync_to_async(
                lambda: list(
                    Membership.objects.filter(channel_id=self.channel_id)
                    .exclude(user__chat_preferences__appear_offline=True)
                    .values_list("user_id", flat=True)[:MAX_PRESENCE_SNAPSHOT]
                )
            )()
            outbox.remember_members(self.channel_id, member_ids)
        member_ids = [pk for pk in member_ids if pk not in self.blocked_between]
        states = await presence.get_store().states(member_ids)
        users = {str(k): v for k, v in states.items()}
        self.presence_seen = {**(self.presence_seen or {}), **users}
        await self.send_frame("presence", users=users)

    # Events from lounge.realtime (one handler per event type) -------------------------

    async def message_changed(self, event):
        new = event.get("new", False)
        payload = event["message"]
        if payload["channel_id"] != self.channel_id:
            # A pending row's full copy goes to all of its author's pages (their group):
            # only the page on that channel shows it.
            return
        if new and payload["channel_id"] in self.last_seq:
            # This page's own channel has no activity event: its row says the seq.
            channel_id = payload["channel_id"]
            self.last_seq[channel_id] = max(self.last_seq[channel_id], payload["seq"])
        await self.send(text_data=render_cache.get(payload, self.zone, new=new))

    async def resume_hint(self, event):
        """A row of this channel was not broadcast: the page resumes to fetch it."""
        await self.send_frame("resume", channel=event["channel"], seq=event["seq"])

    async def preferences_changed(self, event):
        """The person changed their chat settings on some page: every open page applies
        them at once."""
        self.share_typing = event["share_typing"]
        if event["appear_offline"] and not self.appear_offline:
            self.appear_offline = True
            await self._drop_presence()
        elif not event["appear_offline"] and self.appear_offline:
            self.appear_offline = False
            # Shown as online now; the page's next heartbeat says if it is idle.
            await self._set_presence(presence.ONLINE)

    async def meetup_changed(self, event):
        """A meetup of this channel changed its counts: the card shows the new ones, in
        this socket's language (the event carries one rendering per language)."""
        html = event["html"]
        await self.send_frame("swap", html=html.get(self.language) or html[settings.LANGUAGE_CODE])

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
        self.last_seq[channel_id] = 0
        if channel_id == self.channel_id:
            await self.join_group(realtime.presence_group(channel_id))
            await self.send_frame("membership", state="member")
        else:
            await self.join_group(realtime.activity_group(channel_id))

    async def membership_revoked(self, event):
        channel_id = event["channel"]
        if channel_id == self.channel_id:
            await self.refuse_access()
            return
        self.last_seq.pop(channel_id, None)
        had_unread = self.unread.pop(channel_id, 0)
        self.mentions.pop(channel_id, None)
        await self.leave_group(realtime.activity_group(channel_id))
        await self.leave_group(realtime.presence_group(channel_id))
        if had_unread:
            await self._send_badges(channel_id)

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
            self.channel = Channel.objects.get(pk=self.channel_id)
            user = get_user_model().objects.select_related("profile").get(pk=self.user_id)
            return permissions.posting_refusal(user, self.channel)

        reason = await database_sync_to_async(refusal)()
        if reason is None:
            await self.send_frame("posting", allowed=True)
        else:
            await self.send_frame("posting", allowed=False, code=reason[0], message=reason[1])

    async def membership_downgraded(self, event):
        if event["channel"] == self.channel_id:
            await self.send_frame("membership", state="reader")

    async def typing_started(self, event):
        if event["user"] != self.user_id and event["user"] not in self.blocked_between:
            await self.send_frame("typing", user=event["user"], name=event["name"])

    async def presence_changed(self, event):
        """A delta of one channel: people hidden by a block are left out, and a state
        this page already shows (heard through another shared channel) is not sent twice."""
        seen = self.presence_seen if self.presence_seen is not None else {}
        users = {
            key: state
            for key, state in event["users"].items()
            if int(key) not in self.blocked_between and seen.get(key) != state
        }
        if users:
            self.presence_seen = {**seen, **users}
            await self.send_frame("presence", users=users)

    async def blocks_changed(self, event):
        """Someone newly blocked either way goes offline on this page at once."""
        before = self.blocked_between
        await super().blocks_changed(event)
        if self.blocked_between - before:
            gone = {str(pk): presence.OFFLINE for pk in self.blocked_between - before}
            self.presence_seen = {**(self.presence_seen or {}), **gone}
            await self.send_frame("presence", users=gone)
        if before - self.blocked_between:
            await self._send_presence_snapshot()

    # Helpers ---------------------------------------------------------------------------

    async def refuse_access(self):
        if self.channel_id is None:
            await super().refuse_access()
            return
        await self.send_frame("revoked", message=_("You no longer have access to this channel."))
        await self.close(code=CLOSE_FORBIDDEN)

    async def _send_badges(self, channel_id):
        """The channel's badges in the sidebar and the total on the Lounge link, for
        whichever of them the page shows."""
        html = render_to_string(
            "lounge/_sidebar.html#badges",
            {
                "channel_id": channel_id,
                "unread": self.unread.get(channel_id, 0),
                "mentions": self.mentions.get(channel_id, 0),
            },
        ) + render_to_string(
            "lounge/_unread_total.html", {"unread_total": sum(self.unread.values())}
        )
        await self.send_frame("swap", html=html)
