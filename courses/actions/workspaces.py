"""A workspace's files and task checklist, and the files of an assignment's brief.
Team members add files and tasks until the team submits; the course's instructors add
files to the brief."""

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, realtime
from ..errors import AlreadySubmitted, InvalidFile, InvalidTask, NotAllowed
from ..files import (
    ALLOWED_DESCRIPTION,
    clean_file_name,
    extension_of,
    new_key,
    private_storage,
    sniff,
)
from ..models import Attachment, Submission, Task, Workspace
from ..models.workspaces import (
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS,
    MAX_FILE_NAME_LENGTH,
    MAX_TASK_LENGTH,
    MAX_TASKS,
)

# Enough of a file to tell what it is; an Office file's layout is read from the whole
# archive, which the size limit keeps small.
SNIFF_BYTES = MAX_ATTACHMENT_BYTES


def _lock_workspace(workspace):
    return (
        Workspace.objects.select_for_update()
        .select_related("assignment__course", "team")
        .get(pk=workspace.pk)
    )


_WRITER_REFUSALS = {
    "files": gettext_lazy("Only the team's members can change its files."),
    "tasks": gettext_lazy("Only the team's members can change its tasks."),
}


def _require_team_writer(actor, workspace, what):
    if not permissions.can_edit_workspace(actor, workspace):
        raise NotAllowed(str(_WRITER_REFUSALS[what]))
    if Submission.objects.filter(workspace=workspace).exists():
        raise AlreadySubmitted()


