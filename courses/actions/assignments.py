"""Assignments and team workspaces: creating an assignment gives each team of its
grouping a workspace with its own chat; the team writes a shared draft, version by
version, and submits one version as its final work."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts import interactions
from accounts.actions import notify_many
from accounts.models import User
from accounts.timezones import is_valid_time_zone
from lounge import actions as lounge
from lounge.models import Channel

from .. import permissions
from ..diffs import line_counts
from ..errors import (
    AlreadySubmitted,
    DraftConflict,
    InvalidAssignment,
    NotAllowed,
    SubmissionClosed,
)
from ..models import Assignment, DraftVersion, Enrolment, Submission, Workspace
from ..models.assignments import MAX_BRIEF_LENGTH, MAX_DRAFT_LENGTH, MAX_LATE_HOURS
from ..models.assignments import MAX_TITLE_LENGTH as MAX_ASSIGNMENT_TITLE


def workspace_channel(workspace):
    """The team's chat for this assignment: its members, and the course's instructors
    and TAs as moderators, as in the course's own chat."""
    team, assignment = workspace.team, workspace.assignment
    return lounge.ensure_owned_channel(
        workspace,
        Channel.Kind.TEAM,
        name=f"{team.name} · {assignment.title}"[:80],
        topic=f"{team.name}'s work on {assignment.title}",
        people=lambda: [
            *((member.user, False) for member in team.memberships.select_related("user")),
            *(
                (enrolment.user, True)
                for enrolment in assignment.course.enrolments.staff().select_related("user")
            ),
        ],
    )


def sync_team_chats(team, person, *, member):
    """Keep `person` in step in the chat of every workspace of `team`."""
    for workspace in team.workspaces.select_related("assignment__course"):
        lounge.sync_owned_member(workspace_channel(workspace), person, member=member)


def sync_staff_in_team_chats(course, person):
    """Put `person` in step in the chats of every workspace of `course` after their role
    changed or they left: course staff moderate them all; anyone else stays only in the
    chats of their own teams, as a member."""
    from ..models import TeamMember

    staff = course.enrolments.staff().filter(user=person).exists()
    own_teams = set(
        TeamMember.objects.filter(grouping__course=course, user=person).values_list(
            "team_id", flat=True
        )
    )
    for workspace in Workspace.objects.filter(assignment__course=course).select_related(
        "assignment__course", "team"
    ):
        member = staff or workspace.team_id in own_teams
        lounge.sync_owned_member(
            workspace_channel(workspace), person, member=member, moderator=staff
        )


def _check_details(course, details, now):
    title = " ".join(details["title"].split())
    if not title or len(title) > MAX_ASSIGNMENT_TITLE:
        raise InvalidAssignment(
            _("Give the assignment a title of up to %(limit)s.") % {"limit": MAX_ASSIGNMENT_TITLE}
        )
    details["title"] = title
    details["brief"] = details["brief"].replace("\x00", "").strip()
    if not details["brief"] or len(details["brief"]) > MAX_BRIEF_LENGTH:
        raise InvalidAssignment(
            _("Write a brief of up to %(limit)s characters.") % {"limit": MAX_BRIEF_LENGTH}
        )
    if details["due_at"] <= now:
        raise InvalidAssignment(_("Choose a due date in the future."))
    details["opens_at"] = details.get("opens_at") or now
    if details["due_at"] <= details["opens_at"]:
        raise InvalidAssignment(_("The due date must come after the assignment opens."))
    if not is_valid_time_zone(details["time_zone"]):
        raise InvalidAssignment(_("That is not a time zone."))
    if details["grouping"].course_id != course.pk:
        raise InvalidAssignment(_("Choose one of this course's groupings."))
    if details["late_policy"] not in Assignment.LatePolicy.values:
        raise InvalidAssignment(_("Choose a late policy."))
    if details["late_policy"] == Assignment.LatePolicy.REFUSE:
        details["late_hours"] = 0
    elif not 1 <= details["late_hours"] <= MAX_LATE_HOURS:
        raise InvalidAssignment(
            _("Accept late work for 1 to %(max_late_hours)s hours.")
            % {"max_late_hours": MAX_LATE_HOURS}
        )


@transaction.atomic
def create_assignment(actor, course, *, now=None, **details):
    """`details`: title, brief, opens_at (aware, or None for now), due_at (aware),
    time_zone, grouping, late_policy, late_hours. Each team of the grouping gets a
    workspace and its chat; its members are told."""
    if not permissions.can_manage_course(actor, course):
        raise NotAllowed(_("Only the course's instructors can set assignments."))
    now = now or timezone.now()
    _check_details(course, details, now)
    assignment = Assignment.objects.create(course=course, created_by=actor, **details)
    told = []
    for team in details["grouping"].teams.prefetch_related("memberships__user"):
        workspace = Workspace.objects.create(assignment=assignment, team=team)
        channel = workspace_channel(workspace)
        told += [
            (
                member.user,
                "assignment_new",
                {
                    "actor": actor,
                    "target": workspace,
                    "scope": channel,
                    "assignment": assignment.title,
                    "course": course.code,
                    "due": {"at": assignment.due_at.isoformat()},
                    "url": workspace.get_absolute_url(),
                },
            )
            for member in team.memberships.all()
        ]
    notify_many(told)
    return assignment


