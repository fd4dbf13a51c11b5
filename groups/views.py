from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.views import run_verb
from lounge.models import Channel
from lounge.summaries import chat_summary
from lounge.views import report_target

from . import actions, permissions
from .boards.permissions import can_enter_room
from .browse import browse_groups, browse_topics
from .calendar import group_calendar
from .forms import (
    GroupFilterForm,
    GroupForm,
    InviteForm,
    JoinRequestForm,
    MeetingSlotFormSet,
    MemberChoiceForm,
)
from .models import Invitation, JoinRequest, Membership, StudyGroup
from .schedule import heat_map, next_meeting, requester_fits, weekday_names


def index(request):
    form = GroupFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    page = browse_groups(request.user, filters, timezone.now(), request.GET.get("page"))
    context = {"form": form, "page": page, "querystring": _querystring_without_page(request)}
    # A history restore (htmx's cache missed) swaps in the whole body: send the full page.
    partial = request.htmx and not request.htmx.history_restore_request
    template = "groups/browse.html#results" if partial else "groups/browse.html"
    response = render(request, template, context)
    # Full page and partial share a URL: keep caches (and the back button) from mixing them.
    patch_vary_headers(response, ["HX-Request"])
    return response


def topic_options(request):
    """The topic filter's suggestions, fetched when the field is first focused: working
    them out over every group the viewer can browse costs more than the page itself,
    and most visits never type a topic."""
    context = {"topics": browse_topics(request.user), "topics_loaded": True}
    return render(request, "groups/browse.html#topic-options", context)


def _querystring_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _group_form_context(request, form, slot_formset, group=None):
    return {
        "form": form,
        "slot_formset": slot_formset,
        "group": group,
        "zone": request.user.profile.time_zone,
    }


def create(request):
    form = GroupForm(
        request.POST or None, user=request.user, initial={"course": request.GET.get("course")}
    )
    slot_formset = MeetingSlotFormSet(request.POST or None, prefix="slots")
    if "add_meeting" in request.POST:
        form, slot_formset = _with_another_meeting(request, form)
    elif request.method == "POST" and form.is_valid() and slot_formset.is_valid():
        created = run_verb(
            request,
            actions.create_group,
            request.user,
            **_group_fields(form),
            slots=slot_formset.slots(),
            form=form,
            success=lambda group: (
                _("%(group)s is ready. Invite people or share its page.") % {"group": group.name}
            ),
        )
        if created:
            return redirect(created.value)
    return _render_form(request, form, slot_formset)


def _render_form(request, form, slot_formset, group=None):
    failed = request.method == "POST" and "add_meeting" not in request.POST
    return render(
        request,
        "groups/form.html",
        _group_form_context(request, form, slot_formset, group),
        status=400 if failed else 200,
    )


def _with_another_meeting(request, form):
    """The form as typed, with one more empty meeting row and no errors: without
    JavaScript, "Add a meeting" posts the form to get a row, not to save it."""
    typed = {
        name: field.widget.value_from_datadict(request.POST, request.FILES, form.add_prefix(name))
        for name, field in form.fields.items()
    }
    unbound = GroupForm(user=request.user, editing="take_seat" not in form.fields, initial=typed)
    rows = MeetingSlotFormSet(request.POST, prefix="slots")
    kept = []
    for row in rows.forms:
        values = {
            name: field.widget.value_from_datadict(
                request.POST, request.FILES, row.add_prefix(name)
            )
            for name, field in row.fields.items()
        }
        if not values.pop("DELETE", False) and any(values.values()):
            kept.append(values)
    return unbound, MeetingSlotFormSet(prefix="slots", initial=kept)


def _group_fields(form):
    data = form.cleaned_data
    fields = {
        "name": data["name"],
        "description": data["description"],
        "course": data["course"],
        "capacity": data["capacity"],
        "visibility": data["visibility"],
        "schedule_public": data["schedule_public"],
        "location": data["location"],
        "topics": form.topic_objects(),
        "languages": data["languages"],
    }
    if "take_seat" in data:
        fields["take_seat"] = data["take_seat"]
    return fields


def edit(request, pk):
    group = permissions.get_group_for(request.user, pk)
    if not permissions.can_manage(request.user, group):
        return _refuse(request, group, _("Only the group's organisers can edit it."))
    initial = {
        "name": group.name,
        "description": group.description,
        "course": group.course_id,
        "capacity": group.capacity,
        "visibility": group.visibility,
        "schedule_public": group.schedule_public,
        "location": group.location,
        "topics": ", ".join(group.topics.values_list("name", flat=True)),
        "languages": group.languages.all(),
    }
    zone = timezone.get_current_timezone()
    slot_initial = [_slot_initial(slot, zone) for slot in group.meeting_slots.all()]
    form = GroupForm(request.POST or None, user=request.user, editing=True, initial=initial)
    slot_formset = MeetingSlotFormSet(request.POST or None, prefix="slots", initial=slot_initial)
    if "add_meeting" in request.POST:
        form, slot_formset = _with_another_meeting(request, form)
    elif request.method == "POST" and form.is_valid() and slot_formset.is_valid():
        fields = _group_fields(form)
        fields.pop("course")
        if run_verb(
            request,
            actions.update_group,
            request.user,
            group,
            **fields,
            slots=slot_formset.slots(),
            form=form,
            success=_("Group saved."),
        ):
            return redirect(group)
    return _render_form(request, form, slot_formset, group)


