"""What a message or a reaction adds to the peer-interaction log (accounts.interactions):
one call from each lounge verb, one insert per post. Called inside the verb's
transaction, after its own checks, so a refused or rolled-back post records nothing."""

from accounts import interactions
from accounts.interactions import Kind

from ..models import Channel, Membership


def message_posted(message, mentioned):
    """The author replied to the author of `reply_to` (or of the thread's first
    message), mentioned `mentioned` and, in a
    direct conversation, messaged everyone else in it. A message held for review
    (pre-moderation) records nothing: nobody has seen it yet."""
    if message.pending:
        return []
    author = message.author
    rows = [(author, mentioned, Kind.MENTIONED, message)]
    if message.reply_to_id:
        rows.append((author, [message.reply_to.author_id], Kind.REPLIED, message))
    if message.thread_root_id:  # a reply in a thread answers the one who started it
        rows.append((author, [message.thread_root.author_id], Kind.REPLIED, message))
    if message.channel.kind == Channel.Kind.DIRECT:
        members = Membership.objects.filter(channel=message.channel)
        rows.append((author, members.values_list("user_id", flat=True), Kind.MESSAGED, message))
    return interactions.record_many(rows)


def reacted(actor, message):
    return interactions.record(actor, [message.author_id], Kind.REACTED, message)
