"""Lounge pages. Every page works as a plain form post and reload; htmx and the
websocket only make it live. Views parse, ask lounge.permissions, call a verb, render."""

import uuid

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import condition, require_POST
from django.views.decorators.vary import vary_on_headers

from accounts.blocks import block_ids
from accounts.permissions import get_person_for
from core.uploads import FORM_OVERHEAD_BYTES, refuse_bodies_over
from core.views import refusal_response, run_verb

from . import actions, attachments, group_mentions, permissions
from .actions.channels import MAX_DIRECT_MEMBERS
from .consumers import TYPING_EVERY_SECONDS, TYPING_SHOWN_SECONDS
from .forms import (
    ChannelForm,
    DirectMessageForm,
    EditMessageForm,
    FollowThreadForm,
    MessageForm,
    PreferencesForm,
    ReactionForm,
    ReportForm,
    SearchForm,
)
from .models import Attachment, Channel, ChatPreferences, Membership, Message, Report
from .people import people_to_message
from .presence import visible_states
from .rendering import message_payload, message_view, render_message
from .search import search_messages

PAGE_SIZE = 50
MAX_MEMBERS_SHOWN = 200


def index(request):
    channels = Channel.objects.social().active().with_member_counts().order_by("name")
    joined = set(Membership.objects.filter(user=request.user).values_list("channel_id", flat=True))
    return render(
        request,
        "lounge/index.html",
        {"channels": channels, "joined": joined, "form": ChannelForm()},
    )


@require_POST
def channel_create(request):
    form = ChannelForm(request.POST)
    if form.is_valid():
        created = run_verb(
            request,
            actions.create_channel,
            request.user,
            kind=Channel.Kind.SOCIAL,
            **form.cleaned_data,
            form=form,
        )
        if created:
            return redirect(created.value)
    channels = Channel.objects.social().active().with_member_counts()
    return render(request, "lounge/index.html", {"channels": channels, "form": form}, status=400)


def _history(channel, user, before=None):
    """One page of messages (oldest first) ending before `before`, and whether older exist.
    Hidden messages are empty rows; pending ones show to their author and moderators."""
    page = channel.messages.for_display().filter(
        Q(thread_root__isnull=True) | Q(also_in_channel=True)
    )
    if before:
        page = page.filter(seq__lt=before)
    rows = list(page.order_by("-seq")[: PAGE_SIZE + 1])
    has_older = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE][::-1]
    moderates = any(m.pending for m in rows) and permissions.can_moderate_channel(user, channel)
    return [
        message_view(message_payload(m, reveal_pending=moderates or m.author_id == user.pk))
        for m in rows
    ], has_older


def _composer(channel, form=None, reply_to=None):
    return form or MessageForm(initial={"client_id": uuid.uuid4().hex, "reply_to": reply_to})


# A thread's message box has ids of its own: the channel's box is on the same page.
THREAD_FIELD_IDS = "thread_%s"


def _thread_composer(root, form=None):
    return form or MessageForm(
        initial={"client_id": uuid.uuid4().hex, "thread_root": root.pk}, auto_id=THREAD_FIELD_IDS
    )


def _int_param(request, name):
    try:
        return max(int(request.GET[name]), 0) or None
    except (KeyError, ValueError):
        return None


# The page or, for htmx, a fragment of it at the same URL: caches must keep both apart.
@vary_on_headers("HX-Request")
def channel(request, slug):
    channel, membership = permissions.get_channel_and_membership_for(request.user, slug)
    if request.htmx and "before" in request.GET:
        return channel_history(request, channel)
    return _channel_page(request, channel, membership)


