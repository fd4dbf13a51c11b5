"""Every page's one socket, composed from each app's stream by plain imports.

On any page it is /ws/me/: the person's own events (sign-out, deactivation) and the
lounge's badges and presence. A channel page opens it as /ws/me/channels/<id>/, which
adds that channel's messages, typing and members' presence. An app that gives every
page something live adds its stream here (see docs/architecture.md)."""

from accounts.consumers import PersonalStream
from core.consumers import FrameConsumer
from courses.consumers import WorkspaceStream
from lounge.consumers import ChatStream


class PersonalConsumer(WorkspaceStream, ChatStream, PersonalStream, FrameConsumer):
    pass
