"""What each kind of notification says, how it is delivered, and who may still read it.

A notification is stored as facts (kind, actor, target, params); this module puts it
into words when it is read, so the reader's zone and language apply and the
actor's current name is used. Everything that came from a person (names, message
previews, group names) is escaped: the HTML text is built with `format_html`, the
plain text for email needs no escaping.

Lost access: a notification about activity somewhere (a message in a channel, a
request in a group) carries a `scope` key, "app_label.model:pk". Its text shows only
while the reader may still see that scope. accounts cannot ask the apps above it, so
the question goes to the function named by the NOTIFICATION_SCOPE_CHECK setting
(`home.notification_access.visible_pairs`, which imports every app's permissions):
one batched question per page or email, never one per notification."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from django.conf import settings
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from .templatetags.commons_time import format_local
from .timezones import get_zone

IN_APP, IMMEDIATE, DAILY, WEEKLY, OFF = "in_app", "immediate", "daily", "weekly", "off"
DELIVERIES = [
    (IN_APP, _("In the app only")),
    (IMMEDIATE, _("Email at once")),
    (DAILY, _("Daily digest")),
    (WEEKLY, _("Weekly digest")),
    (OFF, _("Off")),
]
EMAILED = {IMMEDIATE, DAILY, WEEKLY}


@dataclass(frozen=True)
class Kind:
    label: str
    text: str  # a format string over the params, the actor's name as {actor}
    default: str = IN_APP
    can_turn_off: bool = True
    counted: bool = False  # `text` is plural-aware (ngettext_lazy) over the "count" param
    browser: bool = False  # offered as a browser notification while the tab is hidden


KINDS = {
    "mention": Kind(
        _("Mentions of me"),
        _("{actor} mentioned you in {place}: “{preview}”"),
        IMMEDIATE,
        browser=True,
    ),
    "reply": Kind(
        _("Replies to my messages"), _("{actor} replied to you in {place}: “{preview}”"), IMMEDIATE
    ),
    "thread": Kind(
        _("Replies in threads I follow"),
        _("{actor} replied in a thread in {place}: “{preview}”"),
        IMMEDIATE,
    ),
    "dm": Kind(
        _("Direct messages"), _("{actor} sent you a message: “{preview}”"), IMMEDIATE, browser=True
    ),
    "join_request": Kind(
        _("Requests to join groups I organise"), _("{actor} asked to join {group}."), DAILY
    ),
    "request_approved": Kind(
        _("My join request accepted"), _("Your request to join {group} was accepted."), IMMEDIATE
    ),
    "request_declined": Kind(
        _("My join request declined"), _("Your request to join {group} was declined.")
    ),
    "invitation": Kind(
        _("Invitations to groups"), _("{actor} invited you to the study group {group}."), IMMEDIATE
    ),
    "waitlist_promoted": Kind(
        _("A seat from a waitlist"),
        _("A seat opened up in {group} and it is yours: you are now a member."),
        IMMEDIATE,
    ),
    "group_owner": Kind(_("Groups handed to me"), _("You are now the owner of {group}.")),
    "removed": Kind(
        _("Removed from a group or course"), _("You were removed from {place}."), IMMEDIATE
    ),
    "report_outcome": Kind(
        _("Outcomes of my reports"), _("Your report ({reason}) was reviewed: {outcome}")
    ),
    "warning": Kind(
        _("Moderator warnings"),
        _("A moderator has warned you: {reason}"),
        IMMEDIATE,
        can_turn_off=False,
    ),
    "message_rejected": Kind(
        _("Moderation of my messages and posting"),
        _("A moderator did not approve your message in {place}."),
        can_turn_off=False,
    ),
    "channel_muted": Kind(
        _("Moderation of my messages and posting"),
        _("You are muted in {place} {until}. You can still read it."),
        can_turn_off=False,
    ),
    "site_muted": Kind(
        _("Moderation of my messages and posting"),
        _("A moderator muted you across Commons {until}: you can read but not post."),
        IMMEDIATE,
        can_turn_off=False,
    ),
    "meetup_promoted": Kind(
        _("A seat at a meetup from its waitlist"),
        _("A seat opened up at {meetup} ({at}): you are going."),
        IMMEDIATE,
    ),
    "meetup_changed": Kind(
        _("Changes to meetups I am going to"),
        _("{actor} changed the time or place of {meetup}, next on {at}."),
        IMMEDIATE,
    ),
    "meetup_cancelled": Kind(
        _("Meetups I am going to cancelled"), _("{meetup} ({at}) was cancelled."), IMMEDIATE
    ),
    "meetup_skipped": Kind(
        _("One date of a meetup I am going to called off"),
        _("{meetup} will not take place on {at}."),
    ),
    "meetup_reminder": Kind(
        _("Reminders of meetups I am going to"), _("Coming up: {meetup}, {at}."), IMMEDIATE
    ),
    "meetup_check_in": Kind(
        _("Asking how a meetup went"),
        _("How did {meetup} ({at}) go? Say whether you met, and thank someone."),
    ),
    "kudos": Kind(_("Kudos after meetups"), _("{actor} thanked you for {meetup}: “{message}”")),
    "assignment_new": Kind(
        _("New team assignments"),
        _("{course}: your team has a new assignment, “{assignment}”, due {due}."),
        IMMEDIATE,
    ),
    "review_assigned": Kind(
        _("Peer reviews for me to write"),
        ngettext_lazy(
            "You have {count} peer review to write for “{assignment}”.",
            "You have {count} peer reviews to write for “{assignment}”.",
            "count",
        ),
        IMMEDIATE,
        counted=True,
    ),
    "feedback_received": Kind(
        _("Peer feedback on my team's work"),
        _("A peer review of your team's work on “{assignment}” is ready to read."),
    ),
    "deadline_extended": Kind(
        _("Deadline extensions for my team"),
        _("{actor} extended your team's deadline for “{assignment}” to {due}."),
        IMMEDIATE,
    ),
    "grade_released": Kind(
        _("Grades of my team's work"),
        _("{course}: your grade for “{assignment}” is ready, with the feedback."),
    ),
    "review_reminder": Kind(
        _("Reminders of peer reviews I still owe"),
        ngettext_lazy(
            "You still have {count} review to write for “{assignment}”, due {due}.",
            "You still have {count} reviews to write for “{assignment}”, due {due}.",
            "count",
        ),
        IMMEDIATE,
        counted=True,
    ),
    "review_flagged": Kind(
        _("Peer reviews flagged in courses I teach"),
        _("{actor} flagged a peer review on “{assignment}” as abusive."),
        IMMEDIATE,
    ),
    "mentor_approved": Kind(
        _("My offer to mentor approved"), _("You can now mentor in {programme}."), IMMEDIATE
    ),
    "mentorship_request": Kind(
        _("Requests to be someone's mentor"),
        _("{actor} asked you to be their mentor in {programme}: “{preview}”"),
        IMMEDIATE,
        browser=True,
    ),
    "mentorship_accepted": Kind(
        _("My mentor requests accepted"),
        _("{actor} accepted your request in {programme}: “{preview}”"),
        IMMEDIATE,
    ),
    "mentorship_declined": Kind(
        _("My mentor requests declined"),
        _("{actor} declined your request in {programme}: “{preview}”"),
    ),
    "mentorship_paired": Kind(
        _("Mentorship pairings"), _("You were paired with {other} in {programme}."), IMMEDIATE
    ),
    "coffee_paired": Kind(
        _("Coffee chat partners"),
        _("Coffee chat in {series}: meet {others}. You are all free {at}."),
        IMMEDIATE,
    ),
    "coffee_added": Kind(
        _("Added to coffee chats"),
        _("{actor} added you to the coffee chats of {series}: you are paired from the next round."),
        IMMEDIATE,
    ),
    "coffee_check_in": Kind(
        _("Coffee chat check-ins"),
        _("Did your coffee chat in {series} happen? Say whether you met."),
    ),
    "live_session_started": Kind(
        _("Live sessions starting in my courses and groups"),
        _("{actor} started a live session in {place}: “{session}”. Join the lobby."),
        browser=True,
    ),
    "mentorship_request_waiting": Kind(
        _("Reminders of mentor requests waiting for my answer"),
        _("{actor} is still waiting for your answer in {programme}: “{preview}”"),
        IMMEDIATE,
    ),
    "mentorship_request_expired": Kind(
        _("My mentor requests that went unanswered"),
        _(
            "Your request to {mentor} in {programme} expired unanswered. "
            "Mentors who fit you: {others}."
        ),
        IMMEDIATE,
    ),
    "mentorship_check_in": Kind(
        _("Mentorship check-ins"),
        _("How is mentoring with {other} going? Answer in a line in {programme}."),
    ),
    "mentorship_nudge": Kind(
        _("Organisers checking on my mentorship pair"),
        _("{actor} is checking in: your pair with {other} in {programme} has been quiet."),
    ),
    "mentorship_cycle_closed": Kind(
        _("End of a mentorship cycle"),
        _(
            "{programme} has ended: your pair with {other} is complete. "
            "Tell the organisers how it went."
        ),
        IMMEDIATE,
    ),
    "mentorship_round_ready": Kind(
        _("Matching rounds I run"), _("The matching round of {programme} is ready: {summary}.")
    ),
    # Rows from before notifications were stored as facts: their text as it was written.
    "legacy": Kind(_("Earlier news"), _("{text}")),
}
PREFERENCE_KINDS = [code for code in KINDS if code != "legacy"]


def until_param(until):
    """A time to show as "until …" in the reader's zone; far-future means no end."""
    return {"until": None if until is None or until.year >= 9999 else until.isoformat()}


