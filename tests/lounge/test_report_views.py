"""Reporting from the lounge: a message (plain form and htmx), a person, and the
reporter's "My reports" page with the outcome; hostile and oversized input."""

import pytest
from django.urls import reverse

from lounge import actions
from lounge.models import Report

pytestmark = pytest.mark.django_db


def test_report_a_message_without_javascript(client, social, alice, bob):
    message, _ = actions.post_message(alice, social, "rude")
    client.force_login(bob)
    url = reverse("lounge:report_message", args=[message.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "harassment", "note": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter, report.reported_user, report.channel) == (bob, alice, social)
    page = client.get(reverse("lounge:reports")).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    assert "Waiting for a moderator" in page


def test_report_a_message_with_htmx(client, social, alice, bob):
    message, _ = actions.post_message(alice, social, "rude")
    client.force_login(bob)
    url = reverse("lounge:report_message", args=[message.pk])
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "data-report-form" in form and "<html" not in form
    response = client.post(url, {"reason": "spam"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    again = client.post(url, {"reason": "spam"}, headers={"HX-Request": "true"})
    assert again.status_code == 400 and "already reported" in again.content.decode()


def test_report_on_a_message_i_cannot_read_is_404(client, group_chat, alice, charlie):
    message, _ = actions.post_message(alice, group_chat, "members only")
    client.force_login(charlie)
    url = reverse("lounge:report_message", args=[message.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "spam"}).status_code == 404
    assert client.post(reverse("lounge:report_message", args=[99999]), {}).status_code == 404
    assert not Report.objects.exists()


@pytest.mark.parametrize(
    "data", [{"reason": "spam", "note": "x" * 10_000}, {"reason": "<b>"}, {"note": "no reason"}]
)
def test_bad_report_input_is_a_form_error(client, social, alice, bob, data):
    message, _ = actions.post_message(alice, social, "hello")
    client.force_login(bob)
    response = client.post(reverse("lounge:report_message", args=[message.pk]), data)
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_report_a_person_and_see_the_outcome(client, alice, bob, moderator):
    client.force_login(bob)
    url = reverse("lounge:report_person", args=[alice.username])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "harassment", "note": "DMs"}).status_code == 302
    report = Report.objects.get()
    actions.resolve_report(moderator, report, outcome="actioned", reason="warned alice")
    page = client.get(reverse("lounge:reports")).content.decode()
    assert "Action taken" in page and "took action" in page
    assert "warned alice" not in page
    assert client.get(reverse("lounge:report_person", args=["nobody"])).status_code == 404


def test_my_reports_shows_only_mine(client, social, alice, bob, charlie):
    message, _ = actions.post_message(alice, social, "hello")
    actions.file_report(charlie, message, "spam", "charlie's note")
    client.force_login(bob)
    assert "charlie&#x27;s note" not in client.get(reverse("lounge:reports")).content.decode()


def test_report_link_is_in_the_message_menu(client, social, alice, bob):
    """The page's one actions menu offers Report; the row's own link leads to the
    message's actions page, which links to the report form."""
    message, _ = actions.post_message(alice, social, "hello")
    client.force_login(bob)
    page = client.get(social.get_absolute_url()).content.decode()
    assert 'data-menu-path="report/"' in page
    actions_url = reverse("lounge:message_actions", args=[message.pk])
    assert f'href="{actions_url}"' in page
    actions_page = client.get(actions_url).content.decode()
    assert reverse("lounge:report_message", args=[message.pk]) in actions_page


def test_my_reports_name_a_message_in_words_with_a_link_while_visible(
    client, social, alice, bob, moderator
):
    message, _ = actions.post_message(alice, social, "You are **all** wrong")
    actions.file_report(bob, message, "harassment", "")
    client.force_login(bob)
    page = client.get("/lounge/reports/").text
    assert "A message by Alice Ames in #cultural-exchange" in page
    assert f'href="{message.get_absolute_url()}"' in page and "You are all wrong" in page
    actions.hide_message(moderator, message, "rude")
    page = client.get("/lounge/reports/").text
    assert "A message by Alice Ames" in page and "You are all wrong" not in page
