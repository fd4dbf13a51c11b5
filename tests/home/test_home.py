"""The signed-in home page: your groups by their next meeting, your latest news (blocks
and lost access hold) and your profile checklist, in a number of queries that does not
grow with how many groups, notifications or channels you have."""

import re
from datetime import time

import pytest
from django.utils import timezone

from accounts import actions as account_actions
from accounts.models import Notification
from accounts.notifications import visible_pairs
from accounts.profile_completeness import completeness_for
from groups import actions as group_actions
from groups.sections import my_groups
from home.notification_access import latest_for, scope_visible_to
from home.views import RECENT_NOTIFICATIONS
from lounge import actions as lounge
from lounge.models import Channel
from tests.groups.conftest import build_group

pytestmark = pytest.mark.django_db


def card(page, title_id):
    return re.search(rf'id="{title_id}".*?</section>', page, re.S).group(0)


def test_my_groups_come_soonest_meeting_first_and_leave_out_archived_ones(alice_client, alice, bob):
    today = timezone.localtime(timezone.now(), alice.profile.zone).weekday()
    later = build_group(alice, name="Later circle", slots=[((today + 4) % 7, time(12), 60)])
    build_group(alice, name="Unscheduled circle")
    soon = build_group(bob, name="Soon circle", slots=[((today + 2) % 7, time(12), 60)])
    group_actions.join_group(alice, soon)
    group_actions.archive_group(alice, build_group(alice, name="Archived circle"))
    build_group(bob, name="Bob's own circle")

    groups = card(alice_client.get("/").text, "groups-title")

    names = re.findall(r">(\w+ circle)</a>", groups)
    assert names == ["Soon circle", "Later circle", "Unscheduled circle"]
    assert groups.count("next: ") == 2 and "no weekly meeting yet" in groups
    assert f'href="{later.get_absolute_url()}"' in groups


def test_the_scope_check_in_the_query_agrees_with_the_batched_one(
    alice, bob, charlie, moderator, instructor
):
    """Who may still see what a notification is about, asked inside the notification
    query, gives the answers of visible_pairs, malformed and unknown scopes included."""
    charlie.is_active = False
    charlie.save(update_fields=["is_active"])
    public = lounge.create_channel(alice, kind=Channel.Kind.SOCIAL, name="open-chat")
    private = lounge.create_channel(None, kind=Channel.Kind.GROUP, name="Team", members=[alice])
    direct = lounge.open_direct_channel(alice, [bob])
    open_group = build_group(alice, name="Open")
    invite_only = build_group(alice, name="Invite only", visibility="invite")
    archived = build_group(bob, name="Archived")
    group_actions.archive_group(bob, archived)
    scopes = [f"lounge.channel:{channel.pk}" for channel in (public, private, direct)]
    scopes += [f"groups.studygroup:{group.pk}" for group in (open_group, invite_only, archived)]
    scopes += [
        "",
        "lounge.channel:",
        "lounge.channel:abc",
        f"lounge.channel:{public.pk}:1",
        "lounge.channel:99999999999999999999999",
        "groups.studygroup:999999",
        "lounge.message:1",
    ]
    people = [alice, bob, charlie, moderator, instructor]
    for person in people:
        for scope in scopes:
            Notification.objects.create(recipient=person, kind="legacy", scope=scope)

    for person in people:
        rows = list(
            Notification.objects.filter(recipient=person).annotate(
                scope_visible=scope_visible_to(person)
            )
        )
        seen = {(n.recipient_id, n.scope) for n in rows if n.scope_visible}
        assert seen == visible_pairs(rows), person
    bobs = Notification.objects.filter(recipient=bob).annotate(scope_visible=scope_visible_to(bob))
    assert {n.scope for n in bobs if n.scope_visible} == {
        f"lounge.channel:{public.pk}",
        f"lounge.channel:{direct.pk}",
        f"groups.studygroup:{open_group.pk}",
        f"groups.studygroup:{archived.pk}",  # he is in it still
    }


