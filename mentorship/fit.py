"""From the database to the matcher's shapes (mentorship.matching), and back to words:
why two people fit, in the viewer's own zone.

Free time is this week's: each person's weekly availability (accounts.availability)
turned into UTC quarter-hours for the current UTC week, so DST and half-hour zones come
out as they will be when the two meet."""

from collections import Counter

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.availability import (
    WEEK,
    free_intervals,
    intersect,
    schedules_by_id,
    total_hours,
    week_start,
)
from accounts.models import Block
from core.dates import day_names
from courses.models import Enrolment

from . import matching
from .localized import language_name, sort_key
from .models import MenteeProfile, MentorProfile, Pair, PairRule

QUARTER_SECONDS = 15 * 60
# Parts of a day by local start hour, for "mostly Tue–Thu evenings".
PARTS = [
    # Translators: the part of the day in "mostly Tue–Thu mornings"
    (5, gettext_lazy("mornings")),
    # Translators: the part of the day in "mostly Tue–Thu afternoons"
    (12, gettext_lazy("afternoons")),
    # Translators: the part of the day in "mostly Tue–Thu evenings" (17:00 to 22:00)
    (17, gettext_lazy("evenings")),
    # Translators: the part of the day in "mostly Tue–Thu nights" (from 22:00)
    (22, gettext_lazy("nights")),
]
QUARTER_STEP = WEEK / matching.QUARTERS_PER_WEEK


def _quarters(intervals, start):
    quarters = set()
    for begin, end in intervals:
        first = int((begin - start).total_seconds()) // QUARTER_SECONDS
        last = int((end - start).total_seconds()) // QUARTER_SECONDS
        quarters.update(range(first, last))
    return frozenset(q for q in quarters if 0 <= q < matching.QUARTERS_PER_WEEK)


def _week(now):
    start = week_start(now)
    return start, start + WEEK


