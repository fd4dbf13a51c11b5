"""Every signed-in page reads the person with their profile in one query, and the
header's two counts (unread chat, unread notifications) in one more."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.actions import block, notify
from lounge import actions as lounge
from lounge.models import Channel

PAGE = reverse("accounts:availability")


def _badges(html):
    chat = re.search(r'id="lounge-unread-total"[^>]*>(\d*)', html).group(1)
    bell = re.search(r'id="notification-badge"[^>]*>(\d*)<', html).group(1)
    return int(chat or 0), int(bell or 0)


def test_the_header_counts_unread_chat_and_notifications_as_before(
    alice, bob, charlie, mallory, client
):
    social = lounge.create_channel(alice, kind=Channel.Kind.SOCIAL, name="tea", topic="")
    quiet = lounge.create_channel(alice, kind=Channel.Kind.SOCIAL, name="quiet", topic="")
    for channel in (social, quiet):
        lounge.join_channel(bob, channel)
    lounge.set_channel_muted(bob, quiet, True)
    lounge.post_message(bob, social, "my own, so not counted")
    lounge.post_message(alice, social, "one")
    lounge.post_message(alice, social, "two")
    lounge.post_message(alice, quiet, "muted, so not counted")
    notify(bob, "legacy", actor=charlie, text="Hello")
    notify(bob, "legacy", actor=mallory, text="From someone bob blocks")
    block(bob, mallory)
    client.force_login(bob)

    assert _badges(client.get(PAGE).text) == (2, 1)


def test_a_signed_in_page_pays_one_query_for_the_person_and_one_for_the_header(alice, client):
    client.force_login(alice)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(PAGE).status_code == 200
    statements = [query["sql"] for query in captured.captured_queries]
    profile_reads = [sql for sql in statements if '"accounts_profile"' in sql]
    header_reads = [sql for sql in statements if "lounge_message" in sql]
    assert len(profile_reads) == 1 and '"accounts_user"' in profile_reads[0]
    assert len(header_reads) == 1 and "accounts_notification" in header_reads[0]


def test_a_visitor_pays_for_neither(db, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(0):
        assert client.get(reverse("account_login")).status_code == 200


def _moderation_link(html):
    match = re.search(r'href="/admin/lounge/report/\?status__exact=open">Moderation(.*?)</a>', html)
    if match is None:
        return None
    count = re.search(r'id="moderation-open-count">(\d+)', match.group(1))
    return int(count.group(1)) if count else 0


def test_moderators_reach_the_queue_from_the_header_with_its_open_count(
    alice, bob, instructor, moderator, client
):
    from courses import actions as courses

    course = courses.create_course(instructor, title="Statistics", code="STAT101", term="2027")
    courses.enrol_with_code(alice, course.join_code)
    courses.enrol_with_code(bob, course.join_code)
    chat = Channel.objects.get(kind=Channel.Kind.COURSE)
    message, _ = lounge.post_message(alice, chat, "rude words")
    lounge.file_report(bob, message, "harassment", "")

    client.force_login(instructor)  # the course's chat moderator
    assert _moderation_link(client.get(PAGE).text) == 1
    queue = client.get("/admin/lounge/report/?status__exact=open")
    assert queue.status_code == 200
    client.force_login(moderator)  # site staff
    assert _moderation_link(client.get(PAGE).text) == 1
    client.force_login(bob)
    assert _moderation_link(client.get(PAGE).text) is None
    response = client.get("/admin/lounge/report/?status__exact=open")
    assert response.status_code == 302  # students have no way in


def test_the_header_still_costs_one_query_for_a_moderator(instructor, client):
    from courses import actions as courses

    courses.create_course(instructor, title="Statistics", code="STAT101", term="2027")
    client.force_login(instructor)
    client.get(PAGE)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(PAGE).text
    header_reads = [q["sql"] for q in captured.captured_queries if "lounge_report" in q["sql"]]
    assert len(header_reads) == 1 and "accounts_notification" in header_reads[0]
    assert _moderation_link(page) == 0