def _checked_upload(upload):
    """(clean name, kind, bytes) of an uploaded file, or InvalidFile saying why not."""
    if upload is None:
        raise InvalidFile(_("Choose a file to add."))
    if upload.size is None or upload.size > MAX_ATTACHMENT_BYTES:
        raise InvalidFile(
            _("Files can be at most %(max_attachment_bytes)s MB.")
            % {"max_attachment_bytes": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    if upload.size == 0:
        raise InvalidFile(_("That file is empty."))
    name = clean_file_name(upload.name, MAX_FILE_NAME_LENGTH)
    if not name:
        raise InvalidFile(_("Give the file a name."))
    upload.seek(0)
    data = upload.read(SNIFF_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise InvalidFile(
            _("Files can be at most %(max_attachment_bytes)s MB.")
            % {"max_attachment_bytes": MAX_ATTACHMENT_BYTES // (1024 * 1024)}
        )
    kind = sniff(data)
    if kind is None:
        raise InvalidFile(
            _("That kind of file is not taken. Files can be: %(allowed_description)s.")
            % {"allowed_description": ALLOWED_DESCRIPTION}
        )
    if extension_of(name) not in kind.extensions:
        raise InvalidFile(
            _("The file is a %(kind)s but its name ends otherwise: name it “…%(extension)s”.")
            % {"kind": kind.label, "extension": kind.extensions[0]}
        )
    return name, kind, data


def _store(actor, assignment, workspace, upload, prefix):
    name, kind, data = _checked_upload(upload)
    key = private_storage.save(new_key(prefix), ContentFile(data))
    try:
        with transaction.atomic():
            return Attachment.objects.create(
                assignment=assignment,
                workspace=workspace,
                key=key,
                name=name,
                content_type=kind.content_type,
                size=len(data),
                uploaded_by=actor,
            )
    except BaseException:
        # Nothing half-written: a row that could not be saved leaves no file behind.
        private_storage.delete(key)
        raise


@transaction.atomic
def add_workspace_file(actor, workspace, upload):
    """Keep `upload` (an UploadedFile) in the team's workspace."""
    workspace = _lock_workspace(workspace)
    _require_team_writer(actor, workspace, "files")
    if workspace.attachments.count() >= MAX_ATTACHMENTS:
        raise InvalidFile(
            _("A workspace holds at most %(max_attachments)s files.")
            % {"max_attachments": MAX_ATTACHMENTS}
        )
    attachment = _store(actor, workspace.assignment, workspace, upload, "workspaces")
    realtime.workspace_changed(workspace, "files")
    return attachment


@transaction.atomic
def add_brief_file(actor, assignment, upload):
    """Keep `upload` with the assignment's brief, for everyone in the course."""
    if not permissions.can_manage_course(actor, assignment.course):
        raise NotAllowed(_("Only the course's instructors can add files to the brief."))
    if assignment.attachments.filter(workspace=None).count() >= MAX_ATTACHMENTS:
        raise InvalidFile(
            _("A brief holds at most %(max_attachments)s files.")
            % {"max_attachments": MAX_ATTACHMENTS}
        )
    return _store(actor, assignment, None, upload, "briefs")


@transaction.atomic
def remove_file(actor, attachment):
    """Take a file away: its uploader or an instructor, while the workspace is open.
    The stored bytes go once the removal is committed (courses.files.delete_stored_file)."""
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    course = attachment.assignment.course
    if attachment.workspace_id is None:
        allowed = permissions.can_manage_course(actor, course)
    else:
        _require_team_writer(actor, attachment.workspace, "files")
        allowed = attachment.uploaded_by_id == actor.pk or permissions.can_manage_course(
            actor, course
        )
    if not allowed:
        raise NotAllowed(_("Only whoever added a file can remove it."))
    attachment.delete()
    if attachment.workspace_id is not None:
        realtime.workspace_changed(attachment.workspace, "files")


def _clean_title(title):
    title = " ".join((title or "").replace("\x00", "").split())
    if not title:
        raise InvalidTask(_("Say what the task is."))
    if len(title) > MAX_TASK_LENGTH:
        raise InvalidTask(_("Keep a task under %(limit)s characters.") % {"limit": MAX_TASK_LENGTH})
    return title


@transaction.atomic
def add_task(actor, workspace, title):
    workspace = _lock_workspace(workspace)
    _require_team_writer(actor, workspace, "tasks")
    title = _clean_title(title)
    if workspace.tasks.count() >= MAX_TASKS:
        raise InvalidTask(
            _("A checklist holds at most %(max_tasks)s tasks.") % {"max_tasks": MAX_TASKS}
        )
    task = Task.objects.create(workspace=workspace, title=title, created_by=actor)
    realtime.workspace_changed(workspace, "tasks")
    return task


def _task_for_change(actor, task):
    locked = (
        Task.objects.select_for_update()
        .select_related("workspace__assignment__course", "workspace__team")
        .get(pk=task.pk)
    )
    _require_team_writer(actor, locked.workspace, "tasks")
    realtime.workspace_changed(locked.workspace, "tasks")
    return locked


@transaction.atomic
def claim_task(actor, task):
    """Take on a task nobody has claimed (or one already yours)."""
    task = _task_for_change(actor, task)
    if task.is_done:
        raise InvalidTask(_("That task is already done."))
    if task.claimed_by_id not in (None, actor.pk):
        raise InvalidTask(_("A teammate has claimed that task; ask them first."))
    task.claimed_by = actor
    task.save(update_fields=["claimed_by"])
    return task


@transaction.atomic
def unclaim_task(actor, task):
    """Give back a task you claimed, for someone else to take."""
    task = _task_for_change(actor, task)
    if task.claimed_by_id != actor.pk:
        raise InvalidTask(_("Only whoever claimed a task can give it back."))
    if task.is_done:
        raise InvalidTask(_("That task is already done."))
    task.claimed_by = None
    task.save(update_fields=["claimed_by"])
    return task


@transaction.atomic
def complete_task(actor, task, *, now=None):
    """Mark a task done. An unclaimed task becomes the finisher's; a teammate's claimed
    task is theirs to finish."""
    task = _task_for_change(actor, task)
    if task.is_done:
        return task
    if task.claimed_by_id not in (None, actor.pk):
        raise InvalidTask(_("A teammate has claimed that task: they mark it done."))
    task.claimed_by = actor
    task.done_by = actor
    task.done_at = now or timezone.now()
    task.save(update_fields=["claimed_by", "done_by", "done_at"])
    return task
