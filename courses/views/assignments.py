"""Assignment pages: a course's list, creating one, an assignment's page (the student's
team and reviews to write; the staff's overview of every team), and a team's workspace
with its draft, the draft's history and differences, and the submission."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.markup import render_message

from .. import actions, permissions
from ..diffs import diff_lines
from ..files import ALLOWED_DESCRIPTION
from ..forms import AssignmentForm, AttachmentForm, DraftForm, ExtensionForm, SubmitForm, TaskForm
from ..ledger import contribution_ledger
from ..models import Grade, Grouping, Review, Submission, Workspace
from ..models.workspaces import MAX_ATTACHMENT_BYTES
from ..review_grades import grades_for


def index(request, pk):
    course = permissions.get_course_for_member(request.user, pk)
    assignments = list(course.assignments.order_by("due_at", "pk"))
    mine = {
        w.assignment_id: w
        for w in Workspace.objects.filter(
            assignment__course=course, team__memberships__user=request.user
        ).select_related("submission", "assignment")
    }
    for assignment in assignments:
        assignment.my_workspace = mine.get(assignment.pk)
    return render(
        request,
        "courses/assignments.html",
        {
            "course": course,
            "assignments": assignments,
            "can_manage": permissions.can_manage_course(request.user, course),
            "now": timezone.now(),
            "open_choices": course.groupings.filter(
                method=Grouping.Method.CHOICE, choosing_open=True
            ),
        },
    )


def new(request, pk):
    course = permissions.get_course_to_teach(request.user, pk)
    if not permissions.can_manage_course(request.user, course):
        raise Http404("No such course.")
    zone = request.user.profile.time_zone
    form = AssignmentForm(request.POST or None, course=course, time_zone=zone)
    if request.method == "POST" and form.is_valid():
        made = run_verb(
            request,
            actions.create_assignment,
            request.user,
            course,
            **form.details(),
            form=form,
            success=_("The assignment is set; each team has its workspace and chat."),
        )
        if made:
            return redirect(made.value)
    return render(
        request,
        "courses/assignment_form.html",
        {"course": course, "form": form, "zone_name": zone},
        status=400 if request.method == "POST" else 200,
    )


def detail(request, pk):
    assignment = permissions.get_assignment_for(request.user, pk)
    course = assignment.course
    teaching = permissions.can_teach(request.user, course)
    review_round = getattr(assignment, "review_round", None)
    context = {
        "assignment": assignment,
        "course": course,
        "brief": render_message(assignment.brief).html,
        "teaching": teaching,
        "can_manage": permissions.can_manage_course(request.user, course),
        "workspace": permissions.workspace_of(request.user, assignment),
        "review_round": review_round,
        "now": timezone.now(),
        "brief_files": assignment.attachments.filter(workspace=None),
        "file_form": AttachmentForm(),
        "to_review": list(
            Review.objects.filter(
                round__assignment=assignment, reviewer=request.user, is_self=False
            ).order_by("anon_order")
        ),
        "self_review": Review.objects.filter(
            round__assignment=assignment, reviewer=request.user, is_self=True
        ).first(),
    }
    ratings = [r.helpful for r in context["to_review"] if r.helpful]
    context["helpful_average"] = sum(ratings) / len(ratings) if ratings else None
    context["my_review_grade"] = None
    if review_round is not None and review_round.graded and not review_round.is_open:
        mine = grades_for(review_round).get(request.user.pk)
        context["my_review_grade"] = mine.points if mine else None
    if teaching:
        context["overview"] = (
            assignment.workspaces.select_related("team", "submission", "grade")
            .prefetch_related("team__members__profile")
            .annotate(saves=Count("versions"))
        )
        if review_round is not None:
            context["review_progress"] = review_round.reviews.filter(is_self=False).aggregate(
                owed=Count("pk"),
                done=Count("pk", filter=Q(submitted_at__isnull=False)),
                flagged=Count("pk", filter=Q(flagged_at__isnull=False)),
            )
    return render(request, "courses/assignment.html", context)


def workspace_page(
    request,
    workspace,
    *,
    draft_form=None,
    file_form=None,
    task_form=None,
    task_error=None,
    extension_form=None,
    status=200,
    fragment=None,
):
    """The workspace page, or one of its fragments (FRAGMENTS) for an htmx reply."""
    submission = Submission.objects.filter(workspace=workspace).first()
    editable = permissions.can_edit_workspace(request.user, workspace) and submission is None
    tasks = workspace.tasks.select_related("claimed_by__profile", "done_by__profile")
    context = {
        "workspace": workspace,
        "assignment": workspace.assignment,
        "editable": editable,
        "tasks": tasks,
        "task_form": task_form or TaskForm(),
        "task_error": task_error,
    }
    members = list(workspace.team.members.select_related("profile").order_by("username"))
    chat = actions.workspace_channel(workspace)
    teaching = permissions.can_teach(request.user, workspace.assignment.course)
    contributions, entries = contribution_ledger(workspace, members, chat)
    if teaching:
        ratings = workspace.teammate_ratings.select_related("rater__profile")
        by_ratee = {row.person.pk: row for row in contributions}
        for rating in ratings:
            if rating.ratee_id in by_ratee:
                by_ratee[rating.ratee_id].ratings.append(rating)
    grade = (
        Grade.objects.filter(workspace=workspace)
        .prefetch_related("scores__criterion", "adjustments")
        .first()
    )
    member = permissions.is_team_member(request.user, workspace)
    context.update(
        {
            "members": members,
            "chat": chat,
            "submission": submission,
            "draft_form": draft_form
            or DraftForm(initial={"body": workspace.draft, "base_version": workspace.version}),
            "draft_html": render_message(workspace.draft).html,
            "versions": workspace.versions.select_related("author__profile")[:5],
            "can_submit": editable and timezone.now() <= workspace.closes_at,
            "now": timezone.now(),
            "has_feedback": Review.objects.filter(
                submission__workspace=workspace, submitted_at__isnull=False, is_self=False
            ).exists(),
            "files": workspace.attachments.select_related("uploaded_by__profile"),
            "file_form": file_form or AttachmentForm(),
            "allowed_files": ALLOWED_DESCRIPTION,
            "max_file_mb": MAX_ATTACHMENT_BYTES // (1024 * 1024),
            "contributions": contributions,
            "entries": entries,
            "teaching": teaching,
            "can_rate": permissions.can_edit_workspace(request.user, workspace),
            "grade": grade if grade and (teaching or grade.is_released) else None,
            "can_manage": permissions.can_manage_course(request.user, workspace.assignment.course),
            "extension_form": extension_form
            or ExtensionForm(time_zone=request.user.profile.time_zone),
        }
    )
    if context["grade"] is not None and member and not teaching:
        total, reason = actions.member_total(grade, request.user)
        context["my_total"], context["my_reason"] = total, reason
        context["grade_feedback"] = render_message(grade.feedback).html
    template = "courses/workspace.html" + (f"#{fragment}" if fragment else "")
    return render(request, template, context, status=status)


# What a page refetches when its socket says a teammate changed something: the lists,
# never the forms, so nobody's half-typed task or chosen file is lost.
FRAGMENTS = {"tasks", "task_list", "file_list", "ledger"}


def workspace(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    part = request.GET.get("part")
    if request.htmx and part in FRAGMENTS:
        return workspace_page(request, workspace, fragment=part)
    return workspace_page(request, workspace)


@require_POST
def save_draft(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    form = DraftForm(request.POST)
    if form.is_valid():
        saved = run_verb(
            request,
            actions.save_draft,
            request.user,
            workspace,
            body=form.cleaned_data["body"],
            base_version=form.cleaned_data["base_version"],
            form=form,
            field="body",
            success=_("Draft saved."),
        )
        if saved:
            return redirect(workspace)
    workspace.refresh_from_db()
    return workspace_page(request, workspace, draft_form=form, status=400)


@require_POST
def submit(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    form = SubmitForm(request.POST)
    version = form.cleaned_data["version"] if form.is_valid() else -1
    run_verb(
        request,
        actions.submit_work,
        request.user,
        workspace,
        version=version,
        success=lambda s: _("Submitted, marked late.") if s.is_late else _("Submitted. Well done!"),
    )
    return redirect(workspace)


def history(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    return render(
        request,
        "courses/history.html",
        {
            "workspace": workspace,
            "assignment": workspace.assignment,
            "versions": workspace.versions.select_related("author__profile"),
        },
    )


def version(request, pk, number):
    workspace = permissions.get_workspace_for(request.user, pk)
    shown = workspace.versions.select_related("author__profile").filter(number=number).first()
    if shown is None:
        raise Http404("No such version.")
    against_number = _int(request.GET.get("against"), default=number - 1)
    against = workspace.versions.filter(number=against_number).first()
    return render(
        request,
        "courses/version.html",
        {
            "workspace": workspace,
            "assignment": workspace.assignment,
            "shown": shown,
            "against": against,
            "diff": diff_lines(against.body if against else "", shown.body),
            "others": workspace.versions.exclude(number=number).values_list("number", flat=True),
            "can_restore": permissions.can_edit_workspace(request.user, workspace)
            and number != workspace.version
            and not Submission.objects.filter(workspace=workspace).exists(),
        },
    )


def _int(value, default):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 <= number < 2**31 else default


@require_POST
def restore(request, pk, number):
    workspace = permissions.get_workspace_for(request.user, pk)
    run_verb(
        request,
        actions.restore_version,
        request.user,
        workspace,
        number,
        success=lambda v: (
            _("Version %(restored_from)s is the draft again (as version %(number)s).")
            % {"restored_from": v.restored_from, "number": v.number}
        ),
    )
    return redirect(workspace)


def course_section(request, course):
    """The course page's card of team assignments, for everyone in the course."""
    return (
        "courses/_assignments_section.html",
        {
            "course": course,
            "assignments": list(course.assignments.order_by("due_at", "pk")[:5]),
            "open_choices": list(
                course.groupings.filter(method=Grouping.Method.CHOICE, choosing_open=True)
            ),
            # The course page read the viewer's enrolment with the course.
            "teaching": permissions.can_teach(
                request.user, course, getattr(course, "viewer_enrolment", None)
            ),
        },
    )


@require_POST
def extend(request, pk):
    """The instructor gives one team a later due time (in the instructor's zone), or
    takes it back."""
    workspace = permissions.get_workspace_for(request.user, pk)
    if not permissions.can_manage_course(request.user, workspace.assignment.course):
        raise Http404("No such workspace.")
    if request.POST.get("clear"):
        run_verb(
            request,
            actions.extend_deadline,
            request.user,
            workspace,
            due_at=None,
            success=_("The team is due with everyone again."),
        )
        return redirect(workspace)
    form = ExtensionForm(request.POST, time_zone=request.user.profile.time_zone)
    if form.is_valid() and run_verb(
        request,
        actions.extend_deadline,
        request.user,
        workspace,
        due_at=form.cleaned_data["due_at"],
        reason=form.cleaned_data["reason"],
        form=form,
        field="due_date",
        success=_("The team's deadline is extended; its members are told."),
    ):
        return redirect(workspace)
    return workspace_page(request, workspace, extension_form=form, status=400)
