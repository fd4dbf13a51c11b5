"""Whiteboards in Django admin: read-only records. Boards change only through the verbs
(drawing on the room page); a board's history is its operations, in order."""

from django.contrib import admin

from accounts.admin_actions import ReadOnlyAdmin, ReadOnlyInline

from .models import Board, DrawingRevoked, Operation


class DrawingRevokedInline(ReadOnlyInline):
    model = DrawingRevoked
    fields = ["user", "revoked_by", "created_at"]
    readonly_fields = fields


@admin.register(Board)
class BoardAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "group", "last_seq", "snapshot_seq", "read_only", "created_at"]
    list_filter = ["read_only"]
    search_fields = ["group__name"]
    list_select_related = ["group"]
    fields = ["group", "last_seq", "snapshot_seq", "read_only", "created_at"]
    inlines = [DrawingRevokedInline]


@admin.register(Operation)
class OperationAdmin(ReadOnlyAdmin):
    list_display = ["board", "seq", "kind", "origin", "author", "reverted", "created_at"]
    list_filter = ["kind", "origin"]
    search_fields = ["board__group__name", "author__username"]
    list_select_related = ["board__group", "author"]
    fields = ["board", "seq", "kind", "origin", "author", "reverts", "reverted", "data", "before"]


@admin.register(DrawingRevoked)
class DrawingRevokedAdmin(ReadOnlyAdmin):
    """Who may not draw on which board (a host stopped them), and who decided."""

    list_display = ["user", "board", "revoked_by", "created_at"]
    search_fields = ["user__username", "board__group__name"]
    list_select_related = ["user", "board__group", "revoked_by"]
