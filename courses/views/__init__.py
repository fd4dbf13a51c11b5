"""Course pages, and the teamwork pages by topic: groupings, assignments and team
workspaces, peer reviews."""

from . import assignments, groupings, reviews
from .courses import (
    create,
    detail,
    edit,
    index,
    invite_link,
    join,
    leave,
    regenerate_code,
    remove_person,
    set_role,
)

__all__ = [
    "assignments",
    "create",
    "detail",
    "edit",
    "groupings",
    "index",
    "invite_link",
    "join",
    "leave",
    "regenerate_code",
    "remove_person",
    "reviews",
    "set_role",
]
