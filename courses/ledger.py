"""The contribution ledger of a workspace: who did what, counted per member.

Nobody writes it: it is read from what the team did (draft versions, tasks done, files
added, messages in the team chat), so it cannot drift from the work and nobody can
pad it by hand."""

from dataclasses import dataclass, field

from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from lounge.models import Message

from .models import Attachment, DraftVersion, Task

RECENT = 30


@dataclass
class MemberContribution:
    person: object
    versions: int = 0
    lines: int = 0
    tasks_done: int = 0
    files: int = 0
    messages: int = 0
    ratings: list = field(default_factory=list)  # for staff: TeammateRating rows about them

    @property
    def total(self):
        return self.versions + self.tasks_done + self.files + self.messages


@dataclass
class LedgerEntry:
    at: object
    person: object
    what: str


def contribution_ledger(workspace, members, chat):
    """[MemberContribution] for `members` (users, in the order to show), and the latest
    entries, newest first. `chat` is the workspace's lounge channel."""
    rows = {person.pk: MemberContribution(person) for person in members}
    people = {person.pk: person for person in members}
    for row in (
        DraftVersion.objects.filter(workspace=workspace, author__in=people)
        .values("author")
        .annotate(count=Count("pk"), lines=Sum("lines_added") + Sum("lines_removed"))
    ):
        rows[row["author"]].versions = row["count"]
        rows[row["author"]].lines = row["lines"] or 0
    for row in (
        Task.objects.filter(workspace=workspace, done_by__in=people)
        .values("done_by")
        .annotate(count=Count("pk"))
    ):
        rows[row["done_by"]].tasks_done = row["count"]
    for row in (
        Attachment.objects.filter(workspace=workspace, uploaded_by__in=people)
        .values("uploaded_by")
        .annotate(count=Count("pk"))
    ):
        rows[row["uploaded_by"]].files = row["count"]
    for row in (
        Message.objects.public()
        .filter(channel=chat, author__in=people, deleted_at=None)
        .values("author")
        .annotate(count=Count("pk"))
    ):
        rows[row["author"]].messages = row["count"]
    return list(rows.values()), recent_entries(workspace, people)


def recent_entries(workspace, people):
    entries = []
    for version in DraftVersion.objects.filter(workspace=workspace, author__in=people).order_by(
        "-number"
    )[:RECENT]:
        # Translators: shown after a person's name, e.g. "Ana saved version 3 of the draft".
        what = _("saved version %(number)s of the draft") % {"number": version.number}
        if version.restored_from:
            what = _("restored version %(restored)s (as version %(number)s)") % {
                "restored": version.restored_from,
                "number": version.number,
            }
        entries.append(LedgerEntry(version.created_at, people[version.author_id], what))
    for task in Task.objects.filter(workspace=workspace, done_by__in=people).order_by("-done_at")[
        :RECENT
    ]:
        entries.append(
            LedgerEntry(
                task.done_at, people[task.done_by_id], _("did “%(task)s”") % {"task": task.title}
            )
        )
    for attachment in Attachment.objects.filter(
        workspace=workspace, uploaded_by__in=people
    ).order_by("-uploaded_at")[:RECENT]:
        entries.append(
            LedgerEntry(
                attachment.uploaded_at,
                people[attachment.uploaded_by_id],
                _("added the file “%(name)s”") % {"name": attachment.name},
            )
        )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries[:RECENT]
