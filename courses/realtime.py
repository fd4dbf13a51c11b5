"""What the courses verbs announce live. A workspace's checklist, files and ledger
change for the member who acts at once (htmx); teammates and staff with the workspace
open hear `workspace.changed` on their page's socket and fetch the fragment again, so
the frame names only the workspace and the part, never its content."""

from core.realtime import broadcast_on_commit, user_group

from .models import Enrolment

PARTS = ("tasks", "files")


def workspace_changed(workspace, part):
    """Tell the team's members and the course's staff that `part` of `workspace`
    changed, once the transaction commits."""
    people = set(workspace.team.memberships.values_list("user_id", flat=True))
    people |= set(
        Enrolment.objects.staff()
        .filter(course_id=workspace.assignment.course_id)
        .values_list("user_id", flat=True)
    )
    event = {"type": "workspace.changed", "workspace": workspace.pk, "part": part}
    broadcast_on_commit(*((user_group(person), event) for person in sorted(people)))
