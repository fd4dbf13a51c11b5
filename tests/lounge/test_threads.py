"""Threads: replying beside the channel, the summary on the first message, following,
notifications, moderation of replies, the thread's page and panel, permissions and
hostile input."""

import pytest
from django.urls import reverse

from accounts.models import Interaction, Notification
from lounge import actions
from lounge.models import Channel, Message, ThreadFollow

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(social, alice, post):
    return post(alice, social, "Who is reading chapter 3 this week?")


def reply(post, user, root, body, **kwargs):
    return post(user, root.channel, body, thread_root_id=root.pk, **kwargs)


def test_a_reply_counts_on_the_first_message_and_stays_out_of_the_channel(
    root, bob, charlie, post, client
):
    actions.join_channel(charlie, root.channel)
    first = reply(post, bob, root, "Me! Page 40 is hard.")
    reply(post, charlie, root, "Same here")
    root.refresh_from_db()
    assert first.thread_root_id == root.pk
    assert first.seq == root.seq + 1  # numbered with the channel's messages
    assert root.thread_reply_count == 2
    assert [name for _, name in root.thread_participants] == [
        charlie.display_name,
        bob.display_name,
    ]
    client.force_login(bob)
    page = client.get(root.channel.get_absolute_url()).content.decode()
    assert "Who is reading chapter 3" in page
    assert "Page 40 is hard" not in page
    assert "2 replies" in page


def test_also_send_to_channel_shows_the_reply_in_both(root, bob, post, client):
    message = reply(post, bob, root, "Everyone: chapter 3 quiz on Friday", also_in_channel=True)
    assert message.also_in_channel
    client.force_login(bob)
    page = client.get(root.channel.get_absolute_url()).content.decode()
    assert "chapter 3 quiz on Friday" in page
    assert "replied in a thread" in page
    assert message.get_absolute_url().startswith(root.channel.get_absolute_url())


def test_also_in_channel_means_nothing_outside_a_thread(social, alice, post):
    message = post(alice, social, "plain", also_in_channel=True)
    assert not message.also_in_channel


def test_replying_to_a_reply_continues_its_thread(root, bob, alice, post):
    first = reply(post, bob, root, "first")
    second = post(alice, root.channel, "second", thread_root_id=first.pk)
    assert second.thread_root_id == root.pk


@pytest.mark.parametrize("where", ["other_channel", "missing"])
def test_a_thread_must_be_in_the_channel(root, alice, bob, where):
    other = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="elsewhere")
    actions.join_channel(bob, other)
    root_id = root.pk if where == "other_channel" else 999_999
    target = other if where == "other_channel" else root.channel
    with pytest.raises(actions.InvalidInput):
        actions.post_message(bob, target, "sneaky", thread_root_id=root_id)
    assert not Message.objects.filter(body="sneaky").exists()


def test_no_replies_under_a_deleted_or_hidden_first_message(root, alice, bob, moderator):
    actions.delete_message(alice, root)
    with pytest.raises(actions.InvalidInput):
        actions.post_message(bob, root.channel, "late", thread_root_id=root.pk)
    assert not Message.objects.filter(body="late").exists()


def test_starter_and_repliers_follow_and_hear_of_new_replies(root, alice, bob, charlie, post):
    actions.join_channel(charlie, root.channel)
    reply(post, bob, root, "first reply")
    assert set(
        ThreadFollow.objects.filter(root=root, following=True).values_list("user", flat=True)
    ) == {alice.pk, bob.pk}
    # The starter hears of bob's reply; bob hears of charlie's, and so does alice.
    assert Notification.objects.filter(recipient=alice, kind="thread").count() == 1
    reply(post, charlie, root, "second reply")
    told = Notification.objects.filter(kind="thread", params__root=root.pk)
    assert sorted(told.values_list("recipient__username", flat=True)) == sorted(
        [alice.username, alice.username, bob.username]
    )
    assert not told.filter(recipient=charlie).exists()  # not of one's own reply
    note = told.filter(recipient=bob).get()
    second = Message.objects.get(body="second reply")
    assert note.params["url"] == f"/lounge/m/{root.pk}/thread/#thread-message-{second.pk}"


def test_unfollowing_stops_notifications_until_posting_again(root, alice, bob, post):
    reply(post, bob, root, "first")
    actions.set_following(alice, root, False)
    reply(post, bob, root, "second")
    assert Notification.objects.filter(recipient=alice, kind="thread").count() == 1
    reply(post, alice, root, "back in")
    reply(post, bob, root, "third")
    assert Notification.objects.filter(recipient=alice, kind="thread").count() == 2


def test_a_mention_in_a_thread_follows_it_and_is_told_as_a_mention(root, alice, bob, charlie, post):
    actions.join_channel(charlie, root.channel)
    reply(post, bob, root, f"@{charlie.username} what do you think?")
    assert ThreadFollow.objects.filter(root=root, user=charlie, following=True).exists()
    kinds = list(Notification.objects.filter(recipient=charlie).values_list("kind", flat=True))
    assert kinds == ["mention"]


