from datetime import time

import pytest
from django.db import IntegrityError, transaction

from accounts.actions import block
from accounts.models import Interest, Language, Notification
from courses import actions as course_actions
from groups import actions
from groups.models import (
    Invitation,
    JoinRequest,
    MeetingSlot,
    Membership,
    StudyGroup,
    WaitlistEntry,
)
from tests.notices import notice_texts


def roles(group):
    return dict(Membership.objects.filter(group=group).values_list("user__username", "role"))


def count_of(group):
    group.refresh_from_db()
    return group.member_count


def notes(person):
    return notice_texts(person)


# create_group


def test_create_makes_the_creator_owner_with_one_seat_taken(alice, make_group):
    english, _ = Language.objects.get_or_create(code="en", defaults={"name": "English"})
    topic = Interest.objects.create(name="bayes")

    group = make_group(
        alice,
        capacity=4,
        topics=[topic],
        languages=[english],
        slots=[(1, time(19, 0), 90), (3, time(8, 30), 60)],
    )

    assert roles(group) == {"alice": "owner"}
    assert group.owner == alice
    assert count_of(group) == 1
    assert group.open_seats == 3
    assert list(group.topics.all()) == [topic]
    assert list(group.languages.all()) == [english]
    assert list(
        MeetingSlot.objects.filter(group=group).values_list(
            "weekday", "start_time", "duration_minutes", "time_zone"
        )
    ) == [(1, time(19, 0), 90, "Europe/Berlin"), (3, time(8, 30), 60, "Europe/Berlin")]


def test_a_course_group_needs_the_creator_in_the_course(enrolled, alice, charlie, make_group):
    assert make_group(alice, course=enrolled).course == enrolled
    with pytest.raises(actions.NotAllowed):
        make_group(charlie, course=enrolled, name="Intruders")
    assert not StudyGroup.objects.filter(name="Intruders").exists()


@pytest.mark.parametrize("capacity", [2, 50])
def test_capacity_limits_are_inclusive(alice, make_group, capacity):
    assert make_group(alice, capacity=capacity).capacity == capacity


@pytest.mark.parametrize("capacity", [0, 1, 51, 10000])
def test_capacity_outside_2_to_50_is_refused(alice, make_group, capacity):
    with pytest.raises(actions.GroupError, match="between 2 and 50"):
        make_group(alice, capacity=capacity)
    assert not StudyGroup.objects.exists()
    assert not Membership.objects.exists()
    # The database refuses it too, whoever writes the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        StudyGroup.objects.create(name="Direct", owner=alice, capacity=capacity)


# join_group


def test_joining_an_open_group_takes_a_seat(open_group, charlie):
    actions.join_group(charlie, open_group)
    assert roles(open_group) == {"alice": "owner", "bob": "member", "charlie": "member"}
    assert count_of(open_group) == 3


def test_joining_twice_is_refused(open_group, bob):
    with pytest.raises(actions.AlreadyMember):
        actions.join_group(bob, open_group)
    assert count_of(open_group) == 2


def test_joining_a_full_group_raises_group_full(open_group, charlie, mallory):
    actions.join_group(charlie, open_group)
    with pytest.raises(actions.GroupFull):
        actions.join_group(mallory, open_group)
    assert "mallory" not in roles(open_group)
    assert count_of(open_group) == 3


@pytest.mark.parametrize("visibility", ["request", "invite"])
def test_only_open_groups_can_be_joined_directly(alice, charlie, make_group, visibility):
    group = make_group(alice, visibility=visibility)
    with pytest.raises(actions.NotAllowed):
        actions.join_group(charlie, group)
    assert count_of(group) == 1


def test_people_outside_the_course_cannot_join_its_groups(
    enrolled, alice, bob, charlie, make_group
):
    group = make_group(alice, course=enrolled)
    actions.join_group(bob, group)
    with pytest.raises(actions.NotAllowed):
        actions.join_group(charlie, group)
    assert set(roles(group)) == {"alice", "bob"}