def _channel_page(request, channel, membership, form=None, status=200):
    """The channel page; `membership` is the viewer's (None when not a member)."""
    # Taken before reading the history: a reconnecting page asks for changes since then.
    synced_at = timezone.now().isoformat()
    before = _int_param(request, "before")
    rows, has_older = _history(channel, request.user, before)
    first_unread = None
    if membership and membership.last_read_seq < channel.last_seq and not before:
        first_unread = next(
            (
                m
                for m in rows
                if m["seq"] > membership.last_read_seq
                and not m["stub"]
                and m["author_id"] != request.user.pk
            ),
            None,
        )
        actions.mark_read(request.user, channel, channel.last_seq)
    members = list(
        get_user_model()
        .objects.filter(lounge_memberships__channel=channel, is_active=True)
        .select_related("profile")
        .order_by("username")[:MAX_MEMBERS_SHOWN]
    )
    blocked, blocked_between = block_ids(request.user)
    states = visible_states(members, request.user, blocked_between=blocked_between)
    refusal = permissions.posting_refusal(request.user, channel) if membership else None
    moderates = permissions.can_moderate_channel(request.user, channel, membership=membership)
    # A conversation is called by the others in it, not by oneself too.
    title = channel.label
    if channel.kind == Channel.Kind.DIRECT:
        title = ", ".join(m.display_name for m in members if m.pk != request.user.pk) or title
    return render(
        request,
        "lounge/channel.html",
        {
            "channel": channel,
            "title": title,
            "membership": membership,
            "rows": rows,
            "has_older": has_older,
            "first_unread": first_unread,
            "can_post": membership is not None and refusal is None,
            "refusal": refusal and refusal[1],
            "can_join": membership is None and permissions.can_join_channel(request.user, channel),
            "can_leave": permissions.can_leave_channel(
                request.user, channel, membership=membership
            ),
            "can_archive": permissions.can_archive_channel(
                request.user, channel, membership=membership
            ),
            "can_unarchive": permissions.can_unarchive_channel(
                request.user, channel, membership=membership
            ),
            "archive_needs_reason": permissions.archives_as_moderator(
                request.user, channel, membership=membership
            ),
            "moderates": moderates,
            "open_reports": moderates and channel.reports.open().count(),
            "synced_at": synced_at,
            "typing_every_ms": TYPING_EVERY_SECONDS * 1000,
            "typing_shown_ms": TYPING_SHOWN_SECONDS * 1000,
            "blocked_ids": sorted(blocked),
            "form": _composer(channel, form, _int_param(request, "reply")),
            "members": [(m, states.get(m.pk, "offline")) for m in members],
        },
        status=status,
    )


def channel_history(request, channel):
    try:
        before = int(request.GET["before"])
    except (KeyError, ValueError):
        raise Http404("No such page.") from None
    rows, has_older = _history(channel, request.user, before)
    return render(
        request,
        "lounge/channel.html#history",
        {"channel": channel, "rows": rows, "has_older": has_older},
    )


def _largest_post_bytes():
    """As many files of the largest size as a message carries, with the text around them."""
    return attachments.max_upload_bytes() * attachments.max_files_per_message() + (
        FORM_OVERHEAD_BYTES
    )


def _too_large_message():
    size = attachments.size_text(attachments.max_upload_bytes())
    count = attachments.max_files_per_message()
    return ngettext(
        "This upload is too large: files can be at most %(size)s each, %(count)s to a message.",
        "This upload is too large: files can be at most %(size)s each, %(count)s to a message.",
        count,
    ) % {"size": size, "count": count}


