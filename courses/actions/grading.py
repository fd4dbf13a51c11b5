"""Grading: the assignment's rubric (criteria worth points), each submission's grade
(the same for every member, or adjusted for one with a reason), releasing grades to
students; and teammates rating each other's contribution for the course's staff."""

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.actions import notify_many

from .. import permissions
from ..errors import InvalidGrade, NotAllowed
from ..models import (
    Grade,
    GradeScore,
    GradingCriterion,
    MemberAdjustment,
    Submission,
    TeammateRating,
    Workspace,
)
from ..models.grading import (
    MAX_CRITERION_POINTS,
    MAX_FEEDBACK_LENGTH,
    MAX_GRADING_CRITERIA,
    MAX_RATING_NOTE_LENGTH,
    MAX_REASON_LENGTH,
)
from .assignments import workspace_channel


def _require_grader(actor, course):
    """Instructors and TAs grade, as they read every team's work."""
    if not permissions.can_teach(actor, course):
        raise NotAllowed(_("Only the course's instructors and TAs can grade."))


@transaction.atomic
def set_grading_rubric(actor, assignment, criteria):
    """`criteria`: [(title, points)]. Replaces the rubric while no submission is graded."""
    if not permissions.can_manage_course(actor, assignment.course):
        raise NotAllowed(_("Only the course's instructors can set the grading rubric."))
    if Grade.objects.filter(workspace__assignment=assignment).exists():
        raise InvalidGrade(_("Submissions are already graded with this rubric: it is kept."))
    cleaned = []
    for title, points in criteria:
        title = " ".join((title or "").split())
        if not title:
            continue
        if len(title) > 120:
            raise InvalidGrade(_("Keep each criterion's title under 120 characters."))
        if not isinstance(points, int) or not 1 <= points <= MAX_CRITERION_POINTS:
            raise InvalidGrade(
                _("Each criterion is worth 1 to %(max_criterion_points)s points.")
                % {"max_criterion_points": MAX_CRITERION_POINTS}
            )
        cleaned.append((title, points))
    if not cleaned:
        raise InvalidGrade(_("Give the rubric at least one criterion."))
    if len(cleaned) > MAX_GRADING_CRITERIA:
        raise InvalidGrade(
            _("A rubric has at most %(max_grading_criteria)s criteria.")
            % {"max_grading_criteria": MAX_GRADING_CRITERIA}
        )
    assignment.grading_criteria.all().delete()
    return GradingCriterion.objects.bulk_create(
        GradingCriterion(assignment=assignment, position=number, title=title, points=points)
        for number, (title, points) in enumerate(cleaned, start=1)
    )


def _clean_adjustments(adjustments, members, out_of):
    cleaned = {}
    for user_id, (total, reason) in adjustments.items():
        if total is None:
            continue
        if user_id not in members:
            raise InvalidGrade(_("Adjust only the grades of the team's members."))
        if not isinstance(total, int) or not 0 <= total <= out_of:
            raise InvalidGrade(
                _("A member's grade runs from 0 to %(out_of)s.") % {"out_of": out_of}
            )
        reason = " ".join((reason or "").split())
        if not reason:
            raise InvalidGrade(
                _("Say why %(name)s's grade differs from the team's.")
                % {"name": members[user_id].display_name}
            )
        if len(reason) > MAX_REASON_LENGTH:
            raise InvalidGrade(
                _("Keep a reason under %(limit)s characters.") % {"limit": MAX_REASON_LENGTH}
            )
        cleaned[user_id] = (total, reason)
    return cleaned


