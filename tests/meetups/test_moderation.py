"""A meetup is reported like a message; its chat's moderators cancel it from the report,
with a reason, and those going are told."""

import pytest
from django.urls import reverse

from accounts.models import ModerationAction, Notification
from lounge.meetups import actions
from lounge.models import Report

from .conftest import details

pytestmark = pytest.mark.django_db


def test_a_reported_meetup_is_cancelled_from_its_report(
    client, alice, bob, charlie, social, moderator
):
    from lounge import actions as lounge

    lounge.join_channel(charlie, social)
    meetup = actions.create_meetup(alice, social, **details(title="Buy my answers"))
    actions.respond(charlie, meetup, 0, "going")
    client.force_login(bob)
    response = client.post(
        f"/meetups/{meetup.pk}/report/", {"reason": "spam", "note": "Selling answers"}
    )
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.target == meetup and report.reported_user == alice and report.channel == social

    client.force_login(moderator)
    act = reverse("admin:lounge_report_act", args=[report.pk, "cancel_meetup"])
    assert act in client.get(reverse("admin:lounge_report_change", args=[report.pk])).text
    assert client.post(act, {"reason": " "}).status_code == 400
    assert client.post(act, {"reason": "Sells answers"}).status_code == 302
    meetup.refresh_from_db()
    report.refresh_from_db()
    assert meetup.is_cancelled and not report.is_open
    assert ModerationAction.objects.get(action="cancel_meetup").reason == "Sells answers"
    assert Notification.objects.filter(recipient=charlie, kind="meetup_cancelled").exists()


def test_a_private_meetup_cannot_be_reported_by_an_outsider(client, alice, bob, charlie, dm):
    meetup = actions.create_meetup(bob, dm, **details())
    client.force_login(charlie)
    assert client.get(f"/meetups/{meetup.pk}/report/").status_code == 404
    assert client.post(f"/meetups/{meetup.pk}/report/", {"reason": "spam"}).status_code == 404
    assert not Report.objects.exists()