def _slot_initial(slot, viewer_zone):
    """A stored meeting shown for editing in the editor's zone (they re-save it in theirs)."""
    start = next_meeting([slot], timezone.now())
    local = timezone.localtime(start, viewer_zone)
    end = timezone.localtime(start + slot.duration, viewer_zone)
    return {"weekday": local.weekday(), "start": local.time(), "end": end.time()}


def detail(request, pk):
    viewer = request.user
    group, standing = permissions.get_group_with_standing_for(
        viewer, pk, StudyGroup.objects.with_pending_of(viewer)
    )
    topics, languages = group.tag_names()
    can_manage = permissions.can_manage(viewer, group, standing)
    context = {
        "group": group,
        "topics": topics,
        "languages": languages,
        "membership": standing.membership,
        "can_see_details": standing.sees_details,
        "can_manage": can_manage,
        "is_owner": permissions.is_owner(viewer, group),
        "can_archive": permissions.can_archive(viewer, group, standing),
        "moderating": permissions.acts_as_moderator(viewer, group, standing),
        "can_enter_room": can_enter_room(viewer, group, standing),
        # Filtered relations that matched no row leave their attributes unset.
        "on_waitlist": hasattr(group, "viewer_waitlist_entry"),
        "pending_request": getattr(group, "viewer_join_request", None),
        "invitation": getattr(group, "viewer_invitation", None),
        "request_form": JoinRequestForm(),
    }
    now = timezone.now()
    sees_schedule = permissions.can_see_schedule(viewer, group, standing)
    context["can_see_schedule"] = sees_schedule
    context["location_is_link"] = group.location.startswith(("https://", "http://"))
    if sees_schedule:
        context.update(_schedule_context(group, now))
    if standing.sees_details:
        context.update(_members_context(group, request.viewer_time_zone, now))
    if standing.membership is not None:
        context.update(chat_summary(group, Channel.Kind.GROUP, viewer))
    if can_manage:
        slots = context.get("slots")
        if slots is None:
            slots = list(group.meeting_slots.all())
        context.update(_organiser_context(group, slots, now))
    return render(request, "groups/detail.html", context)


def _schedule_context(group, now):
    """The weekly meetings, for those who may see when the group meets."""
    slots = list(group.meeting_slots.all())
    return {
        "slots": slots,
        "meetings": _meetings_this_week(slots, now),
        "next_meeting": next_meeting(slots, now),
    }


def _members_context(group, viewer_zone, now):
    """The members and the free-time heat map, for those who may see them."""
    members = list(group.memberships.select_related("user__profile"))
    rows, best_times, member_total = heat_map([m.user_id for m in members], viewer_zone, now)
    return {
        "members": members,
        "heat_rows": rows,
        "weekday_names": weekday_names(),
        "best_times": best_times,
        "member_total": member_total,
    }


def _organiser_context(group, slots, now):
    """Who waits for an answer or a seat, and the invitation form, for those who manage.
    Each request says how the requester's free hours fit the group's meetings."""
    pending = list(
        group.join_requests.filter(status=JoinRequest.Status.PENDING).select_related(
            "user__profile"
        )
    )
    fits = requester_fits(slots, [request.user_id for request in pending], now)
    for join_request in pending:
        join_request.fit = fits.get(join_request.user_id)
    return {
        "join_requests": pending,
        "waitlist": list(group.waitlist.select_related("user__profile")),
        "invite_form": InviteForm(),
    }


def group_channel_of(group):
    return Channel.objects.owned_by(group, Channel.Kind.GROUP).first()


def _meetings_this_week(slots, now):
    """Each weekly meeting's next occurrence with its end, soonest first."""
    meetings = []
    for slot in slots:
        start = next_meeting([slot], now)
        meetings.append({"start": start, "end": start + slot.duration, "slot": slot})
    return sorted(meetings, key=lambda meeting: meeting["start"])


def _refuse(request, group, message):
    messages.error(request, message)
    return redirect(group)


def _act(request, pk, verb, success, *args, **kwargs):
    """Runs a group verb for a POST; the outcome is a message on the group page.
    `success` is translated already and may name the group as %(group)s."""
    group = permissions.get_group_for(request.user, pk)
    success = success % {"group": group.name}
    run_verb(request, verb, request.user, group, *args, success=success, **kwargs)
    return redirect(group)


