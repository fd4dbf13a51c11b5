"""Grading pages for the course's instructors and TAs: the rubric, every team's grade,
grading one submission, releasing grades and the CSV export."""

import csv

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.markup import render_message

from .. import actions, permissions
from ..forms import GradeForm, GradingRubricFormSet
from ..models import Grade, TeamMember


def _manager_assignment(request, pk):
    assignment = permissions.get_assignment_to_grade(request.user, pk)
    if not permissions.can_manage_course(request.user, assignment.course):
        raise Http404("No such assignment.")
    return assignment


def grades(request, pk):
    assignment = permissions.get_assignment_to_grade(request.user, pk)
    workspaces = (
        assignment.workspaces.select_related("team", "submission", "grade")
        .prefetch_related("team__members__profile", "grade__adjustments")
        .order_by("team__name")
    )
    return render(
        request,
        "courses/grades.html",
        {
            "assignment": assignment,
            "course": assignment.course,
            "criteria": assignment.grading_criteria.all(),
            "workspaces": workspaces,
            "can_manage": permissions.can_manage_course(request.user, assignment.course),
            "unreleased": Grade.objects.filter(
                workspace__assignment=assignment, released_at=None
            ).count(),
        },
    )


def rubric(request, pk):
    assignment = _manager_assignment(request, pk)
    initial = [{"title": c.title, "points": c.points} for c in assignment.grading_criteria.all()]
    formset = GradingRubricFormSet(request.POST or None, initial=initial or None, prefix="c")
    if request.method == "POST" and formset.is_valid():
        try:
            actions.set_grading_rubric(request.user, assignment, formset.criteria())
        except actions.CourseError as error:
            formset._non_form_errors = formset.error_class([str(error)])
        else:
            return redirect("courses:grades", assignment.pk)
    return render(
        request,
        "courses/grading_rubric.html",
        {"assignment": assignment, "course": assignment.course, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


def grade(request, pk):
    workspace = permissions.get_workspace_to_grade(request.user, pk)
    assignment = workspace.assignment
    submission = getattr(workspace, "submission", None)
    criteria = list(assignment.grading_criteria.all())
    members = list(workspace.team.members.select_related("profile").order_by("username"))
    existing = Grade.objects.filter(workspace=workspace).prefetch_related("scores", "adjustments")
    existing = existing.first()
    initial = {}
    if existing is not None:
        initial["feedback"] = existing.feedback
        initial.update({f"points_{s.criterion_id}": s.points for s in existing.scores.all()})
        for adjustment in existing.adjustments.all():
            initial[f"total_{adjustment.user_id}"] = adjustment.total
            initial[f"reason_{adjustment.user_id}"] = adjustment.reason
    form = GradeForm(request.POST or None, initial=initial, criteria=criteria, members=members)
    if request.method == "POST" and form.is_valid():
        done = run_verb(
            request,
            actions.grade_submission,
            request.user,
            workspace,
            scores=form.scores(),
            feedback=form.cleaned_data["feedback"],
            adjustments=form.adjustments(),
            form=form,
            success=_("%(name)s is graded.") % {"name": workspace.team.name},
        )
        if done:
            return redirect("courses:grades", assignment.pk)
    return render(
        request,
        "courses/grade.html",
        {
            "workspace": workspace,
            "assignment": assignment,
            "course": assignment.course,
            "submission": submission,
            "submission_html": render_message(submission.body).html if submission else "",
            "form": form,
            "existing": existing,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def release(request, pk):
    assignment = _manager_assignment(request, pk)
    run_verb(
        request,
        actions.release_grades,
        request.user,
        assignment,
        success=lambda count: (
            ngettext(
                "Released %(count)s grade(s); the teams are told.",
                "Released %(count)s grade(s); the teams are told.",
                count,
            )
            % {"count": count}
        ),
    )
    return redirect("courses:grades", assignment.pk)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A cell a spreadsheet shows as text: one starting like a formula gets a quote in
    front, so a team or person named "=HYPERLINK(…)" cannot run in the grader's sheet."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export(request, pk):
    """Every member's grade, one row each, for the course's instructors and TAs."""
    assignment = permissions.get_assignment_to_grade(request.user, pk)
    criteria = list(assignment.grading_criteria.all())
    grades_by_workspace = {
        g.workspace_id: g
        for g in Grade.objects.filter(workspace__assignment=assignment).prefetch_related(
            "scores", "adjustments"
        )
    }
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"grades-{assignment.course.code}-{assignment.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    writer = csv.writer(response)
    writer.writerow(
        [
            pgettext("CSV column", "team"),
            pgettext("CSV column", "handle"),
            pgettext("CSV column", "name"),
            *[c.title for c in criteria],
        ]
        + [
            pgettext("CSV column", "team total"),
            pgettext("CSV column", "out of"),
            pgettext("CSV column", "member total"),
            pgettext("CSV column", "adjustment reason"),
            pgettext("CSV column", "late"),
            pgettext("CSV column", "released"),
        ]
    )
    memberships = (
        TeamMember.objects.filter(team__workspaces__assignment=assignment)
        .select_related("team", "user__profile")
        .order_by("team__name", "user__username")
    )
    workspaces = {w.team_id: w for w in assignment.workspaces.select_related("submission")}
    for membership in memberships:
        workspace = workspaces[membership.team_id]
        grade = grades_by_workspace.get(workspace.pk)
        submission = getattr(workspace, "submission", None)
        person = membership.user
        points = {}
        total = out_of = member = reason = ""
        if grade is not None:
            points = {s.criterion_id: s.points for s in grade.scores.all()}
            total, out_of = grade.total, grade.out_of
            member, reason = actions.member_total(grade, person)
        row = [
            membership.team.name,
            person.username,
            person.display_name,
            *[points.get(c.pk, "") for c in criteria],
            total,
            out_of,
            member,
            reason,
            pgettext("CSV cell", "yes") if submission and submission.is_late else "",
            grade.released_at.isoformat() if grade and grade.released_at else "",
        ]
        writer.writerow([safe_cell(cell) for cell in row])
    return response