# Waitlist


@pytest.fixture
def full_group(alice, bob, make_group):
    group = make_group(alice, capacity=2)
    actions.join_group(bob, group)
    return group


def test_leaving_promotes_the_longest_waiting_person_and_tells_them(
    full_group, bob, charlie, mallory
):
    with pytest.raises(actions.GroupFull):
        actions.join_group(charlie, full_group)
    actions.join_waitlist(charlie, full_group)
    actions.join_waitlist(mallory, full_group)

    actions.leave_group(bob, full_group)

    assert roles(full_group) == {"alice": "owner", "charlie": "member"}
    assert count_of(full_group) == 2
    assert list(WaitlistEntry.objects.filter(group=full_group).values_list("user__username")) == [
        ("mallory",)
    ]
    assert notes(charlie) == [
        "A seat opened up in Probability study group and it is yours: you are now a member."
    ]
    assert notes(mallory) == []


def test_the_waitlist_is_only_for_full_open_groups(open_group, alice, charlie, make_group):
    with pytest.raises(actions.GroupError):
        actions.join_waitlist(charlie, open_group)  # a seat is free
    with pytest.raises(actions.AlreadyMember):
        actions.join_waitlist(alice, open_group)
    invite_only = make_group(alice, capacity=2, visibility="invite")
    with pytest.raises(actions.NotAllowed):
        actions.join_waitlist(charlie, invite_only)
    assert not WaitlistEntry.objects.exists()


def test_outsiders_cannot_queue_for_a_course_group(enrolled, alice, bob, charlie, make_group):
    group = make_group(alice, course=enrolled, capacity=2)
    actions.join_group(bob, group)
    with pytest.raises(actions.NotAllowed):
        actions.join_waitlist(charlie, group)
    actions.leave_group(bob, group)
    assert "charlie" not in roles(group)


def test_leaving_the_waitlist(full_group, charlie, bob):
    actions.join_waitlist(charlie, full_group)
    actions.leave_waitlist(charlie, full_group)
    actions.leave_group(bob, full_group)
    assert roles(full_group) == {"alice": "owner"}
    assert notes(charlie) == []


def test_the_owner_cannot_leave_and_non_members_cannot_leave(open_group, alice, charlie):
    with pytest.raises(actions.GroupError):
        actions.leave_group(alice, open_group)
    with pytest.raises(actions.NotAMember):
        actions.leave_group(charlie, open_group)
    assert count_of(open_group) == 2


# Requests to join


@pytest.fixture
def request_group(alice, bob, make_person, make_group):
    """alice owns it, bob co-organises, dana is a plain member."""
    group = make_group(alice, visibility="request", capacity=4)
    invitation = actions.invite(alice, group, bob)
    actions.respond_to_invitation(bob, invitation, accept=True)
    actions.set_member_role(alice, group, bob, "co_organiser")
    dana = make_person("dana")
    actions.respond_to_invitation(dana, actions.invite(alice, group, dana), accept=True)
    Notification.objects.all().delete()
    return group


def test_a_request_notifies_the_organisers_only(request_group, alice, bob, charlie):
    join_request = actions.request_to_join(charlie, request_group, "I love Bayes")

    assert join_request.status == "pending"
    assert join_request.message == "I love Bayes"
    expected = ["Charlie Chen asked to join Probability study group."]
    assert notes(alice) == expected
    assert notes(bob) == expected
    assert Notification.objects.count() == 2  # dana (a member) is not told


def test_asking_twice_keeps_one_pending_request(request_group, charlie):
    first = actions.request_to_join(charlie, request_group)
    second = actions.request_to_join(charlie, request_group)
    assert first.pk == second.pk
    assert Notification.objects.count() == 2  # organisers told once