@require_POST
@refuse_bodies_over(_largest_post_bytes, _too_large_message)
def message_post(request, slug):
    channel, membership = permissions.get_channel_and_membership_for(request.user, slug)
    in_thread = bool(request.POST.get("thread_root"))
    form = MessageForm(request.POST, auto_id=THREAD_FIELD_IDS if in_thread else "id_%s")
    root = None
    uploads = request.FILES.getlist("files")
    if uploads:
        form.fields["body"].required = False  # a picture may go without words
    prepared = None
    if form.is_valid():
        try:
            prepared = attachments.prepare_uploads(uploads)
        except actions.LoungeError as error:
            form.add_error(None, str(error))
    if prepared is not None:
        posted = run_verb(
            request,
            actions.post_message,
            request.user,
            channel,
            form.cleaned_data["body"],
            client_id=form.cleaned_data["client_id"],
            reply_to_id=form.cleaned_data["reply_to"],
            thread_root_id=form.cleaned_data["thread_root"],
            also_in_channel=form.cleaned_data["also_in_channel"],
            attachments=prepared,
            form=form,
            field="body",
        )
        if posted:
            message, _created = posted.value
            root = message.thread_root
            if request.htmx:
                return render(
                    request,
                    "lounge/channel.html#posted",
                    {
                        "channel": channel,
                        "root": root,
                        "form": _thread_composer(root) if root else _composer(channel),
                        "can_post": True,
                        "row": message_view(message_payload(message, reveal_pending=True)),
                        "id_prefix": "thread-" if root else "",
                    },
                )
            return redirect(message.get_absolute_url())
    if in_thread and form.cleaned_data.get("thread_root"):
        # The thread's page shows the error, if the thread is one the person may read.
        root = Message.objects.filter(pk=form.cleaned_data["thread_root"], channel=channel).first()
        if root is not None and not permissions.can_see_message(request.user, root):
            root = None
    if request.htmx:
        return render(
            request,
            "lounge/channel.html#composer",
            {"channel": channel, "form": form, "can_post": True, "root": root},
            status=422,
        )
    if root is not None:
        return _thread_page(request, root, form=form, status=400)
    return _channel_page(request, channel, membership, form=form, status=400)


THREAD_LIMIT = 300


@vary_on_headers("HX-Request")
def thread(request, pk):
    """A thread: its first message and its replies, with a box to reply. A page of its
    own (linked from the row's "4 replies", and where notifications lead), and the
    panel beside the channel that chat.js asks for with htmx's header."""
    message = permissions.get_message_for(request.user, pk)
    if message.thread_root_id is not None:
        return redirect(message.get_absolute_url())
    if message.is_deleted and not message.thread_reply_count:
        raise Http404("No such message.")
    return _thread_page(request, message)


def _thread_page(request, root, form=None, status=200):
    channel = root.channel
    user = request.user
    membership = Membership.objects.filter(channel=channel, user=user).first()
    moderates = permissions.can_moderate_channel(user, channel)
    newest = root.thread_replies.for_display().order_by("-seq")[:THREAD_LIMIT]
    replies = [
        message_view(message_payload(m, reveal_pending=moderates or m.author_id == user.pk))
        for m in reversed(newest)
    ]
    refusal = permissions.posting_refusal(user, channel) if membership else None
    if membership is not None:
        actions.thread_read(user, root)
    context = {
        "channel": channel,
        "root": root,
        "root_row": message_view(
            message_payload(Message.objects.for_display().get(pk=root.pk), reveal_pending=True)
        ),
        "replies": replies,
        "hidden_earlier": root.thread_reply_count > len(replies),
        "following": actions.is_following(user, root),
        "can_post": membership is not None and refusal is None and not root.is_deleted,
        "refusal": refusal and refusal[1],
        "form": _thread_composer(root, form),
        "id_prefix": "thread-",
        "synced_at": timezone.now().isoformat(),
        "typing_every_ms": TYPING_EVERY_SECONDS * 1000,
        "typing_shown_ms": TYPING_SHOWN_SECONDS * 1000,
        "blocked_ids": sorted(block_ids(user)[0]),
    }
    template = "lounge/thread.html#panel" if request.htmx else "lounge/thread.html"
    return render(request, template, context, status=status)


@require_POST
def thread_follow(request, pk):
    root = permissions.get_message_for(request.user, pk)
    form = FollowThreadForm(request.POST)
    if not form.is_valid():
        return refusal_response(
            request, actions.InvalidInput(_("Choose to follow or to stop.")), root.channel
        )
    following = form.cleaned_data["following"]
    try:
        actions.set_following(request.user, root, following)
    except actions.LoungeError as error:
        return refusal_response(request, error, root.channel)
    if request.htmx:
        return render(request, "lounge/thread.html#follow", {"root": root, "following": following})
    messages.success(
        request,
        _("You follow this thread: new replies notify you.")
        if following
        else _("You no longer follow this thread."),
    )
    return redirect(root.get_thread_url())


