"""The per-person stream of every page's socket (composed with other apps' streams in
home.consumers): the person's own and their session's groups, closing the socket when
the account is deactivated or the session ends, the heartbeat that keeps it alive, and
who is blocked either way (other streams leave them out)."""

from channels.db import database_sync_to_async
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

from core.consumers import CLOSE_SIGNED_OUT
from core.realtime import session_group, user_group

from .blocks import blocked_between_ids
from .models import Notification
from .notifications import KINDS, render_for


class PersonalStream:
    def load(self):
        user = get_user_model().objects.select_related("profile").filter(pk=self.user_id).first()
        if user is None or not user.is_active:
            return False
        self.user = user
        self.blocked_between = blocked_between_ids(user)
        return super().load()

    def stream_groups(self):
        groups = [user_group(self.user_id)]
        session = self.scope.get("session")
        if session is not None and session.session_key:
            groups.append(session_group(session.session_key))
        return [*groups, *super().stream_groups()]

    def still_allowed(self, frame):
        """The person is still active; `self.user` is fresh for the frame's handler."""
        user = (
            get_user_model()
            .objects.select_related("profile")
            .filter(pk=self.user_id, is_active=True)
            .first()
        )
        if user is None:
            return False
        self.user = user
        return super().still_allowed(frame)

    def checks_itself(self, frame):
        """A heartbeat writes nothing the person may not write: between periodic checks
        deactivation and sign-out reach the socket as events."""
        if frame["type"] == "heartbeat" and self.recently_checked():
            return True
        return super().checks_itself(frame)

    async def frame_heartbeat(self, frame):
        """Answered, so the page can tell a live socket from a silently dead one."""
        await self.send_frame("pong")

    async def blocks_changed(self, event):
        """A block began or ended: streams read `blocked_between` to leave people out."""
        self.blocked_between = await database_sync_to_async(blocked_between_ids)(self.user)

    async def session_ended(self, event):
        await self.send_frame("signed_out")
        await self.close(code=CLOSE_SIGNED_OUT)

    async def notifications_changed(self, event):
        """The bell's badge, swapped in; a new notification of a kind offered to the
        browser goes along as words and link (the page shows it only while hidden)."""

        def read():
            html = render_to_string(
                "accounts/_bell.html#badge",
                {"unread": Notification.objects.for_recipient(self.user).unread_count()},
            )
            newest = event.get("newest")
            notification = newest and (
                Notification.objects.for_recipient(self.user)
                .filter(pk=newest, read_at__isnull=True)
                .select_related("actor__profile")
                .first()
            )
            if not notification or not KINDS.get(notification.kind, KINDS["legacy"]).browser:
                return html, None
            [item] = render_for(self.user, [notification])
            if item.hidden:
                return html, None
            return html, {"id": notification.pk, "category": notification.kind, "text": item.text}

        html, fresh = await database_sync_to_async(read)()
        await self.send_frame("swap", html=html)
        if fresh:
            await self.send_frame("notification", **fresh)