@pytest.mark.parametrize("organiser", ["alice", "bob"])
def test_an_organiser_approves_and_the_requester_is_told(
    request_group, charlie, organiser, request
):
    join_request = actions.request_to_join(charlie, request_group)
    actions.decide_request(request.getfixturevalue(organiser), join_request, approve=True)

    join_request.refresh_from_db()
    assert join_request.status == "approved"
    assert join_request.decided_by.username == organiser
    assert roles(request_group)["charlie"] == "member"
    assert count_of(request_group) == 4
    assert notes(charlie) == ["Your request to join Probability study group was accepted."]


def test_declining_tells_the_requester_and_adds_nobody(request_group, alice, charlie):
    join_request = actions.request_to_join(charlie, request_group)
    actions.decide_request(alice, join_request, approve=False)

    assert JoinRequest.objects.get().status == "declined"
    assert "charlie" not in roles(request_group)
    assert notes(charlie) == ["Your request to join Probability study group was declined."]


def test_members_and_outsiders_cannot_decide(request_group, charlie, mallory):
    dana = Membership.objects.get(group=request_group, role="member").user
    join_request = actions.request_to_join(charlie, request_group)
    for person in (dana, mallory, charlie):
        with pytest.raises(actions.NotAllowed):
            actions.decide_request(person, join_request, approve=True)
    assert JoinRequest.objects.get().status == "pending"


def test_a_request_is_answered_once(request_group, alice, bob, charlie):
    join_request = actions.request_to_join(charlie, request_group)
    actions.decide_request(alice, join_request, approve=False)
    with pytest.raises(actions.GroupError):
        actions.decide_request(bob, join_request, approve=True)
    assert "charlie" not in roles(request_group)


def test_approving_when_full_keeps_the_request_pending(request_group, alice, charlie, mallory):
    first = actions.request_to_join(charlie, request_group)
    second = actions.request_to_join(mallory, request_group)
    actions.decide_request(alice, first, approve=True)  # 4 of 4
    with pytest.raises(actions.GroupFull):
        actions.decide_request(alice, second, approve=True)
    second.refresh_from_db()
    assert second.status == "pending"
    assert count_of(request_group) == 4


def test_withdrawing_a_request(request_group, alice, charlie):
    actions.request_to_join(charlie, request_group)
    actions.withdraw_request(charlie, request_group)
    assert JoinRequest.objects.get().status == "withdrawn"
    # Asking again after withdrawing is allowed.
    assert actions.request_to_join(charlie, request_group).status == "pending"


@pytest.mark.parametrize("organiser", ["alice", "bob"])
@pytest.mark.parametrize("blocker", ["organiser", "requester"])
def test_a_block_with_any_organiser_refuses_the_request_vaguely(
    request_group, charlie, organiser, blocker, request
):
    """Asking again after each refusal reaches no organiser, and the refusal is the one
    given for a group the person may not join: it does not tell them about the block."""
    organiser = request.getfixturevalue(organiser)
    if blocker == "organiser":
        block(organiser, charlie)
    else:
        block(charlie, organiser)

    for _attempt in range(2):
        with pytest.raises(actions.NotAllowed) as refused:
            actions.request_to_join(charlie, request_group, "please")
        assert str(refused.value) == "You cannot join this group."
        actions.withdraw_request(charlie, request_group)

    assert not JoinRequest.objects.exists()
    assert not Notification.objects.exists()


def test_a_block_with_a_plain_member_does_not_stop_a_request(request_group, alice, charlie):
    dana = Membership.objects.get(group=request_group, role="member").user
    block(dana, charlie)
    assert actions.request_to_join(charlie, request_group).status == "pending"
    assert notes(alice) == ["Charlie Chen asked to join Probability study group."]


def test_requests_only_for_request_groups(open_group, charlie):
    with pytest.raises(actions.NotAllowed):
        actions.request_to_join(charlie, open_group)
    assert not JoinRequest.objects.exists()