HIDDEN_TEXT = _("About something you can no longer see.")


def scope_key(obj):
    return f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}" if obj is not None else ""


def delivery_for(deliveries, kind):
    """The person's choice for `kind`; a kind that cannot be turned off is still shown."""
    info = KINDS.get(kind, KINDS["legacy"])
    chosen = (deliveries or {}).get(kind, info.default)
    if chosen == OFF and not info.can_turn_off:
        return IN_APP
    return chosen if chosen in dict(DELIVERIES) else info.default


def in_quiet_hours(settings_row, now):
    """True while `now` (aware) is within the person's quiet hours, read on their own
    wall clock: the zone's offset at that very instant applies, so DST changes move
    the hours with the clock, as the person expects."""
    if settings_row is None or settings_row.quiet_start is None or settings_row.quiet_end is None:
        return False
    start, end = settings_row.quiet_start, settings_row.quiet_end
    local = now.astimezone(get_zone(settings_row.user.profile.time_zone)).time()
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end  # across midnight


def quiet_hours_end(settings_row, now):
    """When the quiet hours around `now` end (aware, UTC), or `now` outside them."""
    if not in_quiet_hours(settings_row, now):
        return now
    zone = get_zone(settings_row.user.profile.time_zone)
    local = now.astimezone(zone)
    day = local.date() if local.time() < settings_row.quiet_end else local.date() + timedelta(1)
    return datetime.combine(day, settings_row.quiet_end, tzinfo=zone).astimezone(now.tzinfo)


