"""Every write to the lounge goes through these verbs. Views, consumers, the admin,
the demo seeder and the apps above lounge (courses, groups) all call them.

Each verb checks permission with lounge.permissions, writes in one transaction and
announces the change through lounge.realtime only after commit. The verbs live in
one module per subject and are all re-exported here, with the errors they raise:
callers write `from lounge import actions; actions.post_message(...)`.

    channels    channels, direct conversations, members and the chats other apps own
    messages    posting, editing, deleting, reactions, read markers, preferences
    mentions    message bodies with their mentions (shared by messages and moderation)
    notes       a staff member's note to a student, on the record
    moderation  hiding, approving and rejecting messages, channel mutes, locks, slow mode
    reports     filing and resolving reports
    screening   pre-moderation and automatic flags
    threads     replies in a thread: the thread's summary, following it"""

from ..errors import (
    EditWindowClosed,
    InvalidInput,
    Locked,
    LoungeError,
    MessageTooLong,
    Muted,
    NotAllowed,
    NotFound,
    RateLimited,
    ReasonRequired,
    SlowMode,
)
from .channels import (
    add_channel_member,
    archive_channel,
    close_owned_channel,
    create_channel,
    ensure_owned_channel,
    join_channel,
    join_welcome_channels,
    leave_channel,
    open_direct_channel,
    remove_channel_member,
    rename_owned_channel,
    set_channel_role,
    sync_owned_member,
    unarchive_channel,
)
from .messages import (
    check_may_post,
    delete_message,
    edit_message,
    mark_read,
    post_message,
    set_channel_muted,
    toggle_reaction,
    update_chat_preferences,
)
from .moderation import (
    approve_message,
    hide_message,
    lift_mute,
    lock_channel,
    mute_in_channel,
    reject_message,
    set_slow_mode,
    unlock_channel,
)
from .notes import send_direct_note
from .reports import file_report, resolve_report, resolve_reports_about
from .threads import is_following, set_following, thread_read
from .threads import refresh_summary as refresh_thread_summary

__all__ = [
    "EditWindowClosed",
    "InvalidInput",
    "Locked",
    "LoungeError",
    "MessageTooLong",
    "Muted",
    "NotAllowed",
    "NotFound",
    "RateLimited",
    "ReasonRequired",
    "SlowMode",
    "add_channel_member",
    "approve_message",
    "archive_channel",
    "unarchive_channel",
    "check_may_post",
    "close_owned_channel",
    "create_channel",
    "delete_message",
    "edit_message",
    "ensure_owned_channel",
    "file_report",
    "hide_message",
    "is_following",
    "join_channel",
    "join_welcome_channels",
    "leave_channel",
    "lift_mute",
    "lock_channel",
    "mark_read",
    "mute_in_channel",
    "open_direct_channel",
    "post_message",
    "refresh_thread_summary",
    "reject_message",
    "remove_channel_member",
    "rename_owned_channel",
    "resolve_report",
    "resolve_reports_about",
    "send_direct_note",
    "set_channel_muted",
    "set_channel_role",
    "set_following",
    "set_slow_mode",
    "sync_owned_member",
    "thread_read",
    "toggle_reaction",
    "unlock_channel",
    "update_chat_preferences",
]
