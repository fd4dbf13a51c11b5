from datetime import time

import pytest
from django.test import Client
from django.urls import reverse

from groups import actions
from groups.models import JoinRequest, MeetingSlot, Membership, StudyGroup, WaitlistEntry


def group_urls(group, request_pk=1):
    pk = group.pk
    gets = ["detail", "edit", "calendar"]
    posts = [
        "join",
        "leave",
        "waitlist",
        "leave_waitlist",
        "ask_to_join",
        "withdraw_request",
        "invite",
        "respond_invitation",
        "remove_member",
        "set_role",
        "transfer",
        "archive",
    ]
    urls = [("get", reverse(f"groups:{name}", args=[pk])) for name in gets]
    urls += [("post", reverse(f"groups:{name}", args=[pk])) for name in posts]
    urls.append(("post", reverse("groups:decide_request", args=[pk, request_pk])))
    urls.append(("post", reverse("groups:edit", args=[pk])))
    return urls


def group_post(**overrides):
    """A valid create/edit form: Tuesdays 19:00-20:30 in the poster's zone."""
    data = {
        "name": "Bayes club",
        "description": "Chapter a week.",
        "course": "",
        "topics": "bayes, probability",
        "capacity": "6",
        "visibility": "open",
        "slots-TOTAL_FORMS": "1",
        "slots-INITIAL_FORMS": "0",
        "slots-MIN_NUM_FORMS": "0",
        "slots-MAX_NUM_FORMS": "7",
        "slots-0-weekday": "1",
        "slots-0-start": "19:00",
        "slots-0-end": "20:30",
    }
    data.update(overrides)
    return data


def snapshot():
    return (
        sorted(
            StudyGroup.objects.values_list("pk", "name", "capacity", "owner_id", "member_count")
        ),
        sorted(Membership.objects.values_list("group_id", "user_id", "role")),
        sorted(MeetingSlot.objects.values_list("group_id", "weekday", "start_time")),
    )


# Visitors and outsiders


@pytest.mark.django_db
def test_visitors_are_sent_to_log_in_everywhere(client, open_group):
    before = snapshot()
    urls = [("get", reverse("groups:index")), ("get", reverse("groups:create"))]
    urls.append(("post", reverse("groups:create")))
    for method, url in urls + group_urls(open_group):
        response = getattr(client, method)(url, {"user": "1"} if method == "post" else None)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    assert snapshot() == before


def test_an_invite_only_group_is_404_on_every_route_for_outsiders(
    client, alice, charlie, make_group
):
    group = make_group(alice, visibility="invite")
    before = snapshot()
    client.force_login(charlie)
    for method, url in group_urls(group):
        assert getattr(client, method)(url).status_code == 404, url
    assert snapshot() == before


def test_a_course_group_is_404_on_every_route_outside_the_course(
    client, enrolled, alice, bob, charlie, make_group
):
    group = make_group(alice, course=enrolled, capacity=2)
    actions.join_group(bob, group)
    join_request = JoinRequest.objects.create(group=group, user=bob)  # any id of this group
    before = snapshot()
    client.force_login(charlie)
    for method, url in group_urls(group, join_request.pk):
        assert getattr(client, method)(url, {"user": bob.pk}).status_code == 404, url
    assert snapshot() == before
    assert not WaitlistEntry.objects.exists()


def test_an_outsider_cannot_manage_an_open_group(client, open_group, bob, charlie, messages_of):
    client.force_login(charlie)
    before = snapshot()
    edit = client.post(reverse("groups:edit", args=[open_group.pk]), group_post(name="Mine"))
    remove = client.post(reverse("groups:remove_member", args=[open_group.pk]), {"user": bob.pk})
    archive = client.post(reverse("groups:archive", args=[open_group.pk]))
    assert edit.status_code == 302
    assert messages_of(edit) == ["Only the group's organisers can edit it."]
    assert messages_of(remove) == ["Only the group's organisers can remove members."]
    assert messages_of(archive) == ["Only the owner or a moderator can archive the group."]
    assert snapshot() == before


# Creating and editing


