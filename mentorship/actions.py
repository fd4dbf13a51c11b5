"""Every write to mentorship: programmes, opting in, approving mentors, requests and
their answers, bulk matching rounds (run, pin or forbid, publish), pairing by hand,
goals and completing a pair. Views, the admin and the demo call these.

Seats: whatever adds a pair (accepting a request, publishing a round, pairing by hand)
locks the programme's row first, so pairings of one programme queue and each counts
the seats the one before it left; the database refuses a second active pair for a
mentee (one_active_mentor_per_mentee) should anything slip by."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import interactions
from accounts.actions import notify, notify_many
from accounts.blocks import is_blocked_between
from accounts.models import Interest, Language
from lounge import actions as lounge
from lounge.models import Channel

from . import fit, matching, permissions
from .errors import (
    AlreadyPaired,
    AlreadyRequested,
    CannotPair,
    InvalidInput,
    MentorFull,
    NotAllowed,
    NotOpen,
    PairClosed,
    RequestClosed,
    StalePreview,
)
from .models import (
    MAX_CAPACITY,
    MAX_DESCRIPTION_LENGTH,
    MAX_GOAL_LENGTH,
    MAX_GOALS_LENGTH,
    MAX_GOALS_PER_PAIR,
    MAX_MESSAGE_LENGTH,
    MAX_NAME_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PROGRAMME_DAYS,
    MAX_TOPICS,
    MAX_ZONE_HOURS,
    MIN_CAPACITY,
    Goal,
    MatchingRound,
    MenteeProfile,
    MentorProfile,
    MentorshipRequest,
    Pair,
    PairRule,
    Programme,
)
from .text import clean_line, clean_text

MAX_TOPIC_LENGTH = 40


def _line(value, what, limit):
    return clean_line(value, what, limit, InvalidInput)


def _text(value, what, limit):
    return clean_text(value, what, limit, InvalidInput)


def _topics(names):
    names = {
        _line(name, _("the topic"), MAX_TOPIC_LENGTH).lower() for name in names if name.strip()
    }
    if len(names) > MAX_TOPICS:
        raise InvalidInput(_("Choose at most %(count)s topics.") % {"count": MAX_TOPICS})
    return [Interest.objects.get_or_create(name=name)[0] for name in sorted(names)]


def _languages(codes):
    codes = set(codes)
    languages = list(Language.objects.filter(code__in=codes))
    if len(languages) != len(codes):
        raise InvalidInput(_("Choose languages from the list."))
    return languages


def _require_open(programme, today=None):
    today = today or timezone.now().date()
    if programme.ends_on < today or programme.closed_at is not None:
        raise NotOpen()


def _lock(programme):
    return Programme.objects.select_for_update().get(pk=programme.pk)


@transaction.atomic
def create_programme(
    actor,
    *,
    name,
    starts_on,
    ends_on,
    course=None,
    description="",
    mentor_rule=Programme.MentorRule.APPROVED,
    avoid_repeat_pairs=False,
    nudge_after_days=3,
    expire_after_days=7,
    check_in_every_days=14,
):
    """Start a programme with `actor` as its organiser."""
    if not permissions.can_create_programme(actor, course):
        raise NotAllowed(_("Only instructors and admins start mentorship programmes."))
    name = _line(name, _("the programme's name"), MAX_NAME_LENGTH)
    description = _text(description, _("the description"), MAX_DESCRIPTION_LENGTH)
    if starts_on is None or ends_on is None or ends_on <= starts_on:
        raise InvalidInput(_("The cycle ends after it starts."))
    if mentor_rule not in Programme.MentorRule.values:
        raise InvalidInput(_("Choose who may mentor."))
    if mentor_rule == Programme.MentorRule.ENROLLED and course is None:
        raise InvalidInput(_("Mentors from a course need a course programme."))
    _check_days(nudge_after_days, expire_after_days, check_in_every_days)
    return Programme.objects.create(
        name=name,
        description=description,
        course=course,
        organiser=actor,
        starts_on=starts_on,
        ends_on=ends_on,
        mentor_rule=mentor_rule,
        avoid_repeat_pairs=avoid_repeat_pairs,
        nudge_after_days=nudge_after_days,
        expire_after_days=expire_after_days,
        check_in_every_days=check_in_every_days,
    )


def _check_days(nudge_after_days, expire_after_days, check_in_every_days):
    def whole(value):
        return isinstance(value, int) and not isinstance(value, bool)

    if not all(whole(v) for v in (nudge_after_days, expire_after_days, check_in_every_days)):
        raise InvalidInput(_("Give the days as whole numbers."))
    if not 1 <= nudge_after_days < expire_after_days <= MAX_PROGRAMME_DAYS:
        raise InvalidInput(
            _(
                "Remind the mentor after 1 day or more, and expire the request later, "
                "within %(days)s days."
            )
            % {"days": MAX_PROGRAMME_DAYS}
        )
    if not 1 <= check_in_every_days <= MAX_PROGRAMME_DAYS:
        raise InvalidInput(
            _("Ask pairs how it is going every 1 to %(days)s days.") % {"days": MAX_PROGRAMME_DAYS}
        )


def _check_capacity(capacity):
    if not isinstance(capacity, int) or not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise InvalidInput(
            _("A mentor takes %(low)s to %(high)s mentees.")
            % {"low": MIN_CAPACITY, "high": MAX_CAPACITY}
        )


@transaction.atomic
def opt_in_as_mentor(actor, programme, *, capacity, topics=(), languages=(), note=""):
    """Offer (or update the offer) to mentor in `programme`. In a programme whose
    mentors come from its course, being enrolled is the approval; otherwise the
    organiser approves. Seats cannot go below the mentees already paired."""
    programme = _lock(programme)
    if not permissions.can_take_part(actor, programme):
        raise NotAllowed()
    _require_open(programme)
    _check_capacity(capacity)
    note = _line(note, _("the note"), MAX_NOTE_LENGTH) if (note or "").strip() else ""
    topic_rows, language_rows = _topics(topics), _languages(languages)
    active = Pair.objects.filter(programme=programme, mentor=actor, status=Pair.Status.ACTIVE)
    if capacity < active.count():
        raise InvalidInput(_("You already mentor more people than that; keep at least as many."))
    profile, created = MentorProfile.objects.get_or_create(
        programme=programme, user=actor, defaults={"capacity": capacity, "note": note}
    )
    profile.capacity, profile.note = capacity, note
    if created and programme.mentor_rule == Programme.MentorRule.ENROLLED:
        profile.approved_at = timezone.now()
    profile.save()
    profile.topics.set(topic_rows)
    profile.languages.set(language_rows)
    return profile


@transaction.atomic
def opt_in_as_mentee(
    actor,
    programme,
    *,
    goals="",
    topics=(),
    languages=(),
    same_language=True,
    max_zone_hours=None,
    preferred_mentor=None,
):
    """Ask for a mentor in `programme` (or update what one asked for)."""
    if not permissions.can_take_part(actor, programme):
        raise NotAllowed()
    _require_open(programme)
    goals = _text(goals, _("the goals"), MAX_GOALS_LENGTH)
    if max_zone_hours is not None and not 0 <= max_zone_hours <= MAX_ZONE_HOURS:
        raise InvalidInput(
            _("Choose a time-zone distance of 0 to %(hours)s hours.") % {"hours": MAX_ZONE_HOURS}
        )
    if preferred_mentor is not None:
        offers = MentorProfile.objects.filter(
            programme=programme, user=preferred_mentor, approved_at__isnull=False
        )
        if preferred_mentor == actor or not offers.exists():
            raise InvalidInput(_("Choose a mentor of this programme."))
        if is_blocked_between(actor, preferred_mentor):
            raise CannotPair()
    topic_rows, language_rows = _topics(topics), _languages(languages)
    profile, _created = MenteeProfile.objects.update_or_create(
        programme=programme,
        user=actor,
        defaults={
            "goals": goals,
            "same_language": bool(same_language),
            "max_zone_hours": max_zone_hours,
            "preferred_mentor": preferred_mentor,
        },
    )
    profile.topics.set(topic_rows)
    profile.languages.set(language_rows)
    return profile


@transaction.atomic
def approve_mentor(actor, profile):
    """The organiser lets someone mentor; they are told."""
    profile = (
        MentorProfile.objects.select_for_update().select_related("programme").get(pk=profile.pk)
    )
    if not permissions.can_organise(actor, profile.programme):
        raise NotAllowed()
    if profile.is_approved:
        return profile
    profile.approved_at = timezone.now()
    profile.save(update_fields=["approved_at"])
    notify(
        profile.user,
        "mentor_approved",
        target=profile.programme,
        programme=profile.programme.name,
        url=profile.programme.get_absolute_url(),
    )
    return profile


def _seats_left(programme, mentor):
    """Free seats of an approved mentor (0 for anyone else). Caller holds the
    programme's lock."""
    profile = MentorProfile.objects.filter(
        programme=programme, user=mentor, approved_at__isnull=False
    ).first()
    if profile is None:
        return 0
    taken = Pair.objects.filter(programme=programme, mentor=mentor, status=Pair.Status.ACTIVE)
    return profile.capacity - taken.count()


