"""Notifications are facts put into words when read: blocks and lost access hold, the
page and the bell do not grow with the number of notifications."""

import re

import pytest
from django.urls import reverse

from accounts.actions import block, mark_notifications_read, notify, unblock
from accounts.models import Notification
from groups import actions as groups
from tests.notices import notice_texts

AVAILABILITY = reverse("accounts:availability")
PAGE = reverse("notifications:index")


@pytest.fixture
def invite_only(alice, make_group):
    return make_group(alice, name="Bayes circle", visibility="invite")


@pytest.fixture
def make_group(db):
    def make(owner, **fields):
        defaults = {
            "description": "",
            "course": None,
            "visibility": "open",
            "capacity": 6,
            "topics": [],
            "languages": [],
            "slots": [],
        }
        return groups.create_group(owner, **(defaults | fields))

    return make


def test_notify_records_the_person_who_caused_it(alice, bob):
    notice = notify(bob, "warning", reason="be kind")
    assert notice.actor is None and notice.text == "A moderator has warned you: be kind"
    notice = notify(bob, "invitation", actor=alice, group="G", url="/groups/1/")
    assert Notification.objects.get(pk=notice.pk).actor == alice


def test_the_text_is_written_when_read_with_the_actors_current_name(alice, bob, invite_only):
    groups.invite(alice, invite_only, bob)
    alice.profile.display_name = "Alice A."
    alice.profile.save()
    assert notice_texts(bob) == ["Alice A. invited you to the study group Bayes circle."]


def test_hostile_names_and_params_are_escaped(bob, mallory, client):
    mallory.profile.display_name = "<img src=x onerror=alert(1)>"
    mallory.profile.save()
    notify(bob, "dm", actor=mallory, preview="<script>alert(2)</script>", url="javascript:x")
    client.force_login(bob)
    page = client.get(PAGE).text
    assert "<script>alert(2)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "javascript:" not in page


def test_a_legacy_row_keeps_its_text(bob):
    notice = notify(bob, "legacy", text="A seat opened up.", url="/groups/")
    assert notice.text == "A seat opened up."


@pytest.mark.parametrize("blocker", ["recipient", "actor"])
def test_a_block_either_way_hides_what_the_other_caused(alice, bob, charlie, blocker):
    notify(bob, "invitation", actor=alice, group="From alice")
    notify(bob, "invitation", actor=charlie, group="From charlie")
    notify(bob, "warning", reason="From nobody in particular")
    if blocker == "recipient":
        block(bob, alice)
    else:
        block(alice, bob)

    assert [t.split(": ")[-1] for t in notice_texts(bob)] == [
        "From nobody in particular",
        "Charlie Chen invited you to the study group From charlie.",
    ]
    assert notice_texts(alice) == []


def test_nothing_is_recorded_across_an_existing_block(alice, bob):
    """What would come after the block is never stored, so it cannot come back on
    unblocking (or be emailed)."""
    block(bob, alice)
    assert notify(bob, "invitation", actor=alice, group="G") is None
    unblock(bob, alice)
    assert not Notification.objects.exists()


def test_a_kind_turned_off_is_not_stored_but_warnings_always_are(bob):
    from accounts.actions import update_notification_settings

    update_notification_settings(bob, deliveries={"invitation": "off", "warning": "off"})
    assert notify(bob, "invitation", group="G") is None
    assert notify(bob, "warning", reason="r") is not None


def test_losing_access_hides_the_text(alice, bob, make_group):
    """A removed member no longer reads what went on in a group they may not see."""
    group = make_group(alice, name="Secret society", visibility="invite")
    groups.invite(alice, group, bob)
    groups.respond_to_invitation(bob, group.invitations.get(invitee=bob), accept=True)
    notify(bob, "group_owner", target=group, scope=group, group=group.name)
    assert "Secret society" in notice_texts(bob)[0]

    groups.remove_member(alice, group, bob)

    texts = notice_texts(bob)
    assert texts[0] == "You were removed from Secret society."  # about themselves: kept
    assert texts[1] == "About something you can no longer see."