def test_approving_someone_who_joined_meanwhile_does_not_crash(alice, charlie, make_group):
    """An invitation accepted while a request waited: approving it adds no second seat."""
    group = make_group(alice, visibility="request", capacity=5)
    join_request = actions.request_to_join(charlie, group)
    actions.respond_to_invitation(charlie, actions.invite(alice, group, charlie), accept=True)

    actions.decide_request(alice, join_request, approve=True)

    join_request.refresh_from_db()
    assert join_request.status == "approved"
    assert Membership.objects.filter(group=group, user=charlie).count() == 1
    assert count_of(group) == 2


# Invitations


def test_invite_and_accept_in_a_course_group(enrolled, alice, bob, make_group):
    group = make_group(alice, course=enrolled, visibility="invite")
    invitation = actions.invite(alice, group, bob)

    assert notes(bob) == ["Alice Ames invited you to the study group Probability study group."]
    actions.respond_to_invitation(bob, invitation, accept=True)

    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert roles(group) == {"alice": "owner", "bob": "member"}
    assert count_of(group) == 2


def test_the_invitee_must_be_in_the_course(enrolled, alice, charlie, make_group):
    group = make_group(alice, course=enrolled, visibility="invite")
    with pytest.raises(actions.NotAllowed):
        actions.invite(alice, group, charlie)
    assert not Invitation.objects.exists()
    assert notes(charlie) == []


def test_declining_an_invitation(alice, bob, make_group):
    group = make_group(alice, visibility="invite")
    invitation = actions.respond_to_invitation(bob, actions.invite(alice, group, bob), accept=False)
    assert invitation.status == "declined"
    assert "bob" not in roles(group)
    with pytest.raises(actions.GroupError):
        actions.respond_to_invitation(bob, invitation, accept=True)
    assert "bob" not in roles(group)


def test_nobody_answers_someone_elses_invitation(alice, bob, mallory, make_group):
    group = make_group(alice, visibility="invite")
    invitation = actions.invite(alice, group, bob)
    with pytest.raises(actions.NotAllowed):
        actions.respond_to_invitation(mallory, invitation, accept=True)
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert "mallory" not in roles(group)


def test_plain_members_and_outsiders_cannot_invite(open_group, bob, charlie, mallory):
    for person in (bob, mallory):
        with pytest.raises(actions.NotAllowed):
            actions.invite(person, open_group, charlie)
    with pytest.raises(actions.AlreadyMember):
        actions.invite(open_group.owner, open_group, bob)
    assert not Invitation.objects.exists()


@pytest.mark.parametrize("blocker", ["inviter", "invitee"])
def test_a_block_declines_pending_invitations_between_the_two(
    alice, bob, charlie, make_group, blocker
):
    """Both ways: an invitation invite() would now refuse does not stay open either."""
    alices = make_group(alice, name="Alice's circle", visibility="invite")
    bobs = make_group(bob, name="Bob's circle", visibility="invite")
    to_bob = actions.invite(alice, alices, bob)
    to_alice = actions.invite(bob, bobs, alice)
    to_charlie = actions.invite(alice, alices, charlie)

    if blocker == "inviter":
        block(alice, bob)
    else:
        block(bob, alice)

    for invitation in (to_bob, to_alice):
        invitation.refresh_from_db()
        assert invitation.status == "declined"
        with pytest.raises(actions.GroupError):
            actions.respond_to_invitation(invitation.invitee, invitation, accept=True)
    to_charlie.refresh_from_db()
    assert to_charlie.status == "pending"
    assert "bob" not in roles(alices) and "alice" not in roles(bobs)


def test_a_block_withdraws_pending_requests_to_groups_the_other_organises(
    request_group, bob, charlie, mallory, make_group
):
    """Both ways, as request_to_join would now refuse them; other people's requests stay."""
    charlies = make_group(charlie, name="Charlie's circle", visibility="request")
    from_charlie = actions.request_to_join(charlie, request_group)  # bob co-organises it
    from_bob = actions.request_to_join(bob, charlies)
    from_mallory = actions.request_to_join(mallory, request_group)

    block(bob, charlie)

    for join_request in (from_charlie, from_bob, from_mallory):
        join_request.refresh_from_db()
    assert (from_charlie.status, from_bob.status) == ("withdrawn", "withdrawn")
    assert from_mallory.status == "pending"