def _has_active_pair(programme, mentee):
    return Pair.objects.filter(
        programme=programme, mentee=mentee, status=Pair.Status.ACTIVE
    ).exists()


def _check_pairable(programme, mentor, mentee):
    """Refuses oneself, a block (either way), someone not offering to mentor, a full
    mentor and a mentee who already has one. Caller holds the programme's lock."""
    if mentor.pk == mentee.pk or is_blocked_between(mentor, mentee):
        raise CannotPair()
    offers = MentorProfile.objects.filter(
        programme=programme, user=mentor, approved_at__isnull=False
    )
    if not offers.exists():
        raise CannotPair(_("This person is not a mentor in this programme."))
    if _has_active_pair(programme, mentee):
        raise AlreadyPaired()
    if _seats_left(programme, mentor) <= 0:
        raise MentorFull()


@transaction.atomic
def request_mentor(actor, programme, mentor, *, message=""):
    """A mentee asks `mentor` directly, with a message; the mentor is told."""
    programme = _lock(programme)
    if not permissions.can_take_part(actor, programme):
        raise NotAllowed()
    _require_open(programme)
    if not MenteeProfile.objects.filter(programme=programme, user=actor).exists():
        raise InvalidInput(_("Say what you are looking for first: join as a mentee."))
    message = _text(message, _("the message"), MAX_MESSAGE_LENGTH)
    _check_pairable(programme, mentor, actor)
    open_requests = MentorshipRequest.objects.filter(
        programme=programme, mentee=actor, mentor=mentor, status=MentorshipRequest.Status.REQUESTED
    )
    if open_requests.exists():
        raise AlreadyRequested()
    request = MentorshipRequest.objects.create(
        programme=programme, mentee=actor, mentor=mentor, message=message
    )
    notify(
        mentor,
        "mentorship_request",
        actor=actor,
        target=request,
        programme=programme.name,
        preview=message[:140] or "(no message)",
        url=programme.get_absolute_url(),
    )
    return request


