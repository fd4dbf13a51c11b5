"""Who may read, post in and manage channels and messages. The HTTP views, the
websocket consumers and the admin all ask these questions; nothing else decides."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from babel.dates import format_datetime
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.blocks import is_blocked_between
from accounts.models import SiteRestriction
from accounts.moderation import site_mute_until
from accounts.permissions import is_site_moderator
from core.dates import babel_locale

from .models import Attachment, Channel, ChannelMute, Membership, Message, Report

DEFAULT_EDIT_WINDOW_SECONDS = 15 * 60

# The default of `membership=` below: the caller has not read the person's membership,
# so the helper asks the database. A page that has read it passes it (None for "not a
# member") and saves the query.
UNREAD = object()


def edit_window():
    return timedelta(
        seconds=getattr(settings, "LOUNGE_EDIT_WINDOW_SECONDS", DEFAULT_EDIT_WINDOW_SECONDS)
    )


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def is_moderator(user):
    """A site moderator: moderates every channel."""
    return is_site_moderator(user)


def can_moderate_channel(user, channel, *, membership=UNREAD):
    """Site moderators anywhere; a channel's own moderators (a course's instructors and
    TAs) in that channel only. A page that has read the person's `membership` of the
    channel (None when they are not a member) passes it, saving the query."""
    if not _active(user) or channel is None:
        return False
    if is_site_moderator(user):
        return True
    if membership is not UNREAD:
        return membership is not None and membership.role == Membership.Role.MODERATOR
    return Membership.objects.filter(
        channel=channel, user=user, role=Membership.Role.MODERATOR
    ).exists()


def moderated_channel_ids(user):
    """Ids of the channels `user` moderates as a channel moderator (site moderators
    moderate all: check is_site_moderator first)."""
    if not _active(user):
        return []
    return Membership.objects.filter(user=user, role=Membership.Role.MODERATOR).values("channel_id")


def is_any_moderator(user):
    """May enter the moderation queue at all (site or some channel's moderator)."""
    if not _active(user):
        return False
    return is_site_moderator(user) or (
        Membership.objects.filter(user=user, role=Membership.Role.MODERATOR).exists()
    )


def reports_visible_to(user):
    """The moderation queue of `user`: everything for site moderators, reports about
    their channels for channel moderators, nothing for anyone else."""
    if not _active(user):
        return Report.objects.none()
    if is_site_moderator(user):
        return Report.objects.all()
    return Report.objects.filter(channel_id__in=moderated_channel_ids(user))


def can_report(user):
    """Anyone signed in with an active account may ask the moderators to look at something."""
    return _active(user)


def can_moderate_report(user, report):
    if is_site_moderator(user):
        return _active(user)
    return report.channel_id is not None and can_moderate_channel(user, report.channel)


def _format_until(user, until):
    if until.year >= 9999:
        return _("until further notice")
    profile = getattr(user, "profile", None)
    zone = profile.zone if profile is not None else timezone.get_current_timezone()
    when = format_datetime(
        until.astimezone(zone), pgettext("date pattern", "EEE d MMM HH:mm"), locale=babel_locale()
    )
    return _("until %(when)s %(zone)s") % {"when": when, "zone": zone.key}


def channel_mute_until(user, channel):
    return (
        ChannelMute.objects.active()
        .filter(channel=channel, user=user)
        .order_by("-until")
        .values_list("until", flat=True)
        .first()
    )


@dataclass(frozen=True)
class PostingFacts:
    """What posting_refusal and the rate limits need about one person in one channel,
    read with the channel row in one query (`lock_channel_for_posting`)."""

    active: bool
    role: str | None
    site_mute_until: datetime | None
    channel_mute_until: datetime | None
    recent_posts: int
    last_post_here: datetime | None
    existing_id: int | None

    def moderates(self, user):
        return is_site_moderator(user) or self.role == Membership.Role.MODERATOR


def lock_channel_for_posting(user, channel_id, *, now, rate_since, client_id=None):
    """The channel row locked for update, and the PostingFacts of `user` in it read
    fresh from the database in the same query (the caller's copy of `user` may be
    stale: a socket keeps it for its lifetime): mutes active at `now`, posts counted
    from `rate_since`. Caller holds a transaction."""
    mine = Membership.objects.filter(channel=OuterRef("pk"), user=user)
    site_mutes = SiteRestriction.objects.filter(
        user=user, kind=SiteRestriction.Kind.MUTE, lifted_at__isnull=True
    ).filter(Q(until__isnull=True) | Q(until__gt=now))
    channel_mutes = ChannelMute.objects.active(now).filter(channel=OuterRef("pk"), user=user)
    recent = (
        Message.objects.filter(author=user, created_at__gte=rate_since)
        .order_by()
        .values("author")
        .annotate(n=Count("pk"))
        .values("n")
    )
    here = Message.objects.filter(author=user, channel=OuterRef("pk")).order_by("-created_at")
    annotations = {
        "f_active": Exists(get_user_model().objects.filter(pk=user.pk, is_active=True)),
        "f_role": Subquery(mine.values("role")[:1]),
        "f_site_muted": Exists(site_mutes),
        "f_site_until": Subquery(
            site_mutes.order_by(F("until").desc(nulls_first=True)).values("until")[:1]
        ),
        "f_channel_until": Subquery(channel_mutes.order_by("-until").values("until")[:1]),
        "f_recent": Subquery(recent[:1]),
        "f_last_here": Subquery(here.values("created_at")[:1]),
    }
    if client_id:
        first = Message.objects.filter(author=user, client_id=client_id).order_by()
        annotations["f_existing"] = Subquery(first.values("pk")[:1])
    channel = (
        Channel.objects.select_for_update(of=("self",)).annotate(**annotations).get(pk=channel_id)
    )
    site_until = None
    if channel.f_site_muted:
        site_until = channel.f_site_until or now.replace(year=9999)
    return channel, PostingFacts(
        active=channel.f_active,
        role=channel.f_role,
        site_mute_until=site_until,
        channel_mute_until=channel.f_channel_until,
        recent_posts=channel.f_recent or 0,
        last_post_here=channel.f_last_here,
        existing_id=getattr(channel, "f_existing", None),
    )


def posting_refusal(user, channel, facts=None):
    """Why `user` may not post (or edit, or react) in `channel` right now, as
    (code, message) for the person; None when they may. Membership is checked apart.
    With `facts` (read with the locked channel row) it asks the database nothing."""
    if not _active(user) or (facts is not None and not facts.active):
        return ("forbidden", _("Your account cannot post."))
    if channel.is_archived:
        return ("forbidden", _("This channel is archived: no one can post."))
    site_until = facts.site_mute_until if facts is not None else site_mute_until(user)
    if site_until is not None:
        return (
            "muted",
            _("You are muted across Commons %(until)s.")
            % {"until": _format_until(user, site_until)},
        )
    until = facts.channel_mute_until if facts is not None else channel_mute_until(user, channel)
    if until is not None:
        return (
            "muted",
            _("You are muted in %(channel)s %(until)s.")
            % {"channel": channel.label, "until": _format_until(user, until)},
        )
    if channel.is_locked and not (
        facts.moderates(user) if facts is not None else can_moderate_channel(user, channel)
    ):
        return (
            "locked",
            _("%(channel)s is locked: only moderators can post for now.")
            % {"channel": channel.label},
        )
    if channel.kind == Channel.Kind.DIRECT and _blocked_in_direct(user, channel):
        return ("forbidden", _("You cannot post in this conversation."))
    return None


def _blocked_in_direct(user, channel):
    others = Membership.objects.filter(channel=channel).exclude(user=user).select_related("user")
    return any(is_blocked_between(user, m.user) for m in others)


def is_member(user, channel, *, membership=UNREAD):
    if membership is not UNREAD:
        return _active(user) and membership is not None
    return _active(user) and Membership.objects.filter(channel=channel, user=user).exists()


def can_read_channel(user, channel):
    if not _active(user):
        return False
    return channel.is_public or is_member(user, channel)


def channels_readable_by(user):
    """can_read_channel as a queryset for one reader: social channels for every active
    person, any other kind for its members only."""
    if not _active(user):
        return Channel.objects.none()
    mine = Membership.objects.filter(user=user).values("channel_id")
    return Channel.objects.filter(Q(kind=Channel.Kind.SOCIAL) | Q(pk__in=mine))


def can_join_channel(user, channel):
    return _active(user) and channel.is_public and not channel.is_archived


def can_post(user, channel):
    """Members post, unless the channel is archived or locked or they are muted or
    blocked (see posting_refusal for the reason)."""
    return is_member(user, channel) and posting_refusal(user, channel) is None


def can_leave_channel(user, channel, *, membership=UNREAD):
    """Members leave social channels and group conversations. A chat that an owner keeps
    (a course's, a group's) follows its owner: people leave it by leaving the owner. A
    conversation of two has nobody to leave behind: it is muted, or the other blocked."""
    if channel.kind == Channel.Kind.DIRECT and (channel.direct_key or "").count("-") == 1:
        return False
    return is_member(user, channel, membership=membership) and channel.owner_type_id is None


def can_archive_channel(user, channel, *, membership=UNREAD):
    """A social channel is the whole community's, whoever started it: only its own
    moderators and site moderators archive it (or bring it back: can_unarchive_channel)."""
    if channel.kind != Channel.Kind.SOCIAL or channel.is_archived:
        return False
    return can_moderate_channel(user, channel, membership=membership)


def can_unarchive_channel(user, channel, *, membership=UNREAD):
    if channel.kind != Channel.Kind.SOCIAL or not channel.is_archived:
        return False
    return can_moderate_channel(user, channel, membership=membership)


def archives_as_moderator(user, channel, *, membership=UNREAD):
    """Whether archiving (or unarchiving) `channel` is a moderation act for `user`:
    someone else's channel, so a reason is given and recorded."""
    if channel.kind != Channel.Kind.SOCIAL or channel.created_by_id == user.pk:
        return False
    return can_moderate_channel(user, channel, membership=membership)


def can_edit_message(user, message, *, now=None):
    if not _active(user) or message.author_id != user.pk or message.is_deleted:
        return False
    if message.channel.is_archived:
        return False
    return (now or timezone.now()) - message.created_at <= edit_window()


def can_delete_message(user, message):
    """Authors delete their own messages. Moderators hide others' instead: hiding keeps
    the text for the record and is logged with a reason."""
    if not _active(user) or message.is_deleted:
        return False
    return message.author_id == user.pk


def can_react(user, message):
    return not message.is_deleted and message.is_public and can_post(user, message.channel)


def can_see_message(user, message):
    """Read access to the channel, and the message is shown to this person: hidden ones
    to nobody, pending ones to their author and the channel's moderators."""
    if not can_read_channel(user, message.channel) or message.is_hidden:
        return False
    if message.pending:
        return message.author_id == user.pk or can_moderate_channel(user, message.channel)
    return True


def get_channel_for(user, slug):
    """The channel `user` may read, or 404 whether it is missing or forbidden."""
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None or not can_read_channel(user, channel):
        raise Http404("No such channel.")
    return channel


def get_channel_and_membership_for(user, slug):
    """get_channel_for, with `user`'s membership of the channel (None when they are not
    a member): one query for a member."""
    if _active(user):
        membership = (
            Membership.objects.select_related("channel")
            .filter(channel__slug=slug, user=user)
            .first()
        )
        if membership is not None:
            return membership.channel, membership
    return get_channel_for(user, slug), None


def get_channel_by_id_for(user, channel_id):
    """The channel `user` may read, by id (sockets), or 404 whether missing or forbidden."""
    channel = Channel.objects.filter(pk=channel_id).first()
    if channel is None or not can_read_channel(user, channel):
        raise Http404("No such channel.")
    return channel


def get_message_for(user, message_id, channel=None):
    """A message in a channel `user` may read, or 404 (missing and forbidden alike)."""
    messages = Message.objects.select_related("channel", "author__profile")
    if channel is not None:
        messages = messages.filter(channel=channel)
    message = messages.filter(pk=message_id).first()
    if message is None or not can_see_message(user, message):
        raise Http404("No such message.")
    return message


def get_attachment_for(user, attachment_id):
    """A file of a message `user` may see, or 404 (missing and forbidden alike). Asked
    on every request, so someone removed from the channel loses access at once. The
    files of a hidden message stay visible to the channel's moderators only (they
    review it); a deleted message has none."""
    attachment = (
        Attachment.objects.select_related("message__channel").filter(pk=attachment_id).first()
    )
    if attachment is None:
        raise Http404("No such file.")
    message = attachment.message
    if message.is_deleted or not can_read_channel(user, message.channel):
        raise Http404("No such file.")
    if message.is_hidden:
        if not can_moderate_channel(user, message.channel):
            raise Http404("No such file.")
    elif not can_see_message(user, message):
        raise Http404("No such file.")
    return attachment


def readable_channel_pairs(pairs):
    """can_read_channel for many at once: pairs {(user id, channel id)} -> those whose
    (active) user may read the channel. Two queries whatever the number of pairs."""
    if not pairs:
        return set()
    user_ids = {user_id for user_id, _ in pairs}
    channel_ids = {channel_id for _, channel_id in pairs}
    active = set(
        get_user_model()
        .objects.filter(pk__in=user_ids, is_active=True)
        .values_list("pk", flat=True)
    )
    public = set(
        Channel.objects.filter(pk__in=channel_ids, kind=Channel.Kind.SOCIAL).values_list(
            "pk", flat=True
        )
    )
    members = set(
        Membership.objects.filter(user_id__in=user_ids, channel_id__in=channel_ids).values_list(
            "user_id", "channel_id"
        )
    )
    return {
        (user_id, channel_id)
        for user_id, channel_id in pairs
        if user_id in active and (channel_id in public or (user_id, channel_id) in members)
    }