def test_creating_a_group(client, alice):
    client.force_login(alice)
    response = client.post(reverse("groups:create"), group_post())
    group = StudyGroup.objects.get()
    assert response.status_code == 302
    assert response["Location"] == group.get_absolute_url()
    assert (group.name, group.capacity, group.member_count) == ("Bayes club", 6, 1)
    assert sorted(group.topics.values_list("name", flat=True)) == ["bayes", "probability"]
    assert list(group.meeting_slots.values_list("weekday", "start_time", "duration_minutes")) == [
        (1, time(19, 0), 90)
    ]


def test_the_create_form_offers_only_my_courses(client, enrolled, charlie):
    client.force_login(charlie)
    response = client.post(reverse("groups:create"), group_post(course=str(enrolled.pk)))
    assert response.status_code == 400
    assert "course" in response.context["form"].errors
    assert not StudyGroup.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"capacity": "0"}, "capacity"),
        ({"capacity": "1"}, "capacity"),
        ({"capacity": "51"}, "capacity"),
        ({"capacity": "10000"}, "capacity"),
        ({"capacity": "-3"}, "capacity"),
        ({"capacity": "eight"}, "capacity"),
        ({"description": "x" * 10_000}, "description"),
        ({"name": "<script>alert(1)</script>"}, "name"),
        ({"name": "<img src=x onerror=alert(1)>"}, "name"),
        ({"name": ""}, "name"),
        ({"name": "n" * 81}, "name"),
        ({"visibility": "public"}, "visibility"),
        ({"topics": "<b>x</b>"}, "topics"),
    ],
)
def test_hostile_group_input_is_a_400_with_field_errors_and_no_rows(
    client, alice, overrides, field
):
    client.force_login(alice)
    response = client.post(reverse("groups:create"), group_post(**overrides))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not StudyGroup.objects.exists()
    assert not MeetingSlot.objects.exists()
    assert b"<script>alert(1)</script>" not in response.content


@pytest.mark.parametrize(
    "slot",
    [
        {"slots-0-start": "20:30", "slots-0-end": "19:00"},  # ends before it starts
        {"slots-0-start": "19:00", "slots-0-end": "19:00"},
        {"slots-0-start": "19:00", "slots-0-end": "19:10"},  # under 15 minutes
        {"slots-0-start": "08:00", "slots-0-end": "16:30"},  # over 8 hours
        {"slots-0-weekday": "7"},
        {"slots-0-start": "25:00"},
        {"slots-0-start": "<script>"},
    ],
)
def test_a_bad_meeting_is_a_400_and_nothing_is_created(client, alice, slot):
    client.force_login(alice)
    response = client.post(reverse("groups:create"), group_post(**slot))
    assert response.status_code == 400
    assert response.context["slot_formset"].total_error_count() == 1
    assert not StudyGroup.objects.exists()
    assert not MeetingSlot.objects.exists()


def test_more_than_twenty_one_meetings_a_week_is_refused(client, alice):
    client.force_login(alice)
    data = group_post(**{"slots-TOTAL_FORMS": "22"})
    for index in range(22):
        data[f"slots-{index}-weekday"] = str(index % 7)
        data[f"slots-{index}-start"] = f"{index:02d}:00"
        data[f"slots-{index}-end"] = f"{index:02d}:30"
    response = client.post(reverse("groups:create"), data)
    assert response.status_code == 400
    assert not StudyGroup.objects.exists()


def test_editing_capacity_down_to_the_member_count_is_allowed(client, open_group, alice):
    client.force_login(alice)
    response = client.post(reverse("groups:edit", args=[open_group.pk]), group_post(capacity="2"))
    assert response.status_code == 302
    open_group.refresh_from_db()
    assert (open_group.capacity, open_group.member_count) == (2, 2)


def test_editing_capacity_below_members_shows_the_error(client, open_group, alice, charlie):
    actions.join_group(charlie, open_group)  # 3 of 3
    client.force_login(alice)
    response = client.post(reverse("groups:edit", args=[open_group.pk]), group_post(capacity="2"))
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "The group has 3 members; capacity cannot be lower than that."
    ]
    open_group.refresh_from_db()
    assert (open_group.capacity, open_group.name) == (3, "Probability study group")


