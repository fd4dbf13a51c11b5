"""Every write to study groups goes through these verbs.

Seats are taken under a row lock on the group (`_lock`), and `member_count` is
kept in step with the memberships so the database's check constraint can refuse
an overfull group even if a code path forgot the lock.
"""

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import interactions
from accounts import moderation as site
from accounts.actions import notify
from accounts.blocks import is_blocked_between
from core.errors import DomainError
from courses.models import Enrolment
from lounge import actions as lounge
from lounge.models import Channel

from . import permissions
from .boards import realtime as board_realtime
from .models import (
    MAX_CAPACITY,
    MIN_CAPACITY,
    Invitation,
    JoinRequest,
    MeetingSlot,
    Membership,
    StudyGroup,
    WaitlistEntry,
)
from .schedule import MEETINGS


class GroupError(DomainError):
    """A group action that cannot be done; the message is shown to the person."""

    code = "group_error"


class NotAllowed(GroupError):
    code = "forbidden"


class GroupFull(GroupError):
    code = "group_full"


class AlreadyMember(GroupError):
    code = "already_member"


class NotAMember(GroupError):
    code = "not_a_member"


def _lock(group):
    return StudyGroup.objects.select_for_update().get(pk=group.pk)


def group_channel(group):
    """The group's chat: its members, and its course's instructors and TAs as moderators."""
    return lounge.ensure_owned_channel(
        group,
        Channel.Kind.GROUP,
        name=group.name,
        topic=f"Chat for the study group {group.name}",
        people=lambda: [
            *((m.user, False) for m in group.memberships.select_related("user")),
            *((staff, True) for staff in _course_staff(group)),
        ],
    )


def _course_staff(group):
    if group.course_id is None:
        return []
    staff = Enrolment.objects.staff().filter(course_id=group.course_id).select_related("user")
    return [enrolment.user for enrolment in staff]


def sync_chat_member(group, user):
    """Called whenever the group's membership or its course's staff change for `user`."""
    lounge.sync_owned_member(
        group_channel(group),
        user,
        member=Membership.objects.filter(group=group, user=user).exists(),
        moderator=permissions.is_course_staff(user, group),
    )
    # The room's open boards check again whether this person may stay and draw.
    board_realtime.room_access_changed(group, user.pk)


def _add_member(group, user, role=Membership.Role.MEMBER):
    """Caller holds the lock on `group` and has checked that a seat is free."""
    others = Membership.objects.filter(group=group).values_list("user_id", flat=True)
    interactions.record(user, list(others), interactions.Kind.SAME_GROUP, group)
    Membership.objects.create(group=group, user=user, role=role)
    sync_chat_member(group, user)
    WaitlistEntry.objects.filter(group=group, user=user).delete()
    StudyGroup.objects.filter(pk=group.pk).update(
        member_count=F("member_count") + 1, last_activity_at=timezone.now()
    )
    group.member_count += 1


def _require_seat(group):
    if group.member_count >= group.capacity:
        raise GroupFull(
            _("%(group)s is full (%(capacity)s of %(capacity)s seats).")
            % {"group": group.name, "capacity": group.capacity}
        )


def _require_capacity_in_range(capacity):
    if not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise GroupError(
            _("A group has between %(min)s and %(max)s seats.")
            % {"min": MIN_CAPACITY, "max": MAX_CAPACITY}
        )


def _require_active(group):
    if group.is_archived:
        raise GroupError(_("%(group)s is archived.") % {"group": group.name})


def _moderation_reason(actor, group, reason):
    """The cleaned reason when `actor` acts on `group` as a moderator (see
    permissions.acts_as_moderator), refusing a missing one; None when they organise it."""
    if not permissions.acts_as_moderator(actor, group):
        return None
    return site.clean_reason(reason)