def _people_facts(user_ids, now):
    """For each user id: (free quarter-hours this week, UTC offset in minutes now,
    course ids)."""
    start, end = _week(now)
    schedules = schedules_by_id(user_ids)
    courses = {}
    for user_id, course_id in Enrolment.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "course_id"
    ):
        courses.setdefault(user_id, set()).add(course_id)
    facts = {}
    for user_id, schedule in schedules.items():
        offset = now.astimezone(schedule.zone).utcoffset()
        facts[user_id] = (
            _quarters(free_intervals(schedule, start, end), start),
            int(offset.total_seconds() // 60),
            frozenset(courses.get(user_id, ())),
        )
    return facts


def _ids(manager):
    return frozenset(item.pk for item in manager.all())


def mentor_seats(programme):
    """{mentor user id: free seats} for the programme's approved mentors."""
    profiles = MentorProfile.objects.filter(programme=programme, approved_at__isnull=False)
    active = dict(
        Pair.objects.filter(programme=programme, status=Pair.Status.ACTIVE)
        .values_list("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    return {
        profile.user_id: max(0, profile.capacity - active.get(profile.user_id, 0))
        for profile in profiles
    }


def to_mentor(profile, facts, seats):
    free, offset, courses = facts[profile.user_id]
    return matching.Mentor(
        id=profile.user_id,
        capacity=seats,
        topics=_ids(profile.topics),
        languages=_ids(profile.languages),
        courses=courses,
        free=free,
        utc_offset_minutes=offset,
    )


def to_mentee(profile, facts):
    free, offset, courses = facts[profile.user_id]
    return matching.Mentee(
        id=profile.user_id,
        topics=_ids(profile.topics),
        languages=_ids(profile.languages),
        courses=courses,
        free=free,
        utc_offset_minutes=offset,
        same_language=profile.same_language,
        max_zone_hours=profile.max_zone_hours,
        preferred_mentor=profile.preferred_mentor_id,
    )


def blocked_pairs(user_ids):
    ids = list(user_ids)
    rows = Block.objects.filter(blocker_id__in=ids, blocked_id__in=ids).values_list(
        "blocker_id", "blocked_id"
    )
    return frozenset(rows)


def paired_before(programme, user_ids):
    """(mentor, mentee) pairs that were paired in any programme before, when this
    programme asks for new faces; none otherwise."""
    if not programme.avoid_repeat_pairs:
        return frozenset()
    ids = list(user_ids)
    earlier = Pair.objects.filter(mentor_id__in=ids, mentee_id__in=ids).exclude(
        programme=programme, status=Pair.Status.ACTIVE
    )
    return frozenset(earlier.values_list("mentor_id", "mentee_id"))


def round_inputs(programme, now=None):
    """(mentors, mentees, rules) for a bulk round: approved mentors with their free
    seats, mentees without an active pair, blocks among them, the organiser's pins and
    forbidden pairs. Pins that no longer hold (a seat gone, a block since, the mentee
    already paired) are left out rather than failing the round."""
    now = now or timezone.now()
    seats = mentor_seats(programme)
    mentor_profiles = list(
        MentorProfile.objects.filter(programme=programme, approved_at__isnull=False)
        .prefetch_related("topics", "languages")
        .order_by("user_id")
    )
    paired = set(
        Pair.objects.filter(programme=programme, status=Pair.Status.ACTIVE).values_list(
            "mentee_id", flat=True
        )
    )
    mentee_profiles = list(
        MenteeProfile.objects.filter(programme=programme)
        .exclude(user_id__in=paired)
        .prefetch_related("topics", "languages")
        .order_by("user_id")
    )
    user_ids = {p.user_id for p in mentor_profiles} | {p.user_id for p in mentee_profiles}
    facts = _people_facts(user_ids, now)
    mentors = [to_mentor(p, facts, seats.get(p.user_id, 0)) for p in mentor_profiles]
    mentees = [to_mentee(p, facts) for p in mentee_profiles]
    blocked = blocked_pairs(user_ids)
    rules_rows = PairRule.objects.filter(programme=programme).values_list(
        "mentor_id", "mentee_id", "rule"
    )
    forbidden = frozenset((a, b) for a, b, rule in rules_rows if rule == PairRule.Rule.FORBID)
    pins = sorted((a, b) for a, b, rule in rules_rows if rule == PairRule.Rule.PIN)
    mentor_ids, mentee_ids = {m.id for m in mentors}, {m.id for m in mentees}
    left = {mentor.id: mentor.capacity for mentor in mentors}
    kept, pinned_mentees = set(), set()
    for mentor_id, mentee_id in pins:
        holds = (
            mentor_id in mentor_ids
            and mentee_id in mentee_ids
            and mentee_id not in pinned_mentees
            and left[mentor_id] > 0
            and (mentor_id, mentee_id) not in blocked
            and (mentee_id, mentor_id) not in blocked
        )
        if holds:
            kept.add((mentor_id, mentee_id))
            pinned_mentees.add(mentee_id)
            left[mentor_id] -= 1
    rules = matching.Rules(
        blocked=blocked,
        forbidden=forbidden,
        pinned=frozenset(kept),
        paired_before=paired_before(programme, user_ids),
    )
    return mentors, mentees, rules


def fit_for_mentee(programme, mentee_profile, now=None):
    """Every approved mentor `mentee_profile` could ask, best fit first: [(mentor
    profile, score, eligible, free seats)]. Mentors with a block either way are left
    out entirely; those who do not fit the mentee's preferences are listed as such."""
    now = now or timezone.now()
    profiles = list(
        MentorProfile.objects.filter(programme=programme, approved_at__isnull=False)
        .exclude(user_id=mentee_profile.user_id)
        .select_related("user__profile")
        .prefetch_related("topics", "languages")
    )
    me = mentee_profile.user_id
    blocked = blocked_pairs({me} | {p.user_id for p in profiles})
    profiles = [p for p in profiles if (me, p.user_id) not in blocked]
    profiles = [p for p in profiles if (p.user_id, me) not in blocked]
    facts = _people_facts({me} | {p.user_id for p in profiles}, now)
    seats = mentor_seats(programme)
    mentee = to_mentee(mentee_profile, facts)
    rows = []
    for profile in profiles:
        mentor = to_mentor(profile, facts, seats.get(profile.user_id, 0))
        fits = matching.eligible(mentor, mentee)
        rows.append((profile, matching.score(mentor, mentee), fits, mentor.capacity))
    rows.sort(key=lambda row: (not row[2], -row[1], row[0].user.display_name.lower()))
    return rows


def pair_score(programme, mentor, mentee, now=None):
    """The score two people would have as a pair in `programme`, from their profiles
    there (0 when one of them has none)."""
    now = now or timezone.now()
    mentor_profile = MentorProfile.objects.filter(programme=programme, user=mentor).first()
    mentee_profile = MenteeProfile.objects.filter(programme=programme, user=mentee).first()
    if mentor_profile is None or mentee_profile is None:
        return 0
    facts = _people_facts({mentor.pk, mentee.pk}, now)
    return matching.score(
        to_mentor(mentor_profile, facts, mentor_profile.capacity), to_mentee(mentee_profile, facts)
    )


def _ranges(days):
    """[1, 2, 3, 5] -> "Tue–Thu, Sat", day names in the active language."""
    names = day_names("abbreviated")
    groups, run = [], []
    for day in sorted(days):
        if run and day == run[-1] + 1:
            run.append(day)
        else:
            if run:
                groups.append(run)
            run = [day]
    if run:
        groups.append(run)
    return ", ".join(
        names[g[0]] if len(g) == 1 else f"{names[g[0]]}–{names[g[-1]]}" for g in groups
    )


def _part_of_day(hour):
    name = PARTS[-1][1]
    for start, part in PARTS:
        if hour >= start:
            name = part
    return name


def when_phrase(intervals, zone):
    """ "mostly Tue–Thu evenings" for shared UTC intervals, read in `zone`: the part of
    the day with most shared hours, and the days it falls on."""
    hours = Counter()
    for begin, end in intervals:
        at = begin
        while at < end:
            local = at.astimezone(zone)
            hours[(local.weekday(), _part_of_day(local.hour))] += 1
            at += QUARTER_STEP
    if not hours:
        return ""
    by_part = Counter()
    for (_day, part), count in hours.items():
        by_part[part] += count
    part = by_part.most_common(1)[0][0]
    days = {day for (day, p) in hours if p == part}
    # Translators: when two people are both free, e.g. "mostly Tue–Thu evenings"
    return _("mostly %(days)s %(part_of_day)s") % {"days": _ranges(days), "part_of_day": part}


def _names(items):
    return ", ".join(sorted(str(item) for item in items))


def _language_names(languages):
    """The languages' names in the active language ("português"), from their codes."""
    names = (language_name(item.code, item.name) for item in languages)
    return ", ".join(sorted(names, key=sort_key))


def explain(programme, mentor, mentee, viewer, now=None):
    """Why `mentor` and `mentee` fit, as phrases for `viewer` (one of them, or an
    organiser), times in the viewer's zone with the zone named:
    ["you both speak Portuguese", "6 h a week overlap, mostly Tue–Thu evenings your time
    (America/Sao_Paulo)", "shared topic: statistics"]."""
    now = now or timezone.now()
    mentor_profile = (
        MentorProfile.objects.filter(programme=programme, user=mentor)
        .prefetch_related("topics", "languages")
        .first()
    )
    mentee_profile = (
        MenteeProfile.objects.filter(programme=programme, user=mentee)
        .prefetch_related("topics", "languages")
        .first()
    )
    you = viewer.pk in (mentor.pk, mentee.pk)
    phrases = []
    if mentor_profile and mentee_profile:
        languages = set(mentor_profile.languages.all()) & set(mentee_profile.languages.all())
        if languages:
            names = {"languages": _language_names(languages)}
            if you:
                phrases.append(_("you both speak %(languages)s") % names)
            else:
                phrases.append(_("both speak %(languages)s") % names)
    start, end = _week(now)
    schedules = schedules_by_id([mentor.pk, mentee.pk])
    shared = intersect(
        free_intervals(schedules[mentor.pk], start, end),
        free_intervals(schedules[mentee.pk], start, end),
    )
    hours = total_hours(shared)
    if hours:
        zone = viewer.profile.zone
        facts = {"hours": f"{hours:g}", "when": when_phrase(shared, zone), "zone": zone.key}
        if you:
            # Translators: "6 h a week overlap, mostly Tue–Thu evenings your time (Europe/Madrid)"
            phrases.append(_("%(hours)s h a week overlap, %(when)s your time (%(zone)s)") % facts)
        else:
            phrases.append(_("%(hours)s h a week overlap, %(when)s time (%(zone)s)") % facts)
    if mentor_profile and mentee_profile:
        topics = set(mentor_profile.topics.all()) & set(mentee_profile.topics.all())
        if topics:
            phrases.append(
                ngettext("shared topic: %(topics)s", "shared topics: %(topics)s", len(topics))
                % {"topics": _names(topics)}
            )
        if mentee_profile.preferred_mentor_id == mentor.pk:
            phrases.append(_("the mentor asked for"))
    courses = (
        Enrolment.objects.filter(user=mentor)
        .filter(course__in=Enrolment.objects.filter(user=mentee).values("course_id"))
        .select_related("course")
    )
    codes = sorted(enrolment.course.code for enrolment in courses)
    if codes:
        courses = {"courses": ", ".join(codes)}
        if you:
            phrases.append(_("you are both in %(courses)s") % courses)
        else:
            phrases.append(_("both in %(courses)s") % courses)
    return phrases
