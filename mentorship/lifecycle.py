"""What happens to requests and pairs by itself, as time passes (run by the periodic jobs
of mentorship/schedules.py, each given the time it runs at):

- a request left unanswered reminds its mentor after the programme's
  `nudge_after_days`, then expires after `expire_after_days` and offers the mentee the
  next-best mentors with a free seat (a notification, and on the programme's page);
- every active pair is asked "how is it going?" every `check_in_every_days`;
- after a programme's end date its cycle closes: active pairs complete, open requests
  expire, previews are dropped, and both people in each pair are asked for feedback.

Each job does everything due up to `now`, so a late run catches up in one go. Every
step locks the programme's row first, as the verbs that pair people do."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q

from accounts.actions import notify, notify_many

from . import fit
from .models import MatchingRound, MenteeProfile, MentorshipRequest, Pair, Programme

SUGGESTED_MENTORS = 3


def _open_programmes(now):
    return Programme.objects.filter(closed_at__isnull=True, ends_on__gte=now.date())


def next_best_mentors(programme, mentee, *, leaving_out=(), limit=SUGGESTED_MENTORS):
    """Approved mentors with a free seat who fit `mentee`, best first, leaving out
    `leaving_out` (user ids) and those the mentee is already waiting on."""
    profile = MenteeProfile.objects.filter(programme=programme, user=mentee).first()
    if profile is None:
        return []
    waiting_on = set(
        MentorshipRequest.objects.filter(
            programme=programme, mentee=mentee, status=MentorshipRequest.Status.REQUESTED
        ).values_list("mentor_id", flat=True)
    )
    skip = set(leaving_out) | waiting_on
    chosen = []
    for mentor_profile, _score, fits, seats in fit.fit_for_mentee(programme, profile):
        if fits and seats > 0 and mentor_profile.user_id not in skip:
            chosen.append(mentor_profile.user)
            if len(chosen) == limit:
                break
    return chosen


def _nudge(programme, requests, now):
    notify_many(
        [
            (
                request.mentor,
                "mentorship_request_waiting",
                {
                    "actor": request.mentee,
                    "target": request,
                    "programme": programme.name,
                    "preview": request.message[:140] or "(no message)",
                    "url": "/mentorship/",
                },
            )
            for request in requests
        ]
    )
    MentorshipRequest.objects.filter(pk__in=[r.pk for r in requests]).update(nudged_at=now)


def _expire(programme, request, now):
    others = next_best_mentors(programme, request.mentee, leaving_out={request.mentor_id})
    request.status = MentorshipRequest.Status.EXPIRED
    request.answered_at = now
    request.suggested_mentors = [person.pk for person in others]
    request.save(update_fields=["status", "answered_at", "suggested_mentors"])
    names = ", ".join(person.display_name for person in others)
    notify(
        request.mentee,
        "mentorship_request_expired",
        target=request,
        programme=programme.name,
        mentor=request.mentor.display_name,
        others=names or "none with a free seat just now; the organiser can pair you",
        url=programme.get_absolute_url(),
    )


def nudge_and_expire_requests(now):
    """Reminds mentors of requests waiting `nudge_after_days`, expires those waiting
    `expire_after_days`. Returns (reminded, expired) counts."""
    reminded = expired = 0
    waiting = MentorshipRequest.objects.filter(status=MentorshipRequest.Status.REQUESTED)
    programme_ids = set(waiting.values_list("programme_id", flat=True))
    for programme in _open_programmes(now).filter(pk__in=programme_ids):
        with transaction.atomic():
            programme = Programme.objects.select_for_update().get(pk=programme.pk)
            mine = (
                waiting.filter(programme=programme)
                .select_for_update(of=("self",))
                .select_related("mentee__profile", "mentor__profile")
            )
            expire_before = now - timedelta(days=programme.expire_after_days)
            for request in mine.filter(created_at__lte=expire_before).order_by("created_at"):
                _expire(programme, request, now)
                expired += 1
            nudge_before = now - timedelta(days=programme.nudge_after_days)
            due = list(mine.filter(created_at__lte=nudge_before, nudged_at__isnull=True))
            if due:
                _nudge(programme, due, now)
                reminded += len(due)
    return reminded, expired


def prompt_check_ins(now):
    """Asks both people of every active pair "how is it going?" once the programme's
    `check_in_every_days` have passed since they were paired or last asked."""
    asked = 0
    for programme in _open_programmes(now).filter(pairs__status=Pair.Status.ACTIVE).distinct():
        due_before = now - timedelta(days=programme.check_in_every_days)
        with transaction.atomic():
            pairs = list(
                Pair.objects.select_for_update(of=("self",))
                .filter(programme=programme, status=Pair.Status.ACTIVE)
                .filter(
                    Q(check_in_asked_at__lte=due_before)
                    | Q(check_in_asked_at__isnull=True, created_at__lte=due_before)
                )
                .select_related("mentor__profile", "mentee__profile")
            )
            notify_many(
                [
                    (
                        person,
                        "mentorship_check_in",
                        {
                            "target": pair,
                            "programme": programme.name,
                            "other": other.display_name,
                            "url": f"{pair.get_absolute_url()}#check-in",
                        },
                    )
                    for pair in pairs
                    for person, other in [(pair.mentor, pair.mentee), (pair.mentee, pair.mentor)]
                ]
            )
            Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).update(check_in_asked_at=now)
            asked += len(pairs)
    return asked


@transaction.atomic
def close_cycle(programme, now):
    """Closes one programme's cycle (its end date has passed): returns the pairs
    completed. Closing a closed programme does nothing."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.closed_at is not None:
        return []
    pairs = list(
        Pair.objects.select_for_update(of=("self",))
        .filter(programme=programme, status=Pair.Status.ACTIVE)
        .select_related("mentor__profile", "mentee__profile")
    )
    Pair.objects.filter(pk__in=[pair.pk for pair in pairs]).update(
        status=Pair.Status.COMPLETED, completed_at=now
    )
    MentorshipRequest.objects.filter(
        programme=programme, status=MentorshipRequest.Status.REQUESTED
    ).update(status=MentorshipRequest.Status.EXPIRED, answered_at=now)
    MatchingRound.objects.filter(
        programme=programme,
        status__in=[MatchingRound.Status.PREVIEW, MatchingRound.Status.RUNNING],
    ).update(status=MatchingRound.Status.SUPERSEDED, finished_at=now)
    programme.closed_at = now
    programme.save(update_fields=["closed_at"])
    notify_many(
        [
            (
                person,
                "mentorship_cycle_closed",
                {
                    "target": pair,
                    "programme": programme.name,
                    "other": other.display_name,
                    "url": f"{pair.get_absolute_url()}#feedback",
                },
            )
            for pair in pairs
            for person, other in [(pair.mentor, pair.mentee), (pair.mentee, pair.mentor)]
        ]
    )
    return pairs


def close_ended_cycles(now):
    """Closes every programme whose last day is over. Returns how many closed."""
    ended = Programme.objects.filter(closed_at__isnull=True, ends_on__lt=now.date())
    closed = 0
    for programme in ended:
        close_cycle(programme, now)
        closed += 1
    return closed