def _lock_open_request(request):
    request = (
        MentorshipRequest.objects.select_for_update()
        .select_related("programme", "mentee", "mentor")
        .get(pk=request.pk)
    )
    if not request.is_open:
        raise RequestClosed()
    return request


@transaction.atomic
def answer_request(actor, request, *, accept, message=""):
    """The mentor accepts (a pair starts) or declines, with a message; the mentee is
    told. Accepting withdraws the mentee's other open requests in the programme."""
    programme = _lock(request.programme)
    request = _lock_open_request(request)
    if actor.pk != request.mentor_id:
        raise NotAllowed(_("Only the mentor asked can answer."))
    message = _text(message, _("the answer"), MAX_MESSAGE_LENGTH)
    now = timezone.now()
    request.answer, request.answered_at = message, now
    if accept:
        _check_pairable(programme, request.mentor, request.mentee)
        request.status = MentorshipRequest.Status.ACCEPTED
    else:
        request.status = MentorshipRequest.Status.DECLINED
    request.save(update_fields=["status", "answer", "answered_at"])
    told_about, url = request, programme.get_absolute_url()
    if accept:
        MentorshipRequest.objects.filter(
            programme=programme, mentee=request.mentee, status=MentorshipRequest.Status.REQUESTED
        ).update(status=MentorshipRequest.Status.CANCELLED, answered_at=now)
        score = fit.pair_score(programme, request.mentor, request.mentee)
        told_about = _start_pair(
            programme, request.mentor, request.mentee, Pair.Source.REQUEST, score
        )
        url = told_about.get_absolute_url()
    notify(
        request.mentee,
        "mentorship_accepted" if accept else "mentorship_declined",
        actor=actor,
        target=told_about,
        programme=programme.name,
        preview=message[:140] or "(no message)",
        url=url,
    )
    return request


@transaction.atomic
def cancel_request(actor, request):
    """The mentee withdraws a request still waiting for an answer."""
    request = _lock_open_request(request)
    if actor.pk != request.mentee_id:
        raise NotAllowed(_("Only the person who asked can withdraw it."))
    request.status = MentorshipRequest.Status.CANCELLED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    return request


