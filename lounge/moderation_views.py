"""Moderation where the conversation is: a channel's moderators act on a message from
its menu, and on the channel from its header. Each action calls the moderation verb the
admin's queue calls (which writes the audit log and updates open pages live). Anyone who
does not moderate the channel gets the same 404 as for a message or channel that does
not exist."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers

from core.views import run_verb

from . import actions, permissions
from .forms import ChannelModerationForm, MessageModerationForm
from .models import Channel, Message, Report

DEFAULT_MUTE_MINUTES = 60
DONE = {
    "hide": _("Hidden from everyone. Your reason is in the moderation log."),
    "approve": _("Approved: everyone in the channel sees it now."),
    "reject": _("Rejected: it stays hidden, and its author is told."),
    "mute": _("Muted in this channel. They can still read it."),
    "lock": _("Locked: only moderators can post until you unlock it."),
    "unlock": _("Unlocked: everyone can post again."),
    "slow_mode": _("Slow mode saved."),
}


def _moderated_message(user, pk):
    message = Message.objects.select_related("channel", "author__profile").filter(pk=pk).first()
    if message is None or not permissions.can_moderate_channel(user, message.channel):
        raise Http404("No such message.")
    return message


def _moderated_channel(user, slug):
    channel = Channel.objects.filter(slug=slug).first()
    if channel is None or not permissions.can_moderate_channel(user, channel):
        raise Http404("No such channel.")
    return channel


def offered_on_message(user, message):
    """What a moderator can do with this message now."""
    offered = []
    if message.pending and not message.is_hidden:
        offered += ["approve", "reject"]
    elif not message.is_hidden and not message.is_deleted:
        offered.append("hide")
    author = message.author
    if (
        author.pk != user.pk
        and author.is_active
        and not permissions.can_moderate_channel(author, message.channel)
    ):
        offered.append("mute")
    return offered


def _open_reports(**lookups):
    return Report.objects.open().filter(**lookups).order_by("created_at")


def _report_links(reports):
    return [(report, reverse("admin:lounge_report_change", args=[report.pk])) for report in reports]


@vary_on_headers("HX-Request")
def message_moderate(request, pk):
    """The message's moderation form: in its menu (htmx) or as a page of its own."""
    message = _moderated_message(request.user, pk)
    offered = offered_on_message(request.user, message)
    form = MessageModerationForm(request.POST or None, offered=offered)
    done = None
    if request.method == "POST" and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        if action == "mute":
            duration = form.cleaned_data["duration_minutes"] or DEFAULT_MUTE_MINUTES
            outcome = run_verb(
                request,
                actions.mute_in_channel,
                request.user,
                message.channel,
                message.author,
                duration,
                reason,
                form=form,
                field="reason",
            )
        else:
            verb = {
                "hide": actions.hide_message,
                "approve": actions.approve_message,
                "reject": actions.reject_message,
            }[action]
            outcome = run_verb(
                request, verb, request.user, message, reason, form=form, field="reason"
            )
        if outcome:
            done = DONE[action]
            if not request.htmx:
                return redirect(f"{message.channel.get_absolute_url()}#{message.dom_id}")
    reports = _open_reports(
        target_type__model="message", target_type__app_label="lounge", target_id=message.pk
    )
    context = {
        "message": message,
        "channel": message.channel,
        "form": form,
        "offered": offered,
        "done": done,
        "reports": _report_links(reports),
    }
    template = (
        "lounge/moderate_message.html#form" if request.htmx else "lounge/moderate_message.html"
    )
    return render(request, template, context, status=400 if form.errors else 200)


def channel_moderate(request, slug):
    """The channel's moderation page, from its header: lock, slow mode, its reports."""
    channel = _moderated_channel(request.user, slug)
    offered = ["unlock" if channel.is_locked else "lock", "slow_mode"]
    form = ChannelModerationForm(request.POST or None, offered=offered)
    if request.method == "POST" and form.is_valid():
        action, reason = form.cleaned_data["action"], form.cleaned_data["reason"]
        if action == "slow_mode":
            seconds = form.cleaned_data["seconds"]
            if seconds is None:
                form.add_error(
                    "seconds", gettext("Give the seconds between two messages (0 = off).")
                )
                outcome = None
            else:
                outcome = run_verb(
                    request,
                    actions.set_slow_mode,
                    request.user,
                    channel,
                    seconds,
                    reason,
                    form=form,
                    field="reason",
                    success=DONE[action],
                )
        else:
            verb = actions.lock_channel if action == "lock" else actions.unlock_channel
            outcome = run_verb(
                request,
                verb,
                request.user,
                channel,
                reason,
                form=form,
                field="reason",
                success=DONE[action],
            )
        if outcome:
            return redirect(channel)
    return render(
        request,
        "lounge/moderate_channel.html",
        {
            "channel": channel,
            "form": form,
            "reports": _report_links(_open_reports(channel=channel)),
            "queue_url": reverse("admin:lounge_report_changelist") + "?status__exact=open",
        },
        status=400 if form.errors else 200,
    )