@transaction.atomic
def grade_submission(actor, workspace, *, scores, feedback="", adjustments=None, now=None):
    """Grade the team's submission. `scores`: {criterion id: points}, one for every
    criterion of the rubric; `adjustments`: {member id: (total, reason)} for members
    whose grade differs. Grading again replaces the grade (and its release stays)."""
    workspace = (
        Workspace.objects.select_for_update()
        .select_related("assignment__course", "team")
        .get(pk=workspace.pk)
    )
    assignment = workspace.assignment
    _require_grader(actor, assignment.course)
    if not Submission.objects.filter(workspace=workspace).exists():
        raise InvalidGrade(_("This team has not submitted: there is nothing to grade yet."))
    criteria = {c.pk: c for c in assignment.grading_criteria.all()}
    if not criteria:
        raise InvalidGrade(_("Set the assignment's grading rubric first."))
    if set(scores) != set(criteria):
        raise InvalidGrade(_("Give points for every criterion of the rubric."))
    for pk, points in scores.items():
        if not isinstance(points, int) or not 0 <= points <= criteria[pk].points:
            raise InvalidGrade(
                _("“%(title)s” takes 0 to %(points)s points.")
                % {"title": criteria[pk].title, "points": criteria[pk].points}
            )
    feedback = (feedback or "").replace("\x00", "").strip()
    if len(feedback) > MAX_FEEDBACK_LENGTH:
        raise InvalidGrade(
            _("Keep the feedback under %(limit)s characters.")
            % {"limit": number_format(MAX_FEEDBACK_LENGTH, force_grouping=True)}
        )
    out_of = sum(c.points for c in criteria.values())
    members = {m.user_id: m.user for m in workspace.team.memberships.select_related("user")}
    cleaned = _clean_adjustments(adjustments or {}, members, out_of)
    grade, _created = Grade.objects.update_or_create(
        workspace=workspace,
        defaults={
            "total": sum(scores.values()),
            "out_of": out_of,
            "feedback": feedback,
            "graded_by": actor,
            "graded_at": now or timezone.now(),
        },
    )
    grade.scores.all().delete()
    GradeScore.objects.bulk_create(
        GradeScore(grade=grade, criterion_id=pk, points=points) for pk, points in scores.items()
    )
    grade.adjustments.all().delete()
    MemberAdjustment.objects.bulk_create(
        MemberAdjustment(grade=grade, user_id=user_id, total=total, reason=reason)
        for user_id, (total, reason) in cleaned.items()
    )
    return grade


@transaction.atomic
def release_grades(actor, assignment, *, now=None):
    """Show every graded team its grade and feedback; members are told. Returns how
    many grades were released now."""
    if not permissions.can_manage_course(actor, assignment.course):
        raise NotAllowed(_("Only the course's instructors can release grades."))
    now = now or timezone.now()
    grades = list(
        Grade.objects.select_for_update()
        .filter(workspace__assignment=assignment, released_at=None)
        .select_related("workspace__team", "workspace__assignment__course")
    )
    told = []
    for grade in grades:
        grade.released_at = now
        grade.save(update_fields=["released_at"])
        workspace = grade.workspace
        told += [
            (
                member.user,
                "grade_released",
                {
                    "actor": actor,
                    "target": workspace,
                    "scope": workspace_channel(workspace),
                    "assignment": assignment.title,
                    "course": assignment.course.code,
                    "url": workspace.get_absolute_url(),
                },
            )
            for member in workspace.team.memberships.select_related("user")
        ]
    notify_many(told)
    return len(grades)


def member_total(grade, user):
    """What `user` got: their adjustment, or the team's total."""
    adjustment = next((a for a in grade.adjustments.all() if a.user_id == user.pk), None)
    return (adjustment.total, adjustment.reason) if adjustment else (grade.total, "")


@transaction.atomic
def rate_teammates(actor, workspace, ratings):
    """`ratings`: {member id: (score 1–5, note)} for the actor's teammates and
    themselves; members left out keep their earlier rating. Only staff read them."""
    if not permissions.can_edit_workspace(actor, workspace):
        raise NotAllowed(_("Only the team's members rate each other."))
    members = set(workspace.team.memberships.values_list("user_id", flat=True))
    if not ratings:
        raise InvalidGrade(_("Rate at least one teammate."))
    for user_id, (score, note) in ratings.items():
        if user_id not in members:
            raise InvalidGrade(_("Rate only your team's members."))
        if not isinstance(score, int) or not 1 <= score <= 5:
            raise InvalidGrade(_("Ratings run from 1 to 5."))
        if len(note or "") > MAX_RATING_NOTE_LENGTH:
            raise InvalidGrade(
                _("Keep a note under %(limit)s characters.") % {"limit": MAX_RATING_NOTE_LENGTH}
            )
    saved = []
    for user_id, (score, note) in ratings.items():
        rating, _created = TeammateRating.objects.update_or_create(
            workspace=workspace,
            rater=actor,
            ratee_id=user_id,
            defaults={"score": score, "note": (note or "").replace("\x00", "").strip()},
        )
        saved.append(rating)
    return saved
