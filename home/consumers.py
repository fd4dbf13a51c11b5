"""Every page's one socket, composed from each app's stream by plain imports.

On any page it is /ws/me/: the person's own events (sign-out, deactivation) and the
lounge's badges and presence. A channel page opens it as /ws/me/channels/<id>/, which
adds that channel's messages, typing and members' presence. An app that gives every
page something live adds its stream here (see docs/architecture.md). A live session's
pages open it as /ws/me/live/<id>/, which adds the session's stream."""

from accounts.consumers import PersonalStream
from core.consumers import FrameConsumer
from courses.consumers import WorkspaceStream
from groups.live.consumers import LiveStream
from lounge.consumers import ChatStream


class PersonalConsumer(WorkspaceStream, ChatStream, PersonalStream, FrameConsumer):
    pass


class LiveSessionConsumer(LiveStream, PersonalConsumer):
    """A live session's lobby and rooms (/ws/me/live/<id>/): every page's socket plus
    the session's stream."""