def message_history(request, pk):
    """Every version of a message, newest first, for whoever may read it."""
    message = permissions.get_message_for(request.user, pk)
    if message.is_deleted:
        raise Http404("No such message.")
    versions = [(message.body, message.edited_at or message.created_at)]
    earlier = list(message.edits.order_by("-edited_at"))
    for newer, older in zip(earlier, [*earlier[1:], None], strict=True):
        versions.append((newer.previous_body, older.edited_at if older else message.created_at))
    return render(
        request,
        "lounge/message_history.html",
        {"message": message, "channel": message.channel, "versions": versions},
    )


def message_actions(request, pk):
    """One message with everything the viewer may do with it: the channel page's actions
    menu as a page of its own, which is where a row's "React · reply" link leads
    without JavaScript."""
    message = permissions.get_message_for(request.user, pk)
    if message.is_deleted:
        raise Http404("No such message.")
    own = message.author_id == request.user.pk
    actions_allowed = {
        "react": permissions.can_react(request.user, message),
        "reply": permissions.can_post(request.user, message.channel),
        "thread": True,
        "edit": permissions.can_edit_message(request.user, message),
        "delete": permissions.can_delete_message(request.user, message),
        "report": not own and permissions.can_report(request.user),
        "moderate": permissions.can_moderate_channel(request.user, message.channel),
    }
    # Its reactions and the message it quotes, as the row on the channel page shows them.
    shown = Message.objects.for_display().get(pk=message.pk)
    return render(
        request,
        "lounge/message_actions.html",
        {
            "channel": message.channel,
            "m": message_view(message_payload(shown, reveal_pending=True)),
            "actions": actions_allowed if any(actions_allowed.values()) else None,
        },
    )


@vary_on_headers("HX-Request")
def message_edit(request, pk):
    message = permissions.get_message_for(request.user, pk)
    if not permissions.can_edit_message(request.user, message):
        messages.error(request, _("This message can no longer be edited."))
        return redirect(message.channel)
    form = EditMessageForm(request.POST or None, initial={"body": message.body})
    if request.method == "POST" and form.is_valid():
        edited = run_verb(
            request,
            actions.edit_message,
            request.user,
            message,
            form.cleaned_data["body"],
            form=form,
            field="body",
        )
        if edited:
            message = edited.value
            if request.htmx:
                return HttpResponse(render_message(message_payload(message, reveal_pending=True)))
            return redirect(f"{message.channel.get_absolute_url()}#{message.dom_id}")
    template = "lounge/message_edit.html#form" if request.htmx else "lounge/message_edit.html"
    return render(
        request, template, {"message": message, "form": form}, status=400 if form.errors else 200
    )


@require_POST
def message_delete(request, pk):
    message = permissions.get_message_for(request.user, pk)
    try:
        message = actions.delete_message(request.user, message)
    except actions.LoungeError as error:
        return refusal_response(request, error, message.channel)
    if request.htmx:
        return HttpResponse(render_message(message_payload(message)))
    return redirect(f"{message.channel.get_absolute_url()}#{message.dom_id}")


@require_POST
def message_react(request, pk):
    message = permissions.get_message_for(request.user, pk)
    form = ReactionForm(request.POST)
    try:
        if not form.is_valid():
            raise actions.InvalidInput(_("Reactions are a single emoji."))
        actions.toggle_reaction(request.user, message, form.cleaned_data["emoji"])
    except actions.LoungeError as error:
        return refusal_response(request, error, message.channel)
    message = Message.objects.for_display().get(pk=message.pk)
    if request.htmx:
        return HttpResponse(render_message(message_payload(message)))
    return redirect(f"{message.channel.get_absolute_url()}#{message.dom_id}")


