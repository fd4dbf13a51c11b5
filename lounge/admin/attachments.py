"""Files and pictures in the admin: read-only, scoped to the channels a person
moderates; hiding a file's message (the lounge verb) hides the file with it."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin_actions import reasoned_action

from .. import actions
from ..attachments import file_path_part
from ..models import Attachment
from .base import ModeratedAdmin


@admin.register(Attachment)
class AttachmentAdmin(ModeratedAdmin):
    channel_lookup = "message__channel"
    list_display = ["name", "kind", "size", "message", "created_at", "open_link"]
    list_filter = ["kind", "message__channel__kind"]
    search_fields = ["name", "message__author__username", "message__channel__name"]
    list_select_related = ["message__channel", "message__author"]
    date_hierarchy = "created_at"
    actions = ["hide_messages"]

    def channel_of(self, obj):
        return obj.message.channel

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in Attachment._meta.fields] + ["open_link"]

    @admin.display(description=_("file"))
    def open_link(self, attachment):
        # Served by the permission-checked view, which shows a hidden message's files
        # to the channel's moderators.
        url = reverse("lounge:attachment", args=[attachment.pk, file_path_part(attachment.name)])
        return format_html('<a href="{}">Open</a>', url)

    @reasoned_action(_("Hide the messages of the selected files (kept for the record)"))
    def hide_messages(self, request, queryset, data):
        messages = {a.message for a in queryset.select_related("message__channel")}

        def run(message):
            actions.hide_message(request.user, message, data["reason"])
            actions.resolve_reports_about(
                request.user, message, outcome="actioned", reason=data["reason"]
            )

        count = self._run(request, messages, run)
        return ngettext(
            "Hid %(count)s message and its files.",
            "Hid %(count)s messages and their files.",
            count,
        ) % {"count": count}
