"""Notification email: batching, read-in-the-app left out, quiet hours on the person's
own clock (DST and a +5:30 zone), digests by place, one-click unsubscribe."""

from datetime import UTC, datetime, time, timedelta

import pytest
from django.core import mail, signing
from django.urls import reverse

from accounts.actions import mark_notifications_read, notify, update_notification_settings
from accounts.emails import read_unsubscribe_token, send_digests, send_due_emails, unsubscribe_token
from accounts.models import Notification, NotificationSettings
from accounts.notifications import in_quiet_hours, quiet_hours_end


def at(*args):
    return datetime(*args, tzinfo=UTC)


def told(person, kind="invitation", when=None, **params):
    notice = notify(person, kind, **({"group": "Stats club", "url": "/groups/"} | params))
    if when is not None:
        Notification.objects.filter(pk=notice.pk).update(created_at=when)
    return notice


def test_a_burst_becomes_one_email_once_it_has_settled(bob):
    start = at(2026, 5, 4, 12, 0)
    for minute in range(4):
        told(bob, when=start + timedelta(minutes=minute))

    assert send_due_emails(start + timedelta(minutes=4)) == 0  # the burst may go on
    assert send_due_emails(start + timedelta(minutes=7)) == 1
    [email] = mail.outbox
    assert email.to == [bob.email] and "4 new notifications" in email.subject
    assert email.body.count("Stats club") == 4
    assert "America/New_York" in email.body  # times in bob's zone, named
    assert send_due_emails(start + timedelta(minutes=30)) == 0  # nothing twice