def test_home_news_keeps_blocks_and_lost_access(alice_client, alice, bob, charlie):
    group = build_group(bob, name="Quiet corner", visibility="invite")
    group_actions.invite(bob, group, alice)
    account_actions.notify(alice, "group_owner", target=group, scope=group, group="Quiet corner")
    account_actions.notify(alice, "invitation", actor=charlie, group="Charlie's <b>den</b>")
    account_actions.block(alice, bob)

    news = card(alice_client.get("/").text, "notifications-title")

    assert "Bob Baptiste" not in news  # his invitation, hidden by the block
    assert "About something you can no longer see." in news  # never a member of it
    assert "Charlie Chen invited you to the study group Charlie&#x27;s &lt;b&gt;den" in news


@pytest.fixture
def busy_alice(alice, bob, charlie, mallory):
    """alice in 35 groups (and their 35 chats, and 5 social channels), with 40
    notifications of every kind of scope, some from someone she has since blocked."""
    today = timezone.localtime(timezone.now(), alice.profile.zone).weekday()
    groups = []
    for number in range(35):
        owner = alice if number % 2 else bob
        slots = [((today + number) % 7, time(9 + number % 10), 60)] if number % 5 else []
        group = build_group(owner, name=f"Circle {number}", slots=slots)
        if owner != alice:
            group_actions.join_group(alice, group)
        groups.append(group)
    channels = []
    for number in range(5):
        channel = lounge.create_channel(bob, kind=Channel.Kind.SOCIAL, name=f"chat-{number}")
        lounge.join_channel(alice, channel)
        channels.append(channel)
    for number in range(40):
        actor = [bob, charlie, mallory][number % 3]
        if number % 2:
            scope = channels[number % 5]
            account_actions.notify(
                alice, "mention", actor=actor, scope=scope, place="#chat", preview=f"n{number}"
            )
        else:
            scope = groups[number % 35]
            account_actions.notify(
                alice, "join_request", actor=actor, scope=scope, group=f"Circle {number}"
            )
    account_actions.block(alice, mallory)
    account_actions.set_free_hours(alice, [(day, 9) for day in range(7)])
    return alice


def test_each_part_of_home_is_one_query_however_much_there_is(
    busy_alice, django_assert_num_queries
):
    now = timezone.now()
    with django_assert_num_queries(1):
        news = latest_for(busy_alice, RECENT_NOTIFICATIONS)
    my_groups(busy_alice, now)  # works out the weeks' meeting times
    # One for the groups, one for the weeks' marker (the cache knows it once a request
    # has committed).
    with django_assert_num_queries(2):
        groups = my_groups(busy_alice, now)
    with django_assert_num_queries(1):
        completeness = completeness_for(busy_alice.profile)

    assert len(news) == RECENT_NOTIFICATIONS and not any(item.hidden for item in news)
    assert all("Mallory" not in item.text for item in news)
    assert len(groups) == 35 and sum(group.next is not None for group in groups) == 28
    assert completeness["steps"][5].done


def test_home_does_not_grow_with_groups_notifications_or_channels(
    busy_alice, client, django_assert_max_num_queries
):
    client.force_login(busy_alice)
    client.get("/")  # warm the content types and the session

    # 16 today: session, user and profile; whether you are in a course; the news, your
    # groups and your checklist (one query each); the header's two badges; the group
    # suggestions (your interests, languages and courses in one query, your week, the
    # candidates) and the channel sidebar; your next meetups and the meetups happening
    # now or soon (one query each).
    # A query per group, notification or channel would add 35 or more.
    with django_assert_max_num_queries(16):
        page = client.get("/").text

    groups = card(page, "groups-title")
    assert groups.count("<li>") == 35 and groups.count("next: ") == 28
    news = card(page, "notifications-title")
    assert news.count('id="notification-') == RECENT_NOTIFICATIONS
    assert "Mallory" not in news and "no longer see" not in news
    assert "Done: </span>Mark at least 3 free hours" in card(page, "profile-title")


def test_every_page_names_its_icon_and_the_files_exist(client):
    from django.contrib.staticfiles import finders

    page = client.get("/").text
    assert 'rel="icon"' in page and 'rel="manifest"' in page
    assert finders.find("img/icon.svg") and finders.find("img/manifest.webmanifest")