def test_home_and_the_bell_leave_out_a_blocked_persons_invitation(
    invite_only, alice, bob, charlie, client, make_group
):
    groups.invite(alice, invite_only, bob)
    groups.invite(charlie, make_group(charlie, name="Tea and tensors", visibility="invite"), bob)
    block(bob, alice)
    client.force_login(bob)

    badge = re.search(r'id="notification-badge"[^>]*>(\d+)<', client.get(AVAILABILITY).text)
    home = client.get("/").text

    assert badge.group(1) == "1"
    assert "Alice Ames invited you" not in home
    assert "Charlie Chen invited you to the study group Tea and tensors." in home


def test_the_page_filters_by_kind_and_marks_read(alice, bob, client, invite_only):
    groups.invite(alice, invite_only, bob)
    notice = notify(bob, "warning", reason="calm down")
    client.force_login(bob)

    only = client.get(PAGE, {"kind": "warning"}).text
    assert "calm down" in only and "Bayes circle" not in only

    client.post(reverse("notifications:read", args=[notice.pk]))
    assert Notification.objects.get(pk=notice.pk).read_at is not None
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=bob, read_at__isnull=True).exists()


def test_opening_one_marks_it_read_and_lands_on_its_target(alice, bob, client, invite_only):
    groups.invite(alice, invite_only, bob)
    notice = Notification.objects.get(recipient=bob)
    client.force_login(bob)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.status_code == 302 and response.url == invite_only.get_absolute_url()
    assert Notification.objects.get(pk=notice.pk).read_at is not None


def test_someone_elses_notification_is_not_found(alice, bob, charlie, client, invite_only):
    groups.invite(alice, invite_only, bob)
    notice = Notification.objects.get(recipient=bob)
    client.force_login(charlie)
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[notice.pk])).status_code == 404
    assert "Bayes" not in client.get(PAGE).text
    assert Notification.objects.get(pk=notice.pk).read_at is None


def test_the_pages_need_a_sign_in(client):
    for name in ["index", "latest", "preferences"]:
        response = client.get(reverse(f"notifications:{name}"))
        assert response.status_code == 302 and "/accounts/login/" in response.url


def test_the_dropdown_lists_the_latest_few(alice, bob, client):
    for n in range(10):
        notify(bob, "invitation", actor=alice, group=f"Group {n}", url="/groups/")
    client.force_login(bob)
    html = client.get(reverse("notifications:latest"), headers={"HX-Request": "true"}).text
    assert html.count("<li") == 6 and "Group 9" in html and "Group 3" not in html


@pytest.mark.parametrize("count", [3, 60])
def test_the_page_and_the_bell_do_not_grow_with_notifications(
    alice, bob, charlie, client, make_group, count, django_assert_max_num_queries
):
    group = make_group(alice, name="Open door")
    groups.join_group(bob, group)
    for n in range(count):
        actor = alice if n % 2 else charlie
        notify(bob, "group_owner", actor=actor, target=group, scope=group, group=f"G{n}", url="/")
    client.force_login(bob)
    client.get(PAGE)  # warm the session and content types
    with django_assert_max_num_queries(14):
        assert client.get(PAGE).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("notifications:latest")).status_code == 200


def test_the_badge_says_99_plus_past_a_hundred(bob, client):
    from accounts.models import BADGE_CAP

    Notification.objects.bulk_create(
        Notification(recipient=bob, kind="legacy", params={"text": "x"})
        for _ in range(BADGE_CAP + 5)
    )
    client.force_login(bob)
    assert ">99+<" in client.get(AVAILABILITY).text
    mark_notifications_read(bob)
    assert 'data-unread="0"' in client.get(AVAILABILITY).text


@pytest.mark.parametrize("url", ["//evil.example/x", "/\\evil.example", "https://evil.example/"])
def test_a_link_never_leaves_the_site(bob, client, url):
    notice = notify(bob, "legacy", text="Look", url=url)
    client.force_login(bob)
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.url == PAGE


def test_an_unknown_kind_is_a_programming_error(bob):
    with pytest.raises(ValueError, match="Unknown notification kinds"):
        notify(bob, "mentoin")