def test_accepting_when_full_raises_group_full(alice, bob, charlie, make_group):
    group = make_group(alice, visibility="invite", capacity=2)
    to_bob = actions.invite(alice, group, bob)
    to_charlie = actions.invite(alice, group, charlie)
    actions.respond_to_invitation(bob, to_bob, accept=True)
    with pytest.raises(actions.GroupFull):
        actions.respond_to_invitation(charlie, to_charlie, accept=True)
    assert count_of(group) == 2


# Removing members, roles and ownership


@pytest.fixture
def organised_group(open_group, alice, bob, charlie, mallory):
    """alice owns, bob co-organises, charlie and mallory are members (capacity 5)."""
    actions.update_group(
        alice,
        open_group,
        name=open_group.name,
        description="",
        capacity=5,
        visibility="open",
        topics=[],
        languages=[],
        slots=[],
    )
    actions.set_member_role(alice, open_group, bob, "co_organiser")
    actions.join_group(charlie, open_group)
    actions.join_group(mallory, open_group)
    Notification.objects.all().delete()
    open_group.refresh_from_db()
    return open_group


def test_a_co_organiser_removes_a_member_who_is_told(organised_group, bob, charlie):
    actions.remove_member(bob, organised_group, charlie)
    assert "charlie" not in roles(organised_group)
    assert count_of(organised_group) == 3
    assert notes(charlie) == ["You were removed from Probability study group."]


def test_a_co_organiser_cannot_remove_a_co_organiser(organised_group, alice, bob, charlie):
    actions.set_member_role(alice, organised_group, charlie, "co_organiser")
    with pytest.raises(actions.NotAllowed):
        actions.remove_member(bob, organised_group, charlie)
    assert roles(organised_group)["charlie"] == "co_organiser"


def test_the_owner_removes_a_co_organiser(organised_group, alice, bob):
    actions.remove_member(alice, organised_group, bob)
    assert "bob" not in roles(organised_group)


@pytest.mark.parametrize("actor", ["alice", "bob", "moderator"])
def test_the_owner_cannot_be_removed(organised_group, alice, actor, request):
    with pytest.raises(actions.NotAllowed):
        actions.remove_member(request.getfixturevalue(actor), organised_group, alice)
    assert roles(organised_group)["alice"] == "owner"


def test_members_cannot_remove_members(organised_group, charlie, mallory):
    with pytest.raises(actions.NotAllowed):
        actions.remove_member(mallory, organised_group, charlie)
    assert count_of(organised_group) == 4


def test_removing_a_non_member_is_an_error(organised_group, alice, make_person):
    with pytest.raises(actions.NotAMember):
        actions.remove_member(alice, organised_group, make_person("erin"))
    assert count_of(organised_group) == 4


# persona x verb: who may change roles and hand the group over.
@pytest.mark.parametrize(
    ("actor", "allowed"),
    [("alice", True), ("moderator", True), ("bob", False), ("mallory", False), ("ines", False)],
)
def test_who_sets_roles(organised_group, charlie, actor, allowed, request, instructor):
    person = instructor if actor == "ines" else request.getfixturevalue(actor)
    if allowed:
        actions.set_member_role(person, organised_group, charlie, "co_organiser")
        assert roles(organised_group)["charlie"] == "co_organiser"
    else:
        with pytest.raises(actions.NotAllowed):
            actions.set_member_role(person, organised_group, charlie, "co_organiser")
        assert roles(organised_group)["charlie"] == "member"


@pytest.mark.parametrize("role", ["owner", "admin", ""])
def test_only_member_or_co_organiser_roles_are_handed_out(organised_group, alice, charlie, role):
    with pytest.raises(actions.GroupError):
        actions.set_member_role(alice, organised_group, charlie, role)
    assert roles(organised_group) == {
        "alice": "owner",
        "bob": "co_organiser",
        "charlie": "member",
        "mallory": "member",
    }