def pair_channel(pair):
    """The pair's private chat (created the first time), with both of them in it."""
    return lounge.ensure_owned_channel(
        pair,
        Channel.Kind.MENTORSHIP,
        name=f"Mentoring: {pair.mentor.display_name} & {pair.mentee.display_name}"[:80],
        topic=pair.programme.name[:200],
        people=lambda: [(pair.mentor, False), (pair.mentee, False)],
    )


def _start_pair(programme, mentor, mentee, source, score):
    """A new active pair with its chat, logged as an interaction both ways. Caller
    holds the programme's lock and has checked the pair may be made."""
    pair = Pair.objects.create(
        programme=programme, mentor=mentor, mentee=mentee, source=source, score=score
    )
    pair_channel(pair)
    interactions.record(mentor, [mentee], interactions.Kind.PAIRED, target=pair)
    interactions.record(mentee, [mentor], interactions.Kind.PAIRED, target=pair)
    return pair


def _tell_paired(pair):
    notify_many(
        [
            (
                person,
                "mentorship_paired",
                {
                    "target": pair,
                    "programme": pair.programme.name,
                    "other": other.display_name,
                    "url": pair.get_absolute_url(),
                },
            )
            for person, other in [(pair.mentor, pair.mentee), (pair.mentee, pair.mentor)]
        ]
    )


@transaction.atomic
def pair_by_hand(actor, programme, mentor, mentee):
    """The organiser pairs two people of the programme: the mentor must offer to mentor
    (approved, with a seat), the mentee must have asked for a mentor."""
    programme = _lock(programme)
    if not permissions.can_organise(actor, programme):
        raise NotAllowed()
    _require_open(programme)
    if not MenteeProfile.objects.filter(programme=programme, user=mentee).exists():
        raise CannotPair(_("This person has not asked for a mentor in this programme."))
    _check_pairable(programme, mentor, mentee)
    score = fit.pair_score(programme, mentor, mentee)
    pair = _start_pair(programme, mentor, mentee, Pair.Source.ORGANISER, score)
    MentorshipRequest.objects.filter(
        programme=programme, mentee=mentee, status=MentorshipRequest.Status.REQUESTED
    ).update(status=MentorshipRequest.Status.CANCELLED, answered_at=timezone.now())
    _tell_paired(pair)
    return pair


@transaction.atomic
def set_pair_rule(actor, programme, mentor, mentee, rule):
    """Pin a pair for the next rounds (kept whatever its score) or forbid it; `rule`
    None lifts the organiser's word on it. A pin must be possible: no block, each
    mentee pinned once, no mentor pinned beyond their seats."""
    programme = _lock(programme)
    if not permissions.can_organise(actor, programme):
        raise NotAllowed()
    existing = PairRule.objects.filter(programme=programme, mentor=mentor, mentee=mentee)
    if rule is None:
        existing.delete()
        return None
    if rule not in PairRule.Rule.values:
        raise InvalidInput(_("Pin or forbid."))
    if not MenteeProfile.objects.filter(programme=programme, user=mentee).exists():
        raise CannotPair(_("This person has not asked for a mentor in this programme."))
    offers = MentorProfile.objects.filter(programme=programme, user=mentor)
    if mentor.pk == mentee.pk or not offers.exists():
        raise CannotPair(_("Choose a mentor and a mentee of this programme."))
    if rule == PairRule.Rule.PIN:
        if is_blocked_between(mentor, mentee):
            raise CannotPair()
        pins = PairRule.objects.filter(programme=programme, rule=PairRule.Rule.PIN)
        if pins.filter(mentee=mentee).exclude(mentor=mentor).exists():
            raise InvalidInput(_("This mentee is already pinned to another mentor."))
        if pins.filter(mentor=mentor).exclude(mentee=mentee).count() >= _seats_left(
            programme, mentor
        ):
            raise MentorFull(_("This mentor's free seats are all pinned already."))
    rule_row, _created = PairRule.objects.update_or_create(
        programme=programme,
        mentor=mentor,
        mentee=mentee,
        defaults={"rule": rule, "created_by": actor},
    )
    return rule_row