def test_what_was_read_in_the_app_is_not_emailed(bob):
    start = at(2026, 5, 4, 12, 0)
    told(bob, when=start)
    mark_notifications_read(bob)
    assert send_due_emails(start + timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_in_app_only_kinds_are_not_emailed(bob):
    told(bob, "request_declined", when=at(2026, 5, 4, 12, 0))
    assert send_due_emails(at(2026, 5, 4, 13, 0)) == 0


def test_email_has_html_text_and_one_click_unsubscribe(bob, mallory, client):
    mallory.profile.display_name = "<b>Mal</b>"
    mallory.profile.save()
    told(bob, "dm", actor=mallory, preview="<script>x</script>", when=at(2026, 5, 4, 12, 0))
    send_due_emails(at(2026, 5, 4, 13, 0))
    [email] = mail.outbox
    html = email.alternatives[0][0]
    assert "&lt;script&gt;" in html and "<script>x" not in html
    assert email.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = email.extra_headers["List-Unsubscribe"].strip("<>")
    path = url.removeprefix("http://localhost:8000")

    assert "Unsubscribe" in client.get(path).text  # a GET only asks
    assert NotificationSettings.objects.filter(user=bob).first() is None
    assert client.post(path).status_code == 200  # a mail client's one-click POST
    assert NotificationSettings.objects.get(user=bob).deliveries == {"dm": "in_app"}
    told(bob, "dm", actor=mallory, preview="again", when=at(2026, 5, 4, 14, 0))
    assert send_due_emails(at(2026, 5, 4, 15, 0)) == 0


def test_a_forged_or_tampered_or_expired_token_is_refused(bob, client):
    token = unsubscribe_token(bob, ["dm"])
    assert read_unsubscribe_token(token)[0] == bob
    forged = signing.dumps({"u": bob.pk, "k": ["dm"]}, key="not-the-site-key", salt="x")
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    other_salt = signing.dumps({"u": bob.pk, "k": ["dm"]})
    for bad in (forged, tampered, other_salt, "garbage"):
        assert read_unsubscribe_token(bad) is None
        response = client.post(reverse("notifications:unsubscribe", args=[bad]))
        assert response.status_code == 400
    assert not NotificationSettings.objects.filter(user=bob).exists()


def test_an_expired_token_is_refused(bob, settings, monkeypatch):
    import accounts.emails as emails

    token = unsubscribe_token(bob, ["dm"])
    monkeypatch.setattr(emails, "UNSUBSCRIBE_MAX_AGE", timedelta(seconds=-1))
    assert read_unsubscribe_token(token) is None


def quiet(person, start, end, zone):
    person.profile.time_zone = zone
    person.profile.save()
    return update_notification_settings(person, deliveries={}, quiet_start=start, quiet_end=end)


def test_quiet_hours_follow_the_wall_clock_across_a_dst_change(bob):
    """Berlin moves to summer time on Sunday 29 March 2026: quiet 22:00-07:00 ends at
    06:00 UTC before it and at 05:00 UTC after it."""
    row = quiet(bob, time(22), time(7), "Europe/Berlin")
    assert in_quiet_hours(row, at(2026, 3, 27, 5, 30))  # Friday 06:30 CET
    assert not in_quiet_hours(row, at(2026, 3, 27, 6, 30))  # 07:30 CET
    assert not in_quiet_hours(row, at(2026, 3, 30, 5, 30))  # Monday 07:30 CEST
    assert in_quiet_hours(row, at(2026, 3, 29, 4, 30))  # Sunday 06:30 CEST
    assert quiet_hours_end(row, at(2026, 3, 27, 1, 0)) == at(2026, 3, 27, 6, 0)
    assert quiet_hours_end(row, at(2026, 3, 30, 1, 0)) == at(2026, 3, 30, 5, 0)

    told(bob, when=at(2026, 3, 28, 23, 0))  # Sunday 00:00 CET, in the quiet hours
    assert send_due_emails(at(2026, 3, 29, 4, 30)) == 0  # 06:30 CEST: still quiet
    assert send_due_emails(at(2026, 3, 29, 5, 1)) == 1  # 07:01 CEST: sent


def test_quiet_hours_in_a_half_hour_zone(bob):
    """Kolkata is UTC+5:30: quiet 23:00-07:00 ends at 01:30 UTC."""
    row = quiet(bob, time(23), time(7), "Asia/Kolkata")
    told(bob, when=at(2026, 5, 4, 18, 0))  # 23:30 IST
    assert send_due_emails(at(2026, 5, 5, 1, 15)) == 0  # 06:45 IST
    assert send_due_emails(at(2026, 5, 5, 1, 45)) == 1  # 07:15 IST
    assert quiet_hours_end(row, at(2026, 5, 4, 20, 0)) == at(2026, 5, 5, 1, 30)


def test_a_daily_digest_groups_by_place_and_comes_once_a_day(alice, bob):
    update_notification_settings(bob, deliveries={"mention": "daily", "join_request": "daily"})
    day = at(2026, 5, 4, 8, 0)
    told(bob, "mention", actor=alice, place="#stats", preview="see this", when=day)
    told(bob, "mention", actor=alice, place="#bayes", preview="and this", when=day)
    told(bob, "join_request", actor=alice, group="Stats club", when=day)
    told(bob, "invitation", when=day)  # email at once: not in the digest

    assert send_digests(day + timedelta(hours=2), "daily") == 1
    [email] = mail.outbox
    body = email.body
    assert "daily digest" in email.subject
    assert body.index("#bayes") < body.index("#stats") < body.index("Stats club")
    assert "invited you" not in body
    assert send_digests(day + timedelta(hours=5), "daily") == 0  # once a day
    told(bob, "mention", actor=alice, place="#stats", preview="next", when=day + timedelta(hours=6))
    assert send_digests(day + timedelta(hours=12), "daily") == 0
    assert send_digests(day + timedelta(hours=26), "daily") == 1
    assert send_digests(day + timedelta(hours=26), "weekly") == 0


@pytest.mark.parametrize("zone", ["Asia/Kolkata", "Europe/Berlin"])
def test_the_preferences_page_saves_choices_and_quiet_hours(bob, client, zone):
    bob.profile.time_zone = zone
    bob.profile.save()
    client.force_login(bob)
    page = client.get(reverse("notifications:preferences"))
    assert page.status_code == 200 and zone in page.text
    data = {f"kind_{code}": "in_app" for code in ["mention", "reply", "dm", "join_request"]}
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if name.startswith("kind_")} | data
    data |= {"kind_dm": "weekly", "quiet_start": "22:30", "quiet_end": "06:30"}
    assert client.post(reverse("notifications:preferences"), data).status_code == 302
    row = NotificationSettings.objects.get(user=bob)
    assert row.deliveries["dm"] == "weekly" and row.quiet_start == time(22, 30)
    data["quiet_end"] = ""
    assert client.post(reverse("notifications:preferences"), data).status_code == 400


def test_what_the_person_may_no_longer_see_is_not_emailed(alice, bob):
    from groups import actions as groups
    from tests.groups.conftest import build_group

    group = build_group(alice, name="Quiet room", visibility="invite")
    groups.invite(alice, group, bob)
    groups.respond_to_invitation(bob, group.invitations.get(invitee=bob), accept=True)
    Notification.objects.all().delete()
    notice = told(bob, "waitlist_promoted", when=at(2026, 5, 4, 12, 0), scope=group)
    groups.remove_member(alice, group, bob)
    Notification.objects.exclude(pk=notice.pk).delete()

    assert send_due_emails(at(2026, 5, 4, 13, 0)) == 0
    assert Notification.objects.get(pk=notice.pk).emailed_at is not None


def test_the_periodic_jobs_send_the_email_once_per_slot(bob):
    """The runner calls the senders; a second tick in the same minute sends nothing."""
    from accounts.models import ScheduledRun
    from core.schedules import run_due
    from home.schedules import JOBS

    told(bob, when=at(2026, 5, 4, 12, 0))
    names = {job.name for job in JOBS}
    assert {"accounts.send_due_emails", "accounts.send_daily_digests"} <= names
    run_due(JOBS, at(2026, 5, 4, 12, 10), claim=ScheduledRun.objects.claim)
    run_due(JOBS, at(2026, 5, 4, 12, 10, 30), claim=ScheduledRun.objects.claim)
    assert len(mail.outbox) == 1
