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