@transaction.atomic
def create_group(
    actor,
    *,
    name,
    description,
    course,
    capacity,
    visibility,
    topics,
    languages,
    slots,
    schedule_public=False,
    location="",
    take_seat=True,
):
    """`slots` are (weekday, start_time, duration_minutes) in the actor's own zone. An
    instructor or TA of `course` may leave `take_seat` off: they start the group for
    students, own it and moderate it without filling one of its seats."""
    if not permissions.can_create_group_in(actor, course):
        raise NotAllowed(_("You can only create groups in courses you are enrolled in."))
    if not take_seat and not (course is not None and permissions.teaches(actor, course)):
        raise NotAllowed(_("Only a course's instructors and TAs can start a group without a seat."))
    _require_capacity_in_range(capacity)
    group = StudyGroup.objects.create(
        name=name,
        description=description,
        course=course,
        capacity=capacity,
        visibility=visibility,
        schedule_public=schedule_public,
        location=location,
        owner=actor,
    )
    group.topics.set(topics)
    group.languages.set(languages)
    replace_meeting_slots(group, slots, actor.profile.time_zone)
    if take_seat:
        _add_member(group, actor, Membership.Role.OWNER)
    else:
        # The chat exists from the start, with the course's staff as its moderators.
        group_channel(group)
    return group


def replace_meeting_slots(group, slots, time_zone):
    MeetingSlot.objects.filter(group=group).delete()
    MeetingSlot.objects.bulk_create(
        MeetingSlot(
            group=group,
            weekday=weekday,
            start_time=start,
            duration_minutes=minutes,
            time_zone=time_zone,
        )
        for weekday, start, minutes in slots
    )
    MEETINGS.refresh([group.pk])


@transaction.atomic
def update_group(
    actor,
    group,
    *,
    name,
    description,
    capacity,
    visibility,
    topics,
    languages,
    slots,
    schedule_public=None,
    location=None,
):
    """Fields left None (schedule_public, location) keep their value."""
    group = _lock(group)
    if not permissions.can_manage(actor, group):
        raise NotAllowed(_("Only the group's organisers can edit it."))
    _require_active(group)
    _require_capacity_in_range(capacity)
    if capacity < group.member_count:
        raise GroupError(
            ngettext(
                "The group has %(count)s member; capacity cannot be lower than that.",
                "The group has %(count)s members; capacity cannot be lower than that.",
                group.member_count,
            )
            % {"count": group.member_count}
        )
    grew = capacity > group.capacity
    group.name, group.description = name, description
    group.capacity, group.visibility = capacity, visibility
    if schedule_public is not None:
        group.schedule_public = schedule_public
    if location is not None:
        group.location = location
    group.save(
        update_fields=[
            "name",
            "description",
            "capacity",
            "visibility",
            "schedule_public",
            "location",
        ]
    )
    lounge.rename_owned_channel(group_channel(group), name)
    group.topics.set(topics)
    group.languages.set(languages)
    replace_meeting_slots(group, slots, actor.profile.time_zone)
    if grew:
        _promote_waitlist(group)
    return group


@transaction.atomic
def join_group(actor, group):
    """Take a seat in an open group; raises GroupFull when there is none (see join_waitlist)."""
    group = _lock(group)
    _require_active(group)
    if Membership.objects.filter(group=group, user=actor).exists():
        raise AlreadyMember(_("You are already in %(group)s.") % {"group": group.name})
    if group.visibility != StudyGroup.Visibility.OPEN:
        raise NotAllowed(
            _("%(group)s is not open: ask to join or wait for an invitation.")
            % {"group": group.name}
        )
    if not permissions.groups_visible_to(actor).filter(pk=group.pk).exists():
        raise NotAllowed(_("You cannot join this group."))
    if group.member_count >= group.capacity:
        # The page offered a seat, so someone took the last one meanwhile.
        raise GroupFull(
            _("%(group)s just filled up. Join the waitlist to get the next seat.")
            % {"group": group.name}
        )
    _add_member(group, actor)
    return group


@transaction.atomic
def join_waitlist(actor, group):
    group = _lock(group)
    _require_active(group)
    if Membership.objects.filter(group=group, user=actor).exists():
        raise AlreadyMember(_("You are already in %(group)s.") % {"group": group.name})
    if group.visibility != StudyGroup.Visibility.OPEN:
        raise NotAllowed(_("Only open groups have a waitlist."))
    # A waiter is promoted without further checks, so refuse anyone who could not join.
    if not permissions.groups_visible_to(actor).filter(pk=group.pk).exists():
        raise NotAllowed(_("You cannot join this group."))
    if group.member_count < group.capacity:
        raise GroupError(_("%(group)s has a free seat: join it instead.") % {"group": group.name})
    entry, _created = WaitlistEntry.objects.get_or_create(group=group, user=actor)
    return entry


def leave_waitlist(actor, group):
    WaitlistEntry.objects.filter(group=group, user=actor).delete()


