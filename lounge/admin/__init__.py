"""The lounge in Django admin, and the moderation queue. Each module registers its
ModelAdmins when imported here:

    base       ModeratedAdmin (rows scoped to the channels a person moderates) and forms
    channels   channels and their members: lock, unlock, slow mode, archive
    messages   messages, channel mutes, reactions, mentions: hide, approve, reject, lift
    reports    the moderation queue: a report's page and the actions taken from it
    community  community settings and chat preferences

Site moderators see everything; a course moderator sees only rows about the channels
they moderate (get_queryset and has_*_permission ask lounge.permissions)."""

from . import channels, community, messages, reports  # noqa: F401 - they register ModelAdmins
