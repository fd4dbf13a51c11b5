"""What a team keeps in its workspace besides the draft: files and a task checklist.
Files of an assignment's brief are kept alike, with no workspace."""

from django.conf import settings
from django.db import models
from django.urls import reverse

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 50
MAX_FILE_NAME_LENGTH = 120
MAX_TASK_LENGTH = 200
MAX_TASKS = 200


class Attachment(models.Model):
    """A file kept in private storage (never under a public URL) and served only by a
    view that checks who asks. On the brief when `workspace` is empty, else the team's."""

    assignment = models.ForeignKey(
        "courses.Assignment", on_delete=models.CASCADE, related_name="attachments"
    )
    workspace = models.ForeignKey(
        "courses.Workspace",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    # The storage key: a random name chosen by us, never the uploader's.
    key = models.CharField(max_length=200, unique=True)
    name = models.CharField(max_length=MAX_FILE_NAME_LENGTH)
    # Decided from the file's content, not from what the browser said.
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assignment", "workspace", "-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(size__lte=MAX_ATTACHMENT_BYTES), name="attachment_size"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("courses:attachment", args=[self.pk])


class Task(models.Model):
    """One item of a team's checklist: anyone in the team adds it, one member claims
    it, and someone marks it done."""

    workspace = models.ForeignKey(
        "courses.Workspace", on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(max_length=MAX_TASK_LENGTH)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["workspace", "created_at", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_done(self):
        return self.done_at is not None
