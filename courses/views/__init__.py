"""Course pages, and the teamwork pages by topic: groupings, assignments and team
workspaces, peer reviews."""

from . import assignments, groupings, reviews
from .courses import (
    create,
    detail,
    index,
    invite_link,
    join,
    regenerate_code,
    remove_person,
    set_role,
)

__all__ = [
    "assignments",
    "create",
    "detail",
    "groupings",
    "index",
    "invite_link",
    "join",
    "regenerate_code",
    "remove_person",
    "reviews",
    "set_role",
]