def test_transfer_makes_one_new_owner_and_the_old_one_co_organiser(organised_group, alice, charlie):
    actions.transfer_ownership(alice, organised_group, charlie)

    organised_group.refresh_from_db()
    assert organised_group.owner == charlie
    assert roles(organised_group) == {
        "alice": "co_organiser",
        "bob": "co_organiser",
        "charlie": "owner",
        "mallory": "member",
    }
    assert Membership.objects.filter(group=organised_group, role="owner").count() == 1
    assert notes(charlie) == ["You are now the owner of Probability study group."]
    actions.leave_group(alice, organised_group)  # the former owner may now leave
    assert "alice" not in roles(organised_group)


def test_the_new_owner_must_be_a_member(organised_group, alice, make_person):
    with pytest.raises(actions.NotAMember):
        actions.transfer_ownership(alice, organised_group, make_person("erin"))
    organised_group.refresh_from_db()
    assert organised_group.owner == alice


@pytest.mark.parametrize("actor", ["bob", "charlie"])
def test_only_the_owner_hands_the_group_over(organised_group, alice, mallory, actor, request):
    with pytest.raises(actions.NotAllowed):
        actions.transfer_ownership(request.getfixturevalue(actor), organised_group, mallory)
    organised_group.refresh_from_db()
    assert organised_group.owner == alice
    assert roles(organised_group)["alice"] == "owner"


# Archiving


def test_only_the_owner_archives(organised_group, bob):
    with pytest.raises(actions.NotAllowed):
        actions.archive_group(bob, organised_group)
    organised_group.refresh_from_db()
    assert not organised_group.is_archived


def test_an_archived_group_is_read_only(alice, bob, charlie, mallory, make_group):
    group = make_group(alice, capacity=2)
    actions.join_group(bob, group)
    actions.join_waitlist(charlie, group)
    actions.leave_group(bob, group)  # charlie promoted
    actions.join_waitlist(bob, group)
    requests = make_group(alice, visibility="request", name="Requests")
    actions.request_to_join(mallory, requests)

    actions.archive_group(alice, group)
    actions.archive_group(alice, requests)

    group.refresh_from_db()
    assert group.is_archived
    assert not WaitlistEntry.objects.exists()
    assert JoinRequest.objects.get().status == "declined"
    actions.leave_group(charlie, group)
    with pytest.raises(actions.GroupError, match="archived"):
        actions.join_group(mallory, group)
    with pytest.raises(actions.GroupError, match="archived"):
        actions.request_to_join(mallory, requests)
    with pytest.raises(actions.GroupError, match="archived"):
        actions.invite(alice, group, mallory)
    with pytest.raises(actions.GroupError, match="archived"):
        actions.update_group(
            alice,
            group,
            name="Renamed",
            description="",
            capacity=5,
            visibility="open",
            topics=[],
            languages=[],
            slots=[],
        )
    assert roles(group) == {"alice": "owner"}
    group.refresh_from_db()
    assert group.name == "Probability study group"


# update_group


def update(actor, group, **changes):
    fields = {
        "name": group.name,
        "description": group.description,
        "capacity": group.capacity,
        "visibility": group.visibility,
        "topics": [],
        "languages": [],
        "slots": [],
    }
    fields.update(changes)
    return actions.update_group(actor, group, **fields)


def test_capacity_cannot_drop_below_the_member_count(organised_group, alice):
    with pytest.raises(actions.GroupError, match="has 4 members"):
        update(alice, organised_group, capacity=3)
    organised_group.refresh_from_db()
    assert organised_group.capacity == 5
    update(alice, organised_group, capacity=4)  # exactly the member count is fine
    organised_group.refresh_from_db()
    assert organised_group.capacity == 4


