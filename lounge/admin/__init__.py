"""The lounge in Django admin. Each module registers its
ModelAdmins when imported here:

    base       ModeratedAdmin (rows scoped to the channels a person moderates) and forms
    channels   channels and their members: lock, unlock, slow mode, archive
    messages   messages, channel mutes, reactions, mentions: hide, approve, reject, lift
    attachments  files and pictures of messages: hide their messages
    community  community settings and chat preferences

Site moderators see everything; a course moderator sees only rows about the channels
they moderate (get_queryset and has_*_permission ask lounge.permissions).

The moderation queue (the Report admin) is in home.moderation_queue: reports point at
anything, in any app."""

from . import attachments, channels, community, messages  # noqa: F401 - they register ModelAdmins