MENTION_SUGGESTIONS = 8


def mention_suggestions(request, slug):
    """People of the channel whose handle or name starts with `q` (the text after "@"
    in the message box), and the group mentions that mean something here: the
    composer's autocomplete. JSON; the same 404 as a missing channel for others."""
    channel = permissions.get_channel_for(request.user, slug)
    query = request.GET.get("q", "").strip().lstrip("@")[:60].lower()
    people = (
        get_user_model()
        .objects.filter(lounge_memberships__channel=channel, is_active=True)
        .exclude(pk=request.user.pk)
        .select_related("profile")
    )
    if query:
        people = people.filter(
            Q(username__istartswith=query) | Q(profile__display_name__istartswith=query)
        )
    people = list(people.order_by("username")[:MENTION_SUGGESTIONS])
    blocked, _blocked_between = block_ids(request.user)
    suggestions = [
        {"handle": person.username, "label": person.display_name}
        for person in people
        if person.pk not in blocked
    ]
    groups = group_mentions.named_in(channel, group_mentions.reserved_names())
    suggestions += [
        {"handle": name, "label": group_mentions.describe(name)}
        for name in sorted(groups)
        if name.startswith(query)
    ]
    return JsonResponse({"suggestions": suggestions[:MENTION_SUGGESTIONS]})


@require_POST
def channel_join(request, slug):
    channel = permissions.get_channel_for(request.user, slug)
    run_verb(request, actions.join_channel, request.user, channel)
    return redirect(channel)


@require_POST
def channel_leave(request, slug):
    channel = permissions.get_channel_for(request.user, slug)
    if run_verb(
        request,
        actions.leave_channel,
        request.user,
        channel,
        success=_("You left %(channel)s.") % {"channel": channel.label},
    ):
        return redirect("lounge:index")
    return redirect(channel)


def channel_archive(request, slug):
    """Archiving asks first: the page says what it does to everyone in the channel; the
    POST archives."""
    channel = permissions.get_channel_for(request.user, slug)
    if not permissions.can_archive_channel(request.user, channel):
        if request.method == "POST":
            messages.error(request, _("Only the channel's moderators can archive it."))
        return redirect(channel)
    if request.method == "POST":
        run_verb(
            request,
            actions.archive_channel,
            request.user,
            channel,
            request.POST.get("reason", ""),
            success=_("%(channel)s is archived: it stays readable. You can bring it back.")
            % {"channel": channel.label},
        )
        return redirect(channel)
    return render(
        request,
        "lounge/archive_confirm.html",
        {
            "channel": channel,
            "member_count": channel.memberships.count(),
            "needs_reason": permissions.archives_as_moderator(request.user, channel),
        },
    )


@require_POST
def channel_unarchive(request, slug):
    channel = permissions.get_channel_for(request.user, slug)
    run_verb(
        request,
        actions.unarchive_channel,
        request.user,
        channel,
        request.POST.get("reason", ""),
        success=_("%(channel)s is back: people can post again.") % {"channel": channel.label},
    )
    return redirect(channel)


def direct(request):
    """Start a conversation: find people by name (those you share a course, group or team
    with first), tick them and open it; or type handles. The search is a GET, refreshed
    by htmx as you type, and keeps who was ticked."""
    form = DirectMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        opened = run_verb(
            request,
            actions.open_direct_channel,
            request.user,
            form.cleaned_data["everyone"],
            form=form,
            field="handles",
        )
        if opened:
            return redirect(opened.value)
    query = request.GET.get("q", "")
    chosen = _chosen_people(request)
    chosen_ids = {person.pk for person in chosen}
    found = [p for p in people_to_message(request.user, query) if p.pk not in chosen_ids]
    context = {"form": form, "query": query, "chosen": chosen, "found": found}
    if request.htmx and not request.htmx.history_restore_request:
        return render(request, "lounge/direct.html#people-found", context)
    context["conversations"] = Channel.objects.filter(
        kind=Channel.Kind.DIRECT, memberships__user=request.user
    ).order_by("-last_seq")
    return render(request, "lounge/direct.html", context, status=400 if form.errors else 200)


