"""A note from one person to another in their direct conversation, on the record: a
course's staff writing to a student from the community-health radar. The audit trail
names the conversation and who wrote to whom, never what was said."""

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.moderation import record_action

from .channels import open_direct_channel
from .messages import post_message


@transaction.atomic
def send_direct_note(actor, recipient, body, *, audit_action):
    """Posts `body` in the direct conversation of `actor` and `recipient` (opened the
    first time) and records `audit_action`. Refused as any direct message would be
    (a block between the two, a site mute, an empty or too long body)."""
    channel = open_direct_channel(actor, [recipient])
    message, _created = post_message(actor, channel, body)
    record_action(
        actor,
        audit_action,
        reason=_("Wrote to %(person)s in their direct conversation")
        % {"person": recipient.username},
        target_user=recipient,
        target=channel,
        details={"message": message.pk},
    )
    return message