def _lock(workspace):
    return (
        Workspace.objects.select_for_update()
        .select_related("assignment__course", "team")
        .get(pk=workspace.pk)
    )


def _require_writer(actor, workspace):
    if not permissions.can_edit_workspace(actor, workspace):
        raise NotAllowed(_("Only the team's members can change its draft."))
    if Submission.objects.filter(workspace=workspace).exists():
        raise AlreadySubmitted()


def _new_version(actor, workspace, body, restored_from=None):
    added, removed = line_counts(workspace.draft, body)
    workspace.version += 1
    workspace.draft = body
    workspace.save(update_fields=["draft", "version"])
    return DraftVersion.objects.create(
        workspace=workspace,
        number=workspace.version,
        body=body,
        author=actor,
        lines_added=added,
        lines_removed=removed,
        restored_from=restored_from,
    )


@transaction.atomic
def save_draft(actor, workspace, *, body, base_version):
    """Save the team's draft as a new version. `base_version` is the version the writer
    started from: when a teammate saved since, nothing is saved (DraftConflict), so no
    one's work is overwritten unseen. Saving unchanged text makes no version."""
    workspace = _lock(workspace)
    _require_writer(actor, workspace)
    body = body.replace("\x00", "").replace("\r\n", "\n")
    if len(body) > MAX_DRAFT_LENGTH:
        raise InvalidAssignment(
            _("Keep the draft under %(limit)s characters.")
            % {"limit": number_format(MAX_DRAFT_LENGTH, force_grouping=True)}
        )
    if base_version != workspace.version:
        raise DraftConflict()
    if body == workspace.draft:
        return workspace.versions.filter(number=workspace.version).first()
    return _new_version(actor, workspace, body)


@transaction.atomic
def restore_version(actor, workspace, number):
    """Make an earlier version the current draft again, as a new version (history is
    never rewritten)."""
    workspace = _lock(workspace)
    _require_writer(actor, workspace)
    old = workspace.versions.filter(number=number).first()
    if old is None:
        raise InvalidAssignment(_("There is no such version of this draft."))
    if old.number == workspace.version:
        raise InvalidAssignment(_("That version is already the current draft."))
    return _new_version(actor, workspace, old.body, restored_from=old.number)


@transaction.atomic
def submit_work(actor, workspace, *, version, now=None):
    """Submit the team's current draft (the `version` the member looked at) as final.
    After the team's due time (its extension, or the assignment's) it is marked late,
    or refused once the late policy's window has closed. Teammates are recorded as
    having worked together."""
    workspace = _lock(workspace)
    _require_writer(actor, workspace)
    assignment = workspace.assignment
    now = now or timezone.now()
    if assignment.opens_at and now < assignment.opens_at:
        raise SubmissionClosed(_("This assignment is not open for submissions yet."))
    if now > workspace.closes_at:
        raise SubmissionClosed()
    if workspace.version == 0 or not workspace.draft.strip():
        raise InvalidAssignment(_("Write the draft before submitting it."))
    if version != workspace.version:
        raise DraftConflict(
            _("A teammate saved a newer version: read it, then submit again if it is ready.")
        )
    current = workspace.versions.get(number=workspace.version)
    submission = Submission.objects.create(
        workspace=workspace,
        version=current,
        body=current.body,
        submitted_by=actor,
        submitted_at=now,
        is_late=now > workspace.due_at,
    )
    members = list(
        workspace.team.memberships.filter(
            user__enrolments__course=assignment.course,
            user__enrolments__role=Enrolment.Role.STUDENT,
        ).values_list("user_id", flat=True)
    )
    users = User.objects.in_bulk(members)
    for member_id in members:
        interactions.record(users[member_id], members, interactions.Kind.TEAMMATE, workspace)
    return submission


MAX_EXTENSION_REASON = 300


@transaction.atomic
def extend_deadline(actor, workspace, *, due_at, reason="", now=None):
    """Give one team a later due time (`due_at`, aware), or take its extension back with
    None. The late policy then runs from the team's own due time; its members are told."""
    workspace = _lock(workspace)
    assignment = workspace.assignment
    if not permissions.can_manage_course(actor, assignment.course):
        raise NotAllowed(_("Only the course's instructors can extend deadlines."))
    reason = " ".join((reason or "").split())
    if len(reason) > MAX_EXTENSION_REASON:
        raise InvalidAssignment(
            _("Keep the reason under %(limit)s characters.") % {"limit": MAX_EXTENSION_REASON}
        )
    if due_at is not None and due_at <= assignment.due_at:
        raise InvalidAssignment(_("An extension must end after the assignment's due time."))
    if due_at is not None and due_at <= (now or timezone.now()):
        raise InvalidAssignment(_("Choose an extension that ends in the future."))
    if Submission.objects.filter(workspace=workspace).exists():
        raise AlreadySubmitted(_("This team has already submitted."))
    workspace.extended_due_at = due_at
    workspace.extension_reason = reason if due_at else ""
    workspace.save(update_fields=["extended_due_at", "extension_reason"])
    if due_at is not None:
        notify_many(
            (
                member.user,
                "deadline_extended",
                {
                    "actor": actor,
                    "target": workspace,
                    "scope": workspace_channel(workspace),
                    "assignment": assignment.title,
                    "due": {"at": due_at.isoformat()},
                    "url": workspace.get_absolute_url(),
                },
            )
            for member in workspace.team.memberships.select_related("user")
        )
    return workspace