def _chosen_people(request):
    """The people ticked before this search (their ids in the query string), any
    that do not exist or may not be messaged left out."""
    ids = [int(value) for value in request.GET.getlist("people") if value.isdigit()]
    ids = [pk for pk in ids if pk < 2**63][:MAX_DIRECT_MEMBERS]
    _blocked, blocked_between = block_ids(request.user)
    return list(
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .exclude(pk=request.user.pk)
        .exclude(pk__in=blocked_between)
        .select_related("profile")
    )


def preferences(request):
    form = PreferencesForm(request.POST or None, instance=ChatPreferences.for_user(request.user))
    if request.method == "POST" and form.is_valid():
        actions.update_chat_preferences(request.user, **form.cleaned_data)
        messages.success(request, _("Chat settings saved."))
        return redirect(reverse("lounge:preferences"))
    return render(request, "lounge/preferences.html", {"form": form})


@require_POST
def channel_mute(request, slug):
    """The person's own mute of a channel (no badges, no mention alerts); a toggle."""
    channel = permissions.get_channel_for(request.user, slug)
    muted = request.POST.get("muted") == "1"
    run_verb(
        request,
        actions.set_channel_muted,
        request.user,
        channel,
        muted,
        success=(_("%(channel)s is muted for you.") if muted else _("%(channel)s is unmuted."))
        % {"channel": channel.label},
    )
    return redirect(channel)


# Reports -----------------------------------------------------------------------------


@vary_on_headers("HX-Request")
def report_target(request, target, *, title, back_url, channel=None, reported_user=None):
    """The report form for any object: GET shows it, POST files the report. Other apps
    call this from their own view after fetching `target` with their permission helper
    (e.g. groups: a study group, with its chat channel and owner)."""
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.file_report(
                request.user,
                target,
                form.cleaned_data["reason"],
                form.cleaned_data["note"],
                channel=channel,
                reported_user=reported_user,
            )
        except actions.NotFound:
            raise Http404("No such message.") from None
        except actions.LoungeError as error:
            form.add_error(None, str(error))
        else:
            if request.htmx:
                return render(request, "lounge/report.html#thanks", {"back_url": back_url})
            messages.success(request, _("Thank you. Moderators will look at your report."))
            return redirect(back_url)
    context = {"form": form, "title": title, "back_url": back_url, "action": request.path}
    template = "lounge/report.html#form" if request.htmx else "lounge/report.html"
    return render(request, template, context, status=400 if form.errors else 200)


def report_message(request, pk):
    message = permissions.get_message_for(request.user, pk)
    if message.is_deleted:
        raise Http404("No such message.")
    return report_target(
        request,
        message,
        title=_("Report a message by %(author)s") % {"author": message.author.display_name},
        back_url=f"{message.channel.get_absolute_url()}#{message.dom_id}",
    )


def report_person(request, handle):
    person = get_person_for(request.user, handle)
    return report_target(
        request,
        person,
        title=_("Report %(person)s") % {"person": person.display_name},
        back_url=person.profile.get_absolute_url(),
    )


def my_reports(request):
    reports = list(
        Report.objects.filter(reporter=request.user)
        .select_related("target_type")
        .order_by("-created_at")[:100]
    )
    messages_by_id = Message.objects.select_related("channel", "author__profile").in_bulk(
        [r.target_id for r in reports if r.target_type.model_class() is Message]
    )
    return render(
        request,
        "lounge/reports.html",
        {"reports": [_reported(request.user, r, messages_by_id) for r in reports]},
    )