def _promote_waitlist(group):
    """Caller holds the lock: give free seats to the longest-waiting people, and tell them."""
    while group.member_count < group.capacity:
        entry = WaitlistEntry.objects.filter(group=group).select_related("user").first()
        if entry is None:
            return
        entry.delete()
        _add_member(group, entry.user)
        # No actor: whoever freed the seat did nothing to the waiter, and a block must
        # not hide news of the person's own seat.
        notify(
            entry.user,
            "waitlist_promoted",
            target=group,
            scope=group,
            group=group.name,
            url=group.get_absolute_url(),
        )


def _remove_membership(group, membership):
    """Caller holds the lock on `group`."""
    membership.delete()
    sync_chat_member(group, membership.user)
    StudyGroup.objects.filter(pk=group.pk).update(member_count=F("member_count") - 1)
    group.member_count -= 1
    _promote_waitlist(group)


@transaction.atomic
def leave_group(actor, group):
    group = _lock(group)
    membership = Membership.objects.filter(group=group, user=actor).first()
    if membership is None:
        raise NotAMember(_("You are not in %(group)s.") % {"group": group.name})
    if membership.role == Membership.Role.OWNER:
        raise GroupError(_("Hand the group to another member before you leave it."))
    _remove_membership(group, membership)


@transaction.atomic
def remove_member(actor, group, person, reason=""):
    """Organisers remove members; a moderator (site or course staff who do not organise
    the group) gives a reason, which is recorded in the audit log."""
    group = _lock(group)
    if not permissions.can_manage(actor, group):
        raise NotAllowed(_("Only the group's organisers can remove members."))
    membership = Membership.objects.filter(group=group, user=person).first()
    if membership is None:
        raise NotAMember(_("That person is not in this group."))
    if membership.role == Membership.Role.OWNER:
        raise NotAllowed(_("The owner cannot be removed."))
    actor_membership = permissions.membership_of(actor, group)
    if (
        membership.role == Membership.Role.CO_ORGANISER
        and not actor.is_staff
        and (actor_membership is None or actor_membership.role != Membership.Role.OWNER)
    ):
        raise NotAllowed(_("Only the owner can remove a co-organiser."))
    reason = _moderation_reason(actor, group, reason)
    _remove_membership(group, membership)
    if reason is not None:
        site.record_action(
            actor, "remove_from_group", reason=reason, target_user=person, target=group
        )
    notify(person, "removed", actor=actor, target=group, place=group.name)


@transaction.atomic
def request_to_join(actor, group, message=""):
    group = _lock(group)
    _require_active(group)
    if group.visibility != StudyGroup.Visibility.REQUEST:
        raise NotAllowed(_("%(group)s does not take join requests.") % {"group": group.name})
    if not permissions.groups_visible_to(actor).filter(pk=group.pk).exists():
        raise NotAllowed(_("You cannot join this group."))
    if Membership.objects.filter(group=group, user=actor).exists():
        raise AlreadyMember(_("You are already in %(group)s.") % {"group": group.name})
    organisers = [
        membership.user
        for membership in Membership.objects.organisers().filter(group=group).select_related("user")
    ]
    # Every organiser is told of a request and answers it from the group's queue, so a
    # request (and its note) reaches all of them: a block either way with any one of them
    # refuses it, as an invitation or a DM would be. The refusal is the one given for a
    # group the person may not join, so it does not reveal the block.
    if any(is_blocked_between(actor, organiser) for organiser in organisers):
        raise NotAllowed(_("You cannot join this group."))
    request, created = JoinRequest.objects.get_or_create(
        group=group, user=actor, status=JoinRequest.Status.PENDING, defaults={"message": message}
    )
    if created:
        for organiser in organisers:
            notify(
                organiser,
                "join_request",
                actor=actor,
                target=request,
                scope=group,
                group=group.name,
                url=group.get_absolute_url(),
            )
    return request


@transaction.atomic
def withdraw_request(actor, group):
    JoinRequest.objects.filter(group=group, user=actor, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now()
    )


