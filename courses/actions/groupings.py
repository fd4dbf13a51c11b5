"""Groupings: teams made by hand or formed from weekly availability, and moving a
student between teams (their teams' chats follow)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
from ..errors import CannotFormTeams, InvalidGrouping, NotAllowed, TeamChoiceError
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
        raise NotAllowed(_("Only the course's instructors can change its teams."))


def students_of(course):
    return User.objects.filter(
        enrolments__course=course, enrolments__role=Enrolment.Role.STUDENT, is_active=True
    ).select_related("profile")


def blocked_pairs_among(user_ids):
    """The pairs among these people with a block between them, either way round."""
    user_ids = list(user_ids)
    rows = Block.objects.filter(blocker_id__in=user_ids, blocked_id__in=user_ids)
    return {frozenset(pair) for pair in rows.values_list("blocker_id", "blocked_id")}


# What a nameless or overlong name is told, whole sentences for each kind of name.
_NAME_REFUSALS = {
    "grouping": (
        gettext_lazy("Give the grouping a name."),
        gettext_lazy("Keep the grouping's name under %(limit)s characters."),
    ),
    "team": (
        gettext_lazy("Give the team a name."),
        gettext_lazy("Keep the team's name under %(limit)s characters."),
    ),
}


def _clean_name(name, what):
    name = " ".join((name or "").split())
    missing, too_long = _NAME_REFUSALS[what]
    if not name:
        raise InvalidGrouping(str(missing))
    if len(name) > MAX_NAME_LENGTH:
        raise InvalidGrouping(too_long % {"limit": MAX_NAME_LENGTH})
    return name


@transaction.atomic
def create_grouping(actor, course, *, name, teams, method=Grouping.Method.HAND, **settings):
    """Keep a grouping of `course`: `teams` is [(team name, [users])]. Everyone in a team
    is a student of the course, in one team only, with no block between teammates.
    `settings`: what auto-forming was asked (min_size, max_size, min_shared_hours)."""
    _require_manager(actor, course)
    name = _clean_name(name, "grouping")
    if Grouping.objects.filter(course=course, name=name).exists():
        raise InvalidGrouping(_("This course already has a grouping of that name."))
    if not teams:
        raise InvalidGrouping(_("Add at least one team."))
    if len(teams) > MAX_TEAMS:
        raise InvalidGrouping(
            _("A grouping holds at most %(max_teams)s teams.") % {"max_teams": MAX_TEAMS}
        )
    students = set(students_of(course).values_list("pk", flat=True))
    seen_people, seen_names = set(), set()
    cleaned = []
    for team_name, members in teams:
        team_name = _clean_name(team_name, "team")
        if team_name.casefold() in seen_names:
            raise InvalidGrouping(
                _("Two teams are called “%(team_name)s”: name each differently.")
                % {"team_name": team_name}
            )
        seen_names.add(team_name.casefold())
        ids = [member.pk for member in members]
        if not 1 <= len(ids) <= MAX_TEAM_SIZE:
            raise InvalidGrouping(
                _("“%(team_name)s” needs 1 to %(max_team_size)s members.")
                % {"team_name": team_name, "max_team_size": MAX_TEAM_SIZE}
            )
        if set(ids) - students:
            raise InvalidGrouping(
                _("Everyone in “%(team_name)s” must be a student of the course.")
                % {"team_name": team_name}
            )
        if seen_people & set(ids) or len(set(ids)) != len(ids):
            raise InvalidGrouping(_("Each student can be in only one team of a grouping."))
        if blocked_pairs_among(ids):
            raise InvalidGrouping(
                _("“%(team_name)s” holds two people who cannot be in a team together.")
                % {"team_name": team_name}
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
            _("Team sizes run from %(min_team_size)s to %(max_team_size)s, smallest first.")
            % {"min_team_size": MIN_TEAM_SIZE, "max_team_size": MAX_TEAM_SIZE}
        )
    if not 0 <= min_shared_hours <= MAX_MIN_SHARED_HOURS:
        raise CannotFormTeams(
            _("Ask for 0 to %(max_min_shared_hours)s shared hours a week.")
            % {"max_min_shared_hours": MAX_MIN_SHARED_HOURS}
        )
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
        proposal.append(
            ProposedTeam(
                _("Team %(number)s") % {"number": number}, members, shared, total_hours(shared)
            )
        )
    return proposal


@transaction.atomic
def move_to_team(actor, grouping, person, team):
    """Put `person` (a student of the course) in `team` of `grouping`, or in no team when
    `team` is None. The chats of the teams they leave and join follow at once."""
    _require_manager(actor, grouping.course)
    grouping = Grouping.objects.select_for_update().get(pk=grouping.pk)
    if team is not None and team.grouping_id != grouping.pk:
        raise InvalidGrouping(_("That team is not in this grouping."))
    if not students_of(grouping.course).filter(pk=person.pk).exists():
        raise InvalidGrouping(_("That person is not a student of the course."))
    current = TeamMember.objects.filter(grouping=grouping, user=person).select_related("team")
    current = current.first()
    if team is not None and current is not None and current.team_id == team.pk:
        return current
    if team is not None:
        if team.memberships.count() >= MAX_TEAM_SIZE:
            raise InvalidGrouping(
                _("A team holds at most %(max_team_size)s people.")
                % {"max_team_size": MAX_TEAM_SIZE}
            )
        if blocked_pairs_among([person.pk, *team.memberships.values_list("user_id", flat=True)]):
            raise InvalidGrouping(_("That team holds someone who cannot be in a team with them."))
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


# Importing teams from a CSV file: one row per student, "team,student" where the
# student is named by handle or email. Every row is checked before anything is
# written, and every bad row is reported with its line number.

MAX_CSV_ROWS = 5000


def read_team_rows(course, text):
    """([(team name, [users])], [(line, message)]): the teams the CSV text describes and
    what is wrong with it, row by row. A first row "team,student" is a header."""
    import csv

    students = list(students_of(course))
    by_handle = {s.username.lower(): s for s in students}
    by_email = {s.email.lower(): s for s in students if s.email}
    teams, errors, placed = {}, [], {}
    reader = csv.reader(text.replace("\x00", "").splitlines())
    for line, row in enumerate(reader, start=1):
        if len(teams) > MAX_TEAMS or line > MAX_CSV_ROWS:
            errors.append(
                (
                    line,
                    _("A file holds at most %(max_csv_rows)s rows.")
                    % {"max_csv_rows": number_format(MAX_CSV_ROWS, force_grouping=True)},
                )
            )
            break
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if line == 1 and [c.lower() for c in cells[:2]] in (
            ["team", "student"],
            ["team", "member"],
        ):
            continue
        if len(cells) != 2:
            errors.append((line, _("Write two cells: the team's name, then the student.")))
            continue
        team_name, who = " ".join(cells[0].split()), cells[1].lstrip("@").lower()
        if not team_name:
            errors.append((line, _("The team's name is empty.")))
            continue
        if len(team_name) > MAX_NAME_LENGTH:
            errors.append(
                (
                    line,
                    _("Keep the team's name under %(limit)s characters.")
                    % {"limit": MAX_NAME_LENGTH},
                )
            )
            continue
        if any(char in team_name for char in "<>"):
            errors.append((line, _("A team's name cannot hold < or >.")))
            continue
        person = by_email.get(who) if "@" in who else by_handle.get(who)
        if person is None:
            errors.append(
                (
                    line,
                    _("“%(handle)s” is not a student of this course.") % {"handle": cells[1][:60]},
                )
            )
            continue
        if person.pk in placed:
            errors.append(
                (
                    line,
                    _("%(name)s is already in a team, on line %(line)s.")
                    % {"name": person.display_name, "line": placed[person.pk]},
                )
            )
            continue
        placed[person.pk] = line
        members = teams.setdefault(team_name.casefold(), (team_name, []))[1]
        if len(members) == MAX_TEAM_SIZE:
            errors.append(
                (
                    line,
                    _("“%(team_name)s” already has %(max_team_size)s members, the most.")
                    % {"team_name": team_name, "max_team_size": MAX_TEAM_SIZE},
                )
            )
            continue
        members.append(person)
    for team_name, members in teams.values():
        if blocked_pairs_among(m.pk for m in members):
            errors.append(
                (
                    0,
                    _("“%(team_name)s” holds two people who cannot be in a team together.")
                    % {"team_name": team_name},
                )
            )
    if not teams and not errors:
        errors.append((0, _("The file names no teams.")))
    return list(teams.values()), errors


class GroupingImportError(InvalidGrouping):
    default_message = gettext_lazy("Some rows of the file are wrong; nothing was kept.")

    def __init__(self, rows):
        super().__init__()
        self.rows = rows


@transaction.atomic
def import_grouping(actor, course, *, name, text):
    """Keep the teams of a CSV file as a grouping; any bad row keeps nothing
    (GroupingImportError lists them all)."""
    _require_manager(actor, course)
    teams, errors = read_team_rows(course, text)
    if errors:
        raise GroupingImportError(errors)
    return create_grouping(actor, course, name=name, teams=teams, method=Grouping.Method.CSV)


# Students choosing their teams: the instructor makes a grouping of empty teams with a
# cap, opens it, and students join and leave teams while it is open.


@transaction.atomic
def open_team_choice(actor, course, *, name, team_count, max_size):
    """A grouping of `team_count` empty teams ("Team 1" …) of at most `max_size`, open
    for students to choose."""
    _require_manager(actor, course)
    name = _clean_name(name, "grouping")
    if not 1 <= team_count <= MAX_TEAMS:
        raise InvalidGrouping(_("Make 1 to %(max_teams)s teams.") % {"max_teams": MAX_TEAMS})
    if not MIN_TEAM_SIZE <= max_size <= MAX_TEAM_SIZE:
        raise InvalidGrouping(
            _("Teams hold %(min_team_size)s to %(max_team_size)s people.")
            % {"min_team_size": MIN_TEAM_SIZE, "max_team_size": MAX_TEAM_SIZE}
        )
    if Grouping.objects.filter(course=course, name=name).exists():
        raise InvalidGrouping(_("This course already has a grouping of that name."))
    grouping = Grouping.objects.create(
        course=course,
        name=name,
        method=Grouping.Method.CHOICE,
        max_size=max_size,
        choosing_open=True,
        created_by=actor,
    )
    Team.objects.bulk_create(
        Team(grouping=grouping, name=_("Team %(number)s") % {"number": number})
        for number in range(1, team_count + 1)
    )
    return grouping


@transaction.atomic
def set_team_choice_open(actor, grouping, is_open):
    _require_manager(actor, grouping.course)
    if grouping.method != Grouping.Method.CHOICE:
        raise InvalidGrouping(_("Only teams students choose can be opened or closed."))
    Grouping.objects.filter(pk=grouping.pk).update(choosing_open=is_open)
    grouping.choosing_open = is_open
    return grouping


def _lock_open_choice(actor, grouping):
    grouping = Grouping.objects.select_for_update().select_related("course").get(pk=grouping.pk)
    if grouping.method != Grouping.Method.CHOICE:
        raise TeamChoiceError(_("These teams are set by the instructor."))
    if not grouping.choosing_open:
        raise TeamChoiceError(_("Choosing teams is closed; ask your instructor to move you."))
    if not students_of(grouping.course).filter(pk=actor.pk).exists():
        raise TeamChoiceError(_("Only the course's students choose teams."))
    return grouping


@transaction.atomic
def join_team(actor, team):
    """Join `team` of an open choice, leaving the actor's other team in it. The grouping
    row is locked, so two students cannot both take a team's last place."""
    grouping = _lock_open_choice(actor, team.grouping)
    if team.grouping_id != grouping.pk:
        raise TeamChoiceError()
    current = TeamMember.objects.filter(grouping=grouping, user=actor).first()
    if current is not None and current.team_id == team.pk:
        return current
    others = list(team.memberships.values_list("user_id", flat=True))
    if len(others) >= grouping.max_size:
        raise TeamChoiceError(
            _("%(name)s is full (%(max_size)s people).")
            % {"name": team.name, "max_size": grouping.max_size}
        )
    if blocked_pairs_among([actor.pk, *others]):
        raise TeamChoiceError(_("You cannot join %(name)s.") % {"name": team.name})
    if current is not None:
        current.delete()
        sync_team_chats(current.team, actor, member=False)
    membership = TeamMember.objects.create(team=team, grouping=grouping, user=actor)
    sync_team_chats(team, actor, member=True)
    return membership


@transaction.atomic
def leave_team(actor, grouping):
    grouping = _lock_open_choice(actor, grouping)
    current = TeamMember.objects.filter(grouping=grouping, user=actor).select_related("team")
    current = current.first()
    if current is None:
        raise TeamChoiceError(_("You are in no team of this grouping."))
    current.delete()
    sync_team_chats(current.team, actor, member=False)
