"""A workspace's files and task checklist, the brief's files, downloads, and teammates'
ratings of each other. Task changes answer htmx with the checklist fragment and plain
posts with a redirect, so the checklist works without JavaScript."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.uploads import FORM_OVERHEAD_BYTES, refuse_bodies_over
from core.views import run_verb

from .. import actions, permissions
from ..files import private_storage
from ..forms import AttachmentForm, TaskForm, TeammateRatingForm
from ..models.workspaces import MAX_ATTACHMENT_BYTES
from .assignments import workspace_page

# One file and a few form fields: a larger body is refused before it is read.
refuse_large_uploads = refuse_bodies_over(
    MAX_ATTACHMENT_BYTES + FORM_OVERHEAD_BYTES,
    lambda: (
        _("This upload is too large: files can be at most %(size)s MB.")
        % {"size": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
    ),
)


@require_POST
@refuse_large_uploads
def add_file(request, pk):
    """The size and kind are checked by the verb, on the bytes received; a body far
    larger than one file is refused unread (core.uploads)."""
    workspace = permissions.get_workspace_for(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    upload = form.cleaned_data.get("file") if form.is_valid() else None
    added = run_verb(
        request,
        actions.add_workspace_file,
        request.user,
        workspace,
        upload,
        form=form,
        field="file",
        success=lambda a: _("Added “%(name)s”.") % {"name": a.name},
    )
    if added:
        return redirect(f"{workspace.get_absolute_url()}#files")
    return workspace_page(request, workspace, file_form=form, status=400)


@require_POST
@refuse_large_uploads
def add_brief_file(request, pk):
    assignment = permissions.get_assignment_for(request.user, pk)
    if not permissions.can_manage_course(request.user, assignment.course):
        raise Http404("No such assignment.")
    form = AttachmentForm(request.POST, request.FILES)
    run_verb(
        request,
        actions.add_brief_file,
        request.user,
        assignment,
        form.cleaned_data.get("file") if form.is_valid() else None,
        success=lambda a: _("Added “%(name)s” to the brief.") % {"name": a.name},
    )
    return redirect(assignment)


def download(request, pk):
    attachment = permissions.get_attachment_for(request.user, pk)
    try:
        # At most MAX_ATTACHMENT_BYTES: read whole, which an ASGI server sends without
        # tying a thread to a file iterator.
        with private_storage.open(attachment.key, "rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        raise Http404("No such file.") from None
    response = HttpResponse(data, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def remove_file(request, pk):
    attachment = permissions.get_attachment_for(request.user, pk)
    back = attachment.workspace or attachment.assignment
    run_verb(
        request,
        actions.remove_file,
        request.user,
        attachment,
        success=_("Removed “%(name)s”.") % {"name": attachment.name},
    )
    return redirect(back)


def _tasks_reply(request, workspace, form=None, status=200, error=None):
    """The checklist after a change. htmx swaps only successful replies, so a refusal
    comes back to it as the checklist with the reason in it (200); a plain post is sent
    back to the page, or gets the page with its form's errors (400)."""
    if request.htmx:
        return workspace_page(
            request, workspace, task_form=form, task_error=error, fragment="tasks"
        )
    if form is not None and form.errors:
        return workspace_page(request, workspace, task_form=form, status=status)
    if error is not None:
        messages.error(request, error)
    return redirect(f"{workspace.get_absolute_url()}#tasks")


@require_POST
def add_task(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    form = TaskForm(request.POST)
    if form.is_valid() and run_verb(
        request,
        actions.add_task,
        request.user,
        workspace,
        form.cleaned_data["title"],
        form=form,
        field="title",
    ):
        return _tasks_reply(request, workspace)
    return _tasks_reply(request, workspace, form, status=400)


TASK_VERBS = {
    "claim": actions.claim_task,
    "unclaim": actions.unclaim_task,
    "complete": actions.complete_task,
}


@require_POST
def change_task(request, pk, task_pk, change):
    workspace = permissions.get_workspace_for(request.user, pk)
    task = permissions.get_task_for(request.user, workspace, task_pk)
    verb = TASK_VERBS.get(change)
    if verb is None:
        raise Http404("No such change.")
    try:
        verb(request.user, task)
    except actions.CourseError as error:
        return _tasks_reply(request, workspace, error=str(error))
    return _tasks_reply(request, workspace)


def rate_teammates(request, pk):
    workspace = permissions.get_workspace_for(request.user, pk)
    if not permissions.can_edit_workspace(request.user, workspace):
        raise Http404("No such workspace.")
    members = list(workspace.team.members.select_related("profile").order_by("username"))
    given = {r.ratee_id: r for r in workspace.teammate_ratings.filter(rater=request.user)}
    initial = {}
    for ratee_id, rating in given.items():
        initial[f"score_{ratee_id}"] = rating.score
        initial[f"note_{ratee_id}"] = rating.note
    form = TeammateRatingForm(
        request.POST or None, initial=initial, members=members, rater=request.user
    )
    if request.method == "POST" and form.is_valid():
        done = run_verb(
            request,
            actions.rate_teammates,
            request.user,
            workspace,
            form.ratings(),
            form=form,
            success=_("Thank you: your ratings are saved. Only your instructors read them."),
        )
        if done:
            return redirect(workspace)
    return render(
        request,
        "courses/rate_teammates.html",
        {"workspace": workspace, "assignment": workspace.assignment, "form": form},
        status=400 if request.method == "POST" else 200,
    )