def test_the_edit_form_shows_meetings_in_the_editors_zone(client, open_group, bob, alice):
    actions.set_member_role(alice, open_group, bob, "co_organiser")
    client.force_login(bob)
    response = client.get(reverse("groups:edit", args=[open_group.pk]))
    # Tuesday 19:00-20:30 in Berlin is Tuesday 13:00-14:30 in New York (6 h behind,
    # or 5 h in the weeks between the US and EU clock changes).
    initial = response.context["slot_formset"].initial[0]
    assert initial["weekday"] == 1
    assert (initial["start"], initial["end"]) in [
        (time(13, 0), time(14, 30)),
        (time(14, 0), time(15, 30)),
    ]


# Joining, waitlist, requests


def test_joining_a_full_group_suggests_the_waitlist(client, open_group, charlie, mallory):
    actions.join_group(charlie, open_group)
    client.force_login(mallory)
    response = client.post(reverse("groups:join", args=[open_group.pk]), follow=True)
    assert b"just filled up. Join the waitlist" in response.content
    client.post(reverse("groups:waitlist", args=[open_group.pk]))
    assert WaitlistEntry.objects.filter(user=mallory).exists()
    page = client.get(open_group.get_absolute_url()).content
    assert b"You are on the waitlist" in page
    # A full group does not promise "anyone can join".
    assert b"Open, full: join the waitlist" in page and b"anyone can join" not in page


def test_a_members_page_shows_members_and_meetings_in_my_zone(client, open_group, bob):
    client.force_login(bob)
    body = client.get(open_group.get_absolute_url()).content.decode()
    assert "Alice Ames" in body and "Bob Baptiste" in body
    assert "America/New_York" in body
    assert reverse("groups:calendar", args=[open_group.pk]) in body


def test_request_and_decide_through_the_pages(client, alice, charlie, make_group, messages_of):
    group = make_group(alice, visibility="request")
    client.force_login(charlie)
    client.post(reverse("groups:ask_to_join", args=[group.pk]), {"message": "Hi <b>there</b>"})
    join_request = JoinRequest.objects.get()

    client.force_login(alice)
    page = client.get(group.get_absolute_url()).content.decode()
    assert "Hi &lt;b&gt;there&lt;/b&gt;" in page
    response = client.post(
        reverse("groups:decide_request", args=[group.pk, join_request.pk]), {"decision": "approve"}
    )
    assert messages_of(response) == ["Charlie Chen was added to the group."]
    assert Membership.objects.filter(group=group, user=charlie).exists()


def test_an_overlong_request_note_is_refused(client, alice, charlie, make_group, messages_of):
    group = make_group(alice, visibility="request")
    client.force_login(charlie)
    response = client.post(reverse("groups:ask_to_join", args=[group.pk]), {"message": "x" * 501})
    assert messages_of(response) == ["Your note is too long (500 characters at most)."]
    assert not JoinRequest.objects.exists()


def test_another_groups_request_id_is_a_404(client, alice, charlie, make_group):
    mine = make_group(alice, visibility="request", name="Mine")
    theirs = make_group(charlie, visibility="request", name="Theirs")
    join_request = actions.request_to_join(alice, theirs)

    client.force_login(alice)
    response = client.post(
        reverse("groups:decide_request", args=[mine.pk, join_request.pk]), {"decision": "approve"}
    )

    assert response.status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == "pending"


def test_inviting_through_the_page(client, alice, bob, make_group, messages_of):
    group = make_group(alice, visibility="invite")
    client.force_login(alice)
    unknown = client.post(reverse("groups:invite", args=[group.pk]), {"person": "<script>"})
    ok = client.post(reverse("groups:invite", args=[group.pk]), {"person": "@bob"})
    assert messages_of(unknown) == ["No one on Commons has that handle."]
    assert messages_of(ok) == ["Bob Baptiste is invited."]

    client.force_login(bob)
    client.post(reverse("groups:respond_invitation", args=[group.pk]), {"decision": "accept"})
    assert Membership.objects.filter(group=group, user=bob).exists()


# Member forms with someone else's member