@transaction.atomic
def decide_request(actor, join_request, *, approve):
    group = _lock(join_request.group)
    if not permissions.can_manage(actor, group):
        raise NotAllowed(_("Only the group's organisers can answer requests."))
    join_request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if join_request.status != JoinRequest.Status.PENDING:
        raise GroupError(_("That request has already been answered."))
    # The requester may have joined meanwhile (an invitation): no second seat then.
    already_member = Membership.objects.filter(group=group, user_id=join_request.user_id).exists()
    if approve and not already_member:
        _require_active(group)
        _require_seat(group)
        _add_member(group, join_request.user)
    join_request.status = JoinRequest.Status.APPROVED if approve else JoinRequest.Status.DECLINED
    join_request.decided_at, join_request.decided_by = timezone.now(), actor
    join_request.save(update_fields=["status", "decided_at", "decided_by"])
    notify(
        join_request.user,
        "request_approved" if approve else "request_declined",
        actor=actor,
        target=join_request,
        group=group.name,
        url=group.get_absolute_url() if approve else "",
    )
    return join_request


@transaction.atomic
def invite(actor, group, invitee, *, audit_action=None):
    """Invites `invitee` to `group`; with `audit_action` (a staff member's invitation
    from the community-health radar) the act is also written to the audit trail."""
    group = _lock(group)
    _require_active(group)
    if not permissions.can_manage(actor, group):
        raise NotAllowed(_("Only the group's organisers can invite people."))
    if Membership.objects.filter(group=group, user=invitee).exists():
        raise AlreadyMember(
            _("%(person)s is already in %(group)s.")
            % {"person": invitee.display_name, "group": group.name}
        )
    if is_blocked_between(actor, invitee):
        raise NotAllowed(_("%(person)s cannot be invited.") % {"person": invitee.display_name})
    if group.course_id and not permissions.can_create_group_in(invitee, group.course):
        raise NotAllowed(
            _("%(person)s is not in %(course)s.")
            % {"person": invitee.display_name, "course": group.course.code}
        )
    invitation, created = Invitation.objects.get_or_create(
        group=group,
        invitee=invitee,
        status=Invitation.Status.PENDING,
        defaults={"invited_by": actor},
    )
    if created:
        notify(
            invitee,
            "invitation",
            actor=actor,
            target=invitation,
            group=group.name,
            url=group.get_absolute_url(),
        )
    if audit_action:
        site.record_action(
            actor,
            audit_action,
            reason=_("Invited %(person)s to the study group %(group)s")
            % {"person": invitee.username, "group": group.name},
            target_user=invitee,
            target=group,
            details={"course": group.course_id, "invitation": invitation.pk},
        )
    return invitation


@transaction.atomic
def respond_to_invitation(actor, invitation, *, accept):
    group = _lock(invitation.group)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.invitee_id != actor.pk:
        raise NotAllowed(_("That invitation is not yours."))
    if invitation.status != Invitation.Status.PENDING:
        raise GroupError(_("You have already answered that invitation."))
    if accept:
        _require_active(group)
        if Membership.objects.filter(group=group, user=actor).exists():
            raise AlreadyMember(_("You are already in %(group)s.") % {"group": group.name})
        _require_seat(group)
        _add_member(group, actor)
    invitation.status = Invitation.Status.ACCEPTED if accept else Invitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


@transaction.atomic
def end_invitations_and_requests_between(first, second):
    """A block was made between `first` and `second` (either way round): what invite()
    and request_to_join() would now refuse does not stay open. Invitations between
    the two are declined and requests by one to a group the other organises are
    withdrawn, both ways, as if answered; nobody is told."""
    now = timezone.now()
    Invitation.objects.filter(
        Q(invited_by=first, invitee=second) | Q(invited_by=second, invitee=first),
        status=Invitation.Status.PENDING,
    ).update(status=Invitation.Status.DECLINED, responded_at=now)

    def organised_by(person):
        return Membership.objects.organisers().filter(user=person).values("group")

    JoinRequest.objects.filter(
        Q(user=first, group__in=organised_by(second))
        | Q(user=second, group__in=organised_by(first)),
        status=JoinRequest.Status.PENDING,
    ).update(status=JoinRequest.Status.WITHDRAWN, decided_at=now)