def test_a_reply_is_a_reply_in_the_interaction_log(root, alice, bob, post):
    reply(post, bob, root, "answer")
    assert Interaction.objects.filter(
        person=bob, other=alice, kind=Interaction.Kind.REPLIED
    ).exists()


def test_hiding_or_deleting_a_reply_takes_it_out_of_the_count(root, bob, moderator, post):
    actions.set_channel_role(root.channel, moderator, "moderator")
    first = reply(post, bob, root, "fine")
    second = reply(post, bob, root, "rude")
    actions.hide_message(moderator, second, "Rude to others")
    root.refresh_from_db()
    assert root.thread_reply_count == 1
    actions.delete_message(bob, first)
    root.refresh_from_db()
    assert root.thread_reply_count == 0
    assert root.thread_participants == []


def test_opening_the_thread_reads_its_notifications(root, alice, bob, post, client):
    reply(post, bob, root, "first")
    client.force_login(alice)
    response = client.get(reverse("lounge:thread", args=[root.pk]))
    assert response.status_code == 200
    assert not Notification.objects.filter(
        recipient=alice, kind="thread", read_at__isnull=True
    ).exists()


def test_thread_page_without_javascript(root, bob, post, client):
    reply(post, bob, root, "A reply with <script>alert(1)</script>")
    client.force_login(bob)
    page = client.get(reverse("lounge:thread", args=[root.pk])).content.decode()
    assert "Thread in #cultural-exchange" in page
    assert "Who is reading chapter 3" in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert 'name="thread_root"' in page
    assert "Also send to #cultural-exchange" in page


def test_posting_in_a_thread_without_javascript(root, bob, client):
    client.force_login(bob)
    response = client.post(
        reverse("lounge:message_post", args=[root.channel.slug]),
        {"body": "from a plain form", "client_id": "abc", "thread_root": root.pk},
    )
    message = Message.objects.get(body="from a plain form")
    assert message.thread_root_id == root.pk
    assert response.url == f"{reverse('lounge:thread', args=[root.pk])}#thread-message-{message.pk}"


def test_an_empty_reply_shows_the_error_on_the_thread_page(root, bob, client):
    client.force_login(bob)
    response = client.post(
        reverse("lounge:message_post", args=[root.channel.slug]),
        {"body": "   ", "client_id": "abc", "thread_root": root.pk},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Thread in" in page and "Write something first." in page


def test_thread_panel_fragment_for_htmx(root, bob, post, client):
    reply(post, bob, root, "in the panel")
    client.force_login(bob)
    response = client.get(reverse("lounge:thread", args=[root.pk]), headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "<aside" in page and "data-thread-panel" in page
    assert "<html" not in page
    assert f'id="thread-message-{root.pk}"' in page
    assert 'id="thread_id_body"' not in page  # its own field ids
    assert 'id="thread_body"' in page


def test_a_reply_opened_by_id_leads_to_its_thread(root, bob, post, client):
    first = reply(post, bob, root, "hi")
    client.force_login(bob)
    response = client.get(reverse("lounge:thread", args=[first.pk]))
    assert response.status_code == 302
    assert response.url.endswith(f"#thread-message-{first.pk}")


def test_outsiders_get_the_same_404_as_for_a_missing_thread(
    group_chat, alice, mallory, post, client
):
    root = post(alice, group_chat, "members only")
    client.force_login(mallory)
    for url in (
        reverse("lounge:thread", args=[root.pk]),
        reverse("lounge:thread", args=[999_999]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("lounge:thread_follow", args=[root.pk]), {"following": "1"}).status_code
        == 404
    )
    with pytest.raises(actions.NotAllowed):
        actions.post_message(mallory, group_chat, "let me in", thread_root_id=root.pk)


def test_a_removed_member_loses_the_thread_at_once(group_chat, alice, bob, post, client):
    root = post(alice, group_chat, "plans")
    client.force_login(bob)
    assert client.get(reverse("lounge:thread", args=[root.pk])).status_code == 200
    actions.remove_channel_member(group_chat, bob)
    assert client.get(reverse("lounge:thread", args=[root.pk])).status_code == 404


def test_follow_toggle(root, bob, client):
    client.force_login(bob)
    url = reverse("lounge:thread_follow", args=[root.pk])
    response = client.post(url, {"following": "1"}, headers={"HX-Request": "true"})
    assert "Following" in response.content.decode()
    assert ThreadFollow.objects.get(root=root, user=bob).following
    client.post(url, {"following": "0"})
    assert not ThreadFollow.objects.get(root=root, user=bob).following


def test_the_channel_page_keeps_its_query_count_with_threads(
    root, bob, post, client, django_assert_max_num_queries
):
    for n in range(5):
        reply(post, bob, root, f"reply {n}")
    client.force_login(bob)
    client.get(root.channel.get_absolute_url())
    with django_assert_max_num_queries(17):
        client.get(root.channel.get_absolute_url())