@require_POST
def join(request, pk):
    return _act(request, pk, actions.join_group, _("Welcome to %(group)s!"))


@require_POST
def waitlist(request, pk):
    return _act(
        request,
        pk,
        actions.join_waitlist,
        _("You are on the waitlist for %(group)s. We will tell you when a seat opens."),
    )


@require_POST
def leave_waitlist(request, pk):
    return _act(request, pk, actions.leave_waitlist, _("You left the waitlist."))


@require_POST
def leave(request, pk):
    return _act(request, pk, actions.leave_group, _("You left %(group)s."))


@require_POST
def ask_to_join(request, pk):
    form = JoinRequestForm(request.POST)
    if not form.is_valid():
        group = permissions.get_group_for(request.user, pk)
        return _refuse(request, group, _("Your note is too long (500 characters at most)."))
    return _act(
        request,
        pk,
        actions.request_to_join,
        _("Request sent. The organisers of %(group)s will answer soon."),
        form.cleaned_data["message"],
    )


@require_POST
def withdraw_request(request, pk):
    return _act(request, pk, actions.withdraw_request, _("Request withdrawn."))


@require_POST
def decide_request(request, pk, request_pk):
    group = permissions.get_group_for(request.user, pk)
    # Scoped to this group: another group's request id is a 404, not an action.
    join_request = get_object_or_404(JoinRequest, pk=request_pk, group=group)
    approve = request.POST.get("decision") == "approve"
    if approve:
        success = _("%(person)s was added to the group.")
    else:
        success = _("%(person)s was told their request was declined.")
    run_verb(
        request,
        actions.decide_request,
        request.user,
        join_request,
        approve=approve,
        success=success % {"person": join_request.user.display_name},
    )
    return redirect(group)


@require_POST
def invite(request, pk):
    group = permissions.get_group_for(request.user, pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _refuse(request, group, form.errors["person"][0])
    person = form.cleaned_data["person"]
    # _act formats its message again (for the group): a % in a name must stay a %.
    invited = (_("%(person)s is invited.") % {"person": person.display_name}).replace("%", "%%")
    return _act(request, pk, actions.invite, invited, person)


@require_POST
def respond_invitation(request, pk):
    group = permissions.get_group_for(request.user, pk)
    invitation = get_object_or_404(
        Invitation, group=group, invitee=request.user, status=Invitation.Status.PENDING
    )
    accept = request.POST.get("decision") == "accept"
    run_verb(
        request,
        actions.respond_to_invitation,
        request.user,
        invitation,
        accept=accept,
        success=(
            _("Welcome to %(group)s!") % {"group": group.name}
            if accept
            else _("Invitation declined.")
        ),
    )
    return redirect(group)


def _member_action(request, pk, verb, success, **kwargs):
    group = permissions.get_group_for(request.user, pk)
    form = MemberChoiceForm(request.POST, group=group)
    if not form.is_valid():
        return _refuse(request, group, _("That person is not a member of this group."))
    person = form.cleaned_data["user"]
    # _act formats its message again (for the group): a % in a name must stay a %.
    named = (success % {"name": person.display_name}).replace("%", "%%")
    return _act(request, pk, verb, named, person, **kwargs)


@require_POST
def remove_member(request, pk):
    return _member_action(
        request,
        pk,
        actions.remove_member,
        _("%(name)s was removed."),
        reason=request.POST.get("reason", ""),
    )


@require_POST
def set_role(request, pk):
    role = request.POST.get("role", "")
    if role == Membership.Role.CO_ORGANISER:
        success = _("%(name)s is now a co-organiser.")
    else:
        success = _("%(name)s is now a member.")
    return _member_action(request, pk, actions.set_member_role, success, role=role)


@require_POST
def transfer(request, pk):
    return _member_action(
        request, pk, actions.transfer_ownership, _("%(name)s now owns the group.")
    )


@require_POST
def archive(request, pk):
    return _act(
        request,
        pk,
        actions.archive_group,
        _("%(group)s is archived: it is read-only and hidden from browsing."),
        request.POST.get("reason", ""),
    )


def report(request, pk):
    """Report a study group to the moderators (its chat's moderators and site staff)."""
    group = permissions.get_group_for(request.user, pk)
    return report_target(
        request,
        group,
        title=_("Report the study group %(group)s") % {"group": group.name},
        back_url=group.get_absolute_url(),
        channel=group_channel_of(group),
        reported_user=group.owner,
    )


def calendar(request, pk):
    group = permissions.get_group_for(request.user, pk)
    if not permissions.can_see_schedule(request.user, group):
        return _refuse(request, group, _("The schedule is shared with members only."))

    response = HttpResponse(group_calendar(group), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="study-group-{group.pk}.ics"'
    return response
