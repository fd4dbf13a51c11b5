"""Groupings: teams made by hand or formed from weekly availability, and moving a
student between teams (their teams' chats follow)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q

from accounts.availability import (
    HOURS_PER_DAY,
    WEEK,
    free_intervals,
    schedules_by_id,
    shared_free_intervals,
    total_hours,
    week_start,
)
from accounts.models import Block, User

from .. import permissions
from ..errors import CannotFormTeams, InvalidGrouping, NotAllowed
from ..forming import FormingError, form_teams
from ..models import Enrolment, Grouping, Team, TeamMember
from ..models.groupings import (
    MAX_MIN_SHARED_HOURS,
    MAX_NAME_LENGTH,
    MAX_TEAM_SIZE,
    MIN_TEAM_SIZE,
)
from .assignments import sync_team_chats

MAX_TEAMS = 500


def _require_manager(actor, course):
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed("Only the course's instructors can change its teams.")


def students_of(course):
    return User.objects.filter(
        enrolments__course=course, enrolments__role=Enrolment.Role.STUDENT, is_active=True
    ).select_related("profile")


def blocked_pairs_among(user_ids):
    """The pairs among these people with a block between them, either way round."""
    user_ids = list(user_ids)
    rows = Block.objects.filter(blocker_id__in=user_ids, blocked_id__in=user_ids)
    return {frozenset(pair) for pair in rows.values_list("blocker_id", "blocked_id")}


def _clean_name(name, what):
    name = " ".join((name or "").split())
    if not name:
        raise InvalidGrouping(f"Give the {what} a name.")
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidGrouping(f"Keep the {what}'s name under {MAX_NAME_LENGTH} characters.")
    return name


@transaction.atomic
def create_grouping(actor, course, *, name, teams, method=Grouping.Method.HAND, **settings):
    """Keep a grouping of `course`: `teams` is [(team name, [users])]. Everyone in a team
    is a student of the course, in one team only, with no block between teammates.
    `settings`: what auto-forming was asked (min_size, max_size, min_shared_hours)."""
    _require_manager(actor, course)
    name = _clean_name(name, "grouping")
    if Grouping.objects.filter(course=course, name=name).exists():
        raise InvalidGrouping("This course already has a grouping of that name.")
    if not teams:
        raise InvalidGrouping("Add at least one team.")
    if len(teams) > MAX_TEAMS:
        raise InvalidGrouping(f"A grouping holds at most {MAX_TEAMS} teams.")
    students = set(students_of(course).values_list("pk", flat=True))
    seen_people, seen_names = set(), set()
    cleaned = []
    for team_name, members in teams:
        team_name = _clean_name(team_name, "team")
        if team_name.casefold() in seen_names:
            raise InvalidGrouping(f"Two teams are called “{team_name}”: name each differently.")
        seen_names.add(team_name.casefold())
        ids = [member.pk for member in members]
        if not 1 <= len(ids) <= MAX_TEAM_SIZE:
            raise InvalidGrouping(f"“{team_name}” needs 1 to {MAX_TEAM_SIZE} members.")
        if set(ids) - students:
            raise InvalidGrouping(f"Everyone in “{team_name}” must be a student of the course.")
        if seen_people & set(ids) or len(set(ids)) != len(ids):
            raise InvalidGrouping("Each student can be in only one team of a grouping.")
        if blocked_pairs_among(ids):
            raise InvalidGrouping(
                f"“{team_name}” holds two people who cannot be in a team together."
            )
        seen_people |= set(ids)
        cleaned.append((team_name, ids))
    grouping = Grouping.objects.create(
        course=course, name=name, method=method, created_by=actor, **settings
    )
    for team_name, ids in cleaned:
        team = Team.objects.create(grouping=grouping, name=team_name)
        TeamMember.objects.bulk_create(
            TeamMember(team=team, grouping=grouping, user_id=user_id) for user_id in ids
        )
    return grouping


@dataclass
class ProposedTeam:
    name: str
    members: list
    shared: list  # UTC intervals of the week when all members are free
    hours: float


def free_hour_indices(schedule, start):
    """The whole UTC hours (0 = Monday 00:00 UTC) of the week from `start` when the
    schedule's owner is free."""
    hours = set()
    for begin, end in free_intervals(schedule, start, start + WEEK):
        first = -(-(begin - start) // timedelta(hours=1))  # the first whole hour inside
        last = (end - start) // timedelta(hours=1)
        hours.update(range(first, last))
    return {hour for hour in hours if 0 <= hour < 7 * HOURS_PER_DAY}


def propose_teams(actor, course, *, min_size, max_size, min_shared_hours, now):
    """Teams of the course's students formed from their weekly availability in the week
    of `now`, for the instructor to look at before keeping them. Writes nothing."""
    _require_manager(actor, course)
    if not MIN_TEAM_SIZE <= min_size <= max_size <= MAX_TEAM_SIZE:
        raise CannotFormTeams(
            f"Team sizes run from {MIN_TEAM_SIZE} to {MAX_TEAM_SIZE}, smallest first."
        )
    if not 0 <= min_shared_hours <= MAX_MIN_SHARED_HOURS:
        raise CannotFormTeams(f"Ask for 0 to {MAX_MIN_SHARED_HOURS} shared hours a week.")
    people = {user.pk: user for user in students_of(course).order_by("username")}
    schedules = schedules_by_id(people)
    start = week_start(now)
    free = {pk: free_hour_indices(schedule, start) for pk, schedule in schedules.items()}
    try:
        formed = form_teams(
            list(people),
            free,
            blocked_pairs_among(people),
            min_size=min_size,
            max_size=max_size,
            min_hours=min_shared_hours,
        )
    except FormingError as error:
        raise CannotFormTeams(str(error)) from error
    proposal = []
    for number, team in enumerate(formed, start=1):
        shared = shared_free_intervals([schedules[pk] for pk in team.members], now)
        members = sorted((people[pk] for pk in team.members), key=lambda u: u.display_name)
        proposal.append(ProposedTeam(f"Team {number}", members, shared, total_hours(shared)))
    return proposal


@transaction.atomic
def move_to_team(actor, grouping, person, team):
    """Put `person` (a student of the course) in `team` of `grouping`, or in no team when
    `team` is None. The chats of the teams they leave and join follow at once."""
    _require_manager(actor, grouping.course)
    grouping = Grouping.objects.select_for_update().get(pk=grouping.pk)
    if team is not None and team.grouping_id != grouping.pk:
        raise InvalidGrouping("That team is not in this grouping.")
    if not students_of(grouping.course).filter(pk=person.pk).exists():
        raise InvalidGrouping("That person is not a student of the course.")
    current = TeamMember.objects.filter(grouping=grouping, user=person).select_related("team")
    current = current.first()
    if team is not None and current is not None and current.team_id == team.pk:
        return current
    if team is not None:
        if team.memberships.count() >= MAX_TEAM_SIZE:
            raise InvalidGrouping(f"A team holds at most {MAX_TEAM_SIZE} people.")
        if blocked_pairs_among([person.pk, *team.memberships.values_list("user_id", flat=True)]):
            raise InvalidGrouping("That team holds someone who cannot be in a team with them.")
    if current is not None:
        current.delete()
        sync_team_chats(current.team, person, member=False)
    if team is None:
        return None
    membership = TeamMember.objects.create(team=team, grouping=grouping, user=person)
    sync_team_chats(team, person, member=True)
    return membership


def leave_teams(course, person):
    """Take `person` out of every team of `course` (they left it); their chats follow.
    Called inside the verb that removes them, which holds the transaction."""
    for membership in TeamMember.objects.filter(
        Q(grouping__course=course), user=person
    ).select_related("team"):
        membership.delete()
        sync_team_chats(membership.team, person, member=False)