@cache
def _scope_check():
    return import_string(settings.NOTIFICATION_SCOPE_CHECK)


def visible_pairs(notifications):
    """The (recipient id, scope key) pairs among `notifications` whose recipient may
    still see the scope: one batched question for any number of people."""
    pairs = {(n.recipient_id, n.scope) for n in notifications if n.scope}
    return _scope_check()(pairs) if pairs else set()


@dataclass
class Rendered:
    notification: object
    html: str
    text: str
    url: str
    hidden: bool
    label: str

    @property
    def unread(self):
        return self.notification.read_at is None


def _format_value(value, zone):
    """ISO times stored in params are shown in the reader's zone, the zone named."""
    if isinstance(value, dict) and "at" in value:
        local = datetime.fromisoformat(value["at"]).astimezone(zone)
        return f"{format_local(local, 'short')} {zone.key}"
    if isinstance(value, dict) and "until" in value:
        if value["until"] is None:
            return _("until further notice")
        local = datetime.fromisoformat(value["until"]).astimezone(zone)
        return gettext("until %(time)s") % {"time": f"{format_local(local, 'short')} {zone.key}"}
    return value


def _words(info, params):
    """The kind's format string in the active language; a counted kind in the plural
    form its count asks for (old rows without a count read as plural)."""
    if info.counted:
        count = params.get("count")
        return str(info.text % {"count": count if isinstance(count, int) else 2})
    return str(info.text)


def render_one(notification, zone, visible):
    """`visible`: the pairs from visible_pairs()."""
    info = KINDS.get(notification.kind, KINDS["legacy"])
    hidden = (
        bool(notification.scope) and (notification.recipient_id, notification.scope) not in visible
    )
    params = notification.params or {}
    if hidden:
        return Rendered(notification, str(HIDDEN_TEXT), str(HIDDEN_TEXT), "", True, str(info.label))
    actor = notification.actor.display_name if notification.actor_id else _("Someone")
    values = {key: _format_value(value, zone) for key, value in params.items()}
    values["actor"] = actor
    template = _words(info, params)
    try:
        html = format_html(template, **values)
        text = template.format(**values)
    except (KeyError, IndexError, ValueError):
        html = text = str(info.label)
    url = params.get("url", "")
    if not isinstance(url, str) or not url.startswith("/") or url.startswith(("//", "/\\")):
        url = ""  # only paths on this site: never another host, even protocol-relative
    return Rendered(notification, html, text, url, False, str(info.label))


def render_for(user, notifications, visible=None):
    """Put `notifications` (of `user`, actors loaded) into words for `user`. `visible`:
    the pairs of visible_pairs(), when the caller has read them with the notifications."""
    notifications = list(notifications)
    zone = get_zone(user.profile.time_zone)
    if visible is None:
        visible = visible_pairs(notifications)
    return [render_one(n, zone, visible) for n in notifications]