@pytest.fixture
def two_groups(open_group, alice, charlie, mallory, make_group):
    """alice's open group (alice, bob) and mallory's group (mallory, charlie)."""
    other = make_group(mallory, name="Mallory's group")
    actions.join_group(charlie, other)
    return open_group, other


@pytest.mark.parametrize("route", ["remove_member", "set_role", "transfer"])
@pytest.mark.parametrize(
    "user_value",
    ["other-member", "other-owner", "", "abc", "-1", "99999999999999999999999", "²"],
)
def test_someone_elses_member_in_member_forms_changes_nothing(
    client, two_groups, alice, charlie, mallory, route, user_value, messages_of
):
    mine, _other = two_groups
    value = {"other-member": charlie.pk, "other-owner": mallory.pk}.get(user_value, user_value)
    client.force_login(alice)
    before = snapshot()

    response = client.post(
        reverse(f"groups:{route}", args=[mine.pk]), {"user": value, "role": "co_organiser"}
    )

    assert response.status_code == 302
    assert messages_of(response) == ["That person is not a member of this group."]
    assert snapshot() == before


def test_member_forms_work_for_my_members(client, open_group, alice, bob, messages_of):
    client.force_login(alice)
    role = client.post(
        reverse("groups:set_role", args=[open_group.pk]), {"user": bob.pk, "role": "co_organiser"}
    )
    transfer = client.post(reverse("groups:transfer", args=[open_group.pk]), {"user": bob.pk})
    assert messages_of(role) == ["Bob Baptiste is now a co-organiser."]
    assert messages_of(transfer) == ["Bob Baptiste now owns the group."]
    open_group.refresh_from_db()
    assert open_group.owner == bob


def test_the_owner_is_not_removed_through_the_page(client, open_group, alice, moderator):
    client.force_login(moderator)
    response = client.post(
        reverse("groups:remove_member", args=[open_group.pk]), {"user": alice.pk}
    )
    assert response.status_code == 302
    assert Membership.objects.get(group=open_group, user=alice).role == "owner"


# CSRF


def test_join_is_protected_by_csrf(open_group, charlie):
    client = Client(enforce_csrf_checks=True)
    client.force_login(charlie)
    response = client.post(reverse("groups:join", args=[open_group.pk]))
    assert response.status_code == 403
    assert not Membership.objects.filter(user=charlie).exists()


def test_archive_through_the_page(client, open_group, alice, charlie):
    client.force_login(alice)
    client.post(reverse("groups:archive", args=[open_group.pk]))
    open_group.refresh_from_db()
    assert open_group.is_archived
    client.force_login(charlie)
    response = client.post(reverse("groups:join", args=[open_group.pk]), follow=True)
    assert b"is archived" in response.content
    assert not Membership.objects.filter(user=charlie).exists()


@pytest.mark.django_db
def test_untouched_extra_meeting_rows_are_skipped_like_a_browser_sends_them(alice_client, alice):
    """The page offers two blank meeting rows; a browser posts them with an empty day."""
    data = group_post(**{"slots-TOTAL_FORMS": "3"})
    for row in (1, 2):
        data.update({f"slots-{row}-weekday": "", f"slots-{row}-start": "", f"slots-{row}-end": ""})

    response = alice_client.post(reverse("groups:create"), data)

    assert response.status_code == 302
    group = StudyGroup.objects.get(name="Bayes club")
    assert group.meeting_slots.count() == 1


@pytest.mark.django_db
def test_reporting_a_group_reaches_the_moderation_queue(client, open_group, charlie):
    from lounge.models import Report

    client.force_login(charlie)
    url = reverse("groups:report", args=[open_group.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"reason": "spam", "note": "<b>ads</b> everywhere"})

    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.target, report.reason) == (charlie, open_group, "spam")
    assert report.reported_user == open_group.owner


@pytest.mark.django_db
def test_a_group_you_cannot_see_cannot_be_reported(client, charlie, make_group, alice):
    hidden = make_group(alice, visibility="invite")
    client.force_login(charlie)

    assert (
        client.post(reverse("groups:report", args=[hidden.pk]), {"reason": "spam"}).status_code
        == 404
    )