@transaction.atomic
def set_member_role(actor, group, person, role):
    """The owner promotes members to co-organiser and back."""
    group = _lock(group)
    if not (actor.is_staff or permissions.is_owner(actor, group)):
        raise NotAllowed(_("Only the owner can change organisers."))
    if role not in (Membership.Role.MEMBER, Membership.Role.CO_ORGANISER):
        raise GroupError(_("Choose member or co-organiser."))
    membership = Membership.objects.filter(group=group, user=person).first()
    if membership is None or membership.role == Membership.Role.OWNER:
        raise NotAMember(_("That person is not a member you can change."))
    membership.role = role
    membership.save(update_fields=["role"])
    board_realtime.room_access_changed(group, person.pk)
    return membership


@transaction.atomic
def transfer_ownership(actor, group, new_owner):
    group = _lock(group)
    if not (actor.is_staff or permissions.is_owner(actor, group)):
        raise NotAllowed(_("Only the owner can hand the group over."))
    target = Membership.objects.filter(group=group, user=new_owner).first()
    if target is None:
        raise NotAMember(_("The new owner must already be a member."))
    if target.role == Membership.Role.OWNER:
        raise GroupError(
            _("%(person)s already owns %(group)s.")
            % {"person": new_owner.display_name, "group": group.name}
        )
    Membership.objects.filter(group=group, role=Membership.Role.OWNER).update(
        role=Membership.Role.CO_ORGANISER
    )
    target.role = Membership.Role.OWNER
    target.save(update_fields=["role"])
    group.owner = new_owner
    group.save(update_fields=["owner"])
    board_realtime.room_access_changed(group, new_owner.pk)
    notify(
        new_owner,
        "group_owner",
        actor=actor,
        target=group,
        scope=group,
        group=group.name,
        url=group.get_absolute_url(),
    )
    return group


@transaction.atomic
def archive_group(actor, group, reason=""):
    """The owner archives their group; a moderator (site or course staff who do not
    organise it) gives a reason, which is recorded in the audit log."""
    group = _lock(group)
    if not permissions.can_archive(actor, group):
        raise NotAllowed(_("Only the owner or a moderator can archive the group."))
    reason = _moderation_reason(actor, group, reason)
    if group.archived_at is None:
        if reason is not None:
            site.record_action(actor, "archive_group", reason=reason, target=group)
        group.archived_at = timezone.now()
        group.save(update_fields=["archived_at"])
        lounge.close_owned_channel(group_channel(group))
        board_realtime.room_access_changed(group)
        WaitlistEntry.objects.filter(group=group).delete()
        JoinRequest.objects.filter(group=group, status=JoinRequest.Status.PENDING).update(
            status=JoinRequest.Status.DECLINED, decided_at=timezone.now(), decided_by=actor
        )
        Invitation.objects.filter(group=group, status=Invitation.Status.PENDING).update(
            status=Invitation.Status.DECLINED, responded_at=timezone.now()
        )
    return group


@transaction.atomic
def remove_from_course_groups(course, person):
    """Someone left or was removed from `course`: they leave its groups too.

    An owner's group passes to its longest-standing co-organiser or member; a
    group left with nobody is archived.
    """
    for group in StudyGroup.objects.filter(course=course, memberships__user=person):
        group = _lock(group)
        membership = Membership.objects.get(group=group, user=person)
        if membership.role == Membership.Role.OWNER:
            successor = (
                Membership.objects.filter(group=group)
                .exclude(user=person)
                .order_by("role", "joined_at")  # "co_organiser" sorts before "member"
                .first()
            )
            if successor is None:
                group.archived_at = timezone.now()
                group.save(update_fields=["archived_at"])
                lounge.close_owned_channel(group_channel(group))
                board_realtime.room_access_changed(group)
            else:
                membership.role = Membership.Role.MEMBER
                membership.save(update_fields=["role"])
                successor.role = Membership.Role.OWNER
                successor.save(update_fields=["role"])
                group.owner = successor.user
                group.save(update_fields=["owner"])
                notify(
                    successor.user,
                    "group_owner",
                    target=group,
                    scope=group,
                    group=group.name,
                    url=group.get_absolute_url(),
                )
        _remove_membership(group, membership)
    WaitlistEntry.objects.filter(group__course=course, user=person).delete()
    JoinRequest.objects.filter(
        group__course=course, user=person, status=JoinRequest.Status.PENDING
    ).update(status=JoinRequest.Status.WITHDRAWN, decided_at=timezone.now())
    Invitation.objects.filter(
        group__course=course, invitee=person, status=Invitation.Status.PENDING
    ).update(status=Invitation.Status.DECLINED, responded_at=timezone.now())