def _reported(user, report, messages_by_id):
    """What the reporter is shown of what they reported: a message in words, with a
    link while they may still see it, and the report's own label for anything else."""
    message = (
        messages_by_id.get(report.target_id)
        if report.target_type.model_class() is Message
        else None
    )
    if message is None:
        return {"report": report, "what": report.target_label, "excerpt": "", "url": ""}
    visible = not message.is_deleted and permissions.can_see_message(user, message)
    return {
        "report": report,
        "what": _("A message by %(author)s in %(channel)s")
        % {"author": message.author.display_name, "channel": message.channel.label},
        "excerpt": message.body_html if visible else "",
        "url": message.get_absolute_url() if visible else "",
    }


def search(request):
    """Search the messages of the channels the viewer may read (lounge.search)."""
    readable = list(permissions.channels_readable_by(request.user).order_by("name"))
    form = SearchForm(request.GET or None, channels=readable)
    hits, more, data = [], False, {}
    if form.is_valid() and form.cleaned_data["q"].strip():
        data = form.cleaned_data
        channel = next((c for c in readable if c.slug == data["channel"]), None)
        author = None
        if data["person"]:
            try:
                author = get_person_for(request.user, data["person"].lstrip("@"))
            except Http404:
                form.add_error("person", _("Nobody here has that handle."))
        if not form.errors:
            hits, more = search_messages(
                request.user,
                data["q"],
                channel=channel,
                author=author,
                since=data["since"],
                until=data["until"],
                page=data["page"] or 1,
            )
    template = "lounge/search.html#results" if request.htmx else "lounge/search.html"
    return render(
        request,
        template,
        {"form": form, "hits": hits, "more": more, "page": data.get("page") or 1},
    )


# Files and pictures ------------------------------------------------------------------

# What a file's response may do if opened on its own: nothing (no script, no plugin, no
# form; sandboxed), whatever a browser would make of its bytes.
FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def _attachment_etag(request, pk, *args, **kwargs):
    # Stored files never change: the id is their version. Asked after the permission
    # check below has run (condition() calls it from inside the view's wrapper).
    return f'"file-{pk}"'


def attachment(request, pk, name=None, thumbnail=False):
    """A message's file (or a picture's thumbnail) for whoever may see the message; the
    same 404 for a missing one, another channel's, a hidden or deleted message's."""
    found = permissions.get_attachment_for(request.user, pk)
    return _checked_file(request, found.pk, found, thumbnail)


@condition(etag_func=_attachment_etag)
def _checked_file(request, pk, found, thumbnail):
    stored = found.thumbnail if thumbnail else found.file
    if not stored:
        raise Http404("No such file.")
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404("No such file.") from None
    if thumbnail:
        content_type = "image/png" if stored.name.endswith(".png") else "image/jpeg"
    else:
        content_type = found.content_type
    response = FileResponse(
        handle, as_attachment=not found.is_image, filename=found.name, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # Kept by the browser but asked again each time (a 304 when unchanged), so the
    # permission check runs on every view: removal from a channel takes effect at once.
    response["Cache-Control"] = "private, no-cache"
    return response


def channel_files(request, slug):
    """The channel's files and pictures, newest first: those of messages the viewer
    sees (not hidden, not pending unless theirs, not deleted)."""
    channel = permissions.get_channel_for(request.user, slug)
    shown = (
        Attachment.objects.filter(
            message__channel=channel,
            message__deleted_at__isnull=True,
            message__hidden_at__isnull=True,
        )
        .filter(Q(message__pending=False) | Q(message__author=request.user))
        .select_related("message__author__profile")
        .order_by("-message__seq", "position")[:200]
    )
    file_prefix = reverse("lounge:attachment", args=[0, "_"]).removesuffix("0/_")
    rows = [
        {
            "attachment": a,
            "url": f"{file_prefix}{a.pk}/{attachments.file_path_part(a.name)}",
            "thumb_url": f"{file_prefix}{a.pk}/thumbnail/",
            "size": attachments.attachment_payload(a)["size"],
            "message": a.message,
        }
        for a in shown
    ]
    return render(request, "lounge/files.html", {"channel": channel, "rows": rows})