def test_growing_capacity_promotes_waiters_in_order(
    full_group, alice, charlie, mallory, make_person
):
    erin = make_person("erin")
    for person in (charlie, mallory, erin):
        actions.join_waitlist(person, full_group)

    update(alice, full_group, capacity=4)

    assert set(roles(full_group)) == {"alice", "bob", "charlie", "mallory"}
    assert count_of(full_group) == 4
    assert list(WaitlistEntry.objects.values_list("user__username", flat=True)) == ["erin"]
    assert len(notes(charlie)) == len(notes(mallory)) == 1
    assert notes(erin) == []


def test_members_cannot_edit_the_group(organised_group, charlie):
    with pytest.raises(actions.NotAllowed):
        update(charlie, organised_group, name="Mine now")
    organised_group.refresh_from_db()
    assert organised_group.name == "Probability study group"


def test_editing_stores_meetings_in_the_editors_zone(organised_group, bob):
    update(bob, organised_group, slots=[(2, time(9, 0), 60)])
    assert list(
        MeetingSlot.objects.filter(group=organised_group).values_list("weekday", "time_zone")
    ) == [(2, "America/New_York")]


# Database constraints: the last line of defence, even without the verbs.


def test_the_database_refuses_an_overfull_group(full_group):
    with pytest.raises(IntegrityError), transaction.atomic():
        StudyGroup.objects.filter(pk=full_group.pk).update(member_count=3)
    assert count_of(full_group) == 2


@pytest.mark.parametrize("capacity", [1, 51])
def test_the_database_refuses_capacity_out_of_range(open_group, capacity):
    with pytest.raises(IntegrityError), transaction.atomic():
        StudyGroup.objects.filter(pk=open_group.pk).update(capacity=capacity)
    open_group.refresh_from_db()
    assert open_group.capacity == 3


def test_the_database_refuses_a_duplicate_membership(open_group, bob):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(group=open_group, user=bob)
    assert Membership.objects.filter(group=open_group, user=bob).count() == 1


def test_the_database_refuses_a_second_owner(open_group, bob):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.filter(group=open_group, user=bob).update(role="owner")
    assert roles(open_group)["bob"] == "member"


def test_the_database_refuses_a_second_pending_request(alice, charlie, make_group):
    group = make_group(alice, visibility="request")
    actions.request_to_join(charlie, group)
    with pytest.raises(IntegrityError), transaction.atomic():
        JoinRequest.objects.create(group=group, user=charlie)
    assert JoinRequest.objects.count() == 1


def test_removal_from_a_course_frees_the_seat_in_its_groups(
    enrolled, instructor, alice, bob, make_group, make_person
):
    """The freed seat goes to the first waiter, who is told."""
    group = make_group(alice, course=enrolled, capacity=2)
    actions.join_group(bob, group)
    waiter = make_person("wes")
    course_actions.enrol_with_code(waiter, enrolled.join_code)
    actions.join_waitlist(waiter, group)

    course_actions.remove_from_course(instructor, enrolled, bob)

    assert roles(group) == {"alice": "owner", "wes": "member"}
    group.refresh_from_db()
    assert group.member_count == 2
    assert any("seat opened up" in text for text in notice_texts(waiter))


def test_an_owner_removed_from_the_course_hands_the_group_on(
    enrolled, instructor, alice, bob, make_group
):
    group = make_group(alice, course=enrolled)
    actions.join_group(bob, group)

    course_actions.remove_from_course(instructor, enrolled, alice)

    group.refresh_from_db()
    assert group.owner == bob
    assert roles(group) == {"bob": "owner"}
    assert group.member_count == 1


def test_a_group_left_empty_by_a_course_removal_is_archived(
    enrolled, instructor, alice, make_group
):
    group = make_group(alice, course=enrolled)

    course_actions.remove_from_course(instructor, enrolled, alice)

    group.refresh_from_db()
    assert group.is_archived
    assert group.member_count == 0


def test_archiving_declines_pending_invitations(alice, charlie, make_group):
    group = make_group(alice, visibility="invite")
    invitation = actions.invite(alice, group, charlie)

    actions.archive_group(alice, group)

    invitation.refresh_from_db()
    assert invitation.status == "declined"