@transaction.atomic
def run_matching_round(actor, programme):
    """Compute the best pairing of everyone waiting (mentorship.matching) and keep it
    as a preview; earlier previews are replaced. Nothing is published."""
    programme = _lock(programme)
    if not permissions.can_organise(actor, programme):
        raise NotAllowed()
    _require_open(programme)
    mentors, mentees, rules = fit.round_inputs(programme)
    result = matching.match(mentors, mentees, rules)
    MatchingRound.objects.filter(
        programme=programme,
        status__in=[MatchingRound.Status.PREVIEW, MatchingRound.Status.RUNNING],
    ).update(status=MatchingRound.Status.SUPERSEDED)
    now = timezone.now()
    return MatchingRound.objects.create(
        programme=programme,
        run_by=actor,
        total_score=result.total,
        result=round_result(result),
        progress=100,
        finished_at=now,
    )


def round_result(result):
    """A matcher's result as the round keeps it (ids and numbers)."""
    return {
        "pairs": [[m.mentor, m.mentee, m.score, m.pinned] for m in result.pairs],
        "unmatched": [[mentee, reason] for mentee, reason in result.unmatched],
    }


@transaction.atomic
def publish_round(actor, matching_round):
    """Make the preview's pairs real: each gets its chat, both people are told, the
    pairing is logged. Refused (nothing written) when it is not the latest preview or
    when seats, pairs or blocks changed since it was run."""
    programme = _lock(matching_round.programme)
    if not permissions.can_organise(actor, programme):
        raise NotAllowed()
    _require_open(programme)
    matching_round = MatchingRound.objects.select_for_update().get(pk=matching_round.pk)
    if matching_round.status != MatchingRound.Status.PREVIEW:
        raise StalePreview(_("This preview was already published or replaced."))
    people = get_user_model().objects.in_bulk(
        {pk for mentor, mentee, *_ in matching_round.result["pairs"] for pk in (mentor, mentee)}
    )
    pairs = []
    try:
        for mentor_id, mentee_id, score, _pinned in matching_round.result["pairs"]:
            mentor, mentee = people.get(mentor_id), people.get(mentee_id)
            if mentor is None or mentee is None:
                raise StalePreview()
            _check_pairable(programme, mentor, mentee)
            pairs.append(_start_pair(programme, mentor, mentee, Pair.Source.ROUND, score))
    except (CannotPair, MentorFull, AlreadyPaired) as error:
        raise StalePreview() from error
    mentee_ids = [pair.mentee_id for pair in pairs]
    MentorshipRequest.objects.filter(
        programme=programme, mentee_id__in=mentee_ids, status=MentorshipRequest.Status.REQUESTED
    ).update(status=MentorshipRequest.Status.CANCELLED, answered_at=timezone.now())
    matching_round.status = MatchingRound.Status.PUBLISHED
    matching_round.published_at = timezone.now()
    matching_round.save(update_fields=["status", "published_at"])
    for pair in pairs:
        _tell_paired(pair)
    return pairs


def _lock_pair(pair, actor):
    pair = Pair.objects.select_for_update().select_related("programme").get(pk=pair.pk)
    if not permissions.can_act_in_pair(actor, pair):
        raise NotAllowed()
    return pair


@transaction.atomic
def add_goal(actor, pair, text):
    pair = _lock_pair(pair, actor)
    if not pair.is_active:
        raise PairClosed()
    text = _line(text, _("the goal"), MAX_GOAL_LENGTH)
    if pair.goals.count() >= MAX_GOALS_PER_PAIR:
        raise InvalidInput(
            _("A pair keeps at most %(count)s goals.") % {"count": MAX_GOALS_PER_PAIR}
        )
    return Goal.objects.create(pair=pair, text=text, created_by=actor)


@transaction.atomic
def set_goal_done(actor, goal, done):
    pair = _lock_pair(goal.pair, actor)
    if not pair.is_active:
        raise PairClosed()
    goal = Goal.objects.select_for_update().get(pk=goal.pk, pair=pair)
    goal.done_at = (goal.done_at or timezone.now()) if done else None
    goal.save(update_fields=["done_at"])
    return goal


@transaction.atomic
def complete_pair(actor, pair):
    """End a pair's mentoring (either of them, or an organiser): the mentor's seat frees
    up; their chat and goals stay for them to read."""
    pair = _lock_pair(pair, actor)
    if not pair.is_active:
        raise PairClosed()
    pair.status, pair.completed_at = Pair.Status.COMPLETED, timezone.now()
    pair.save(update_fields=["status", "completed_at"])
    return pair
