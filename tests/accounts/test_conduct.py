"""The code of conduct: accepted at signup, asked again when a new version is published."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.models import CodeOfConduct, Profile
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _publish(version, changes="Clearer rules on sharing exam answers."):
    CodeOfConduct.objects.create(version=version, changes=changes)
    cache.clear()


def test_signup_without_agreeing_is_refused_with_a_clear_error(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-and-unusual-passphrase-42",
            "password2": "a-long-and-unusual-passphrase-42",
            "display_name": "New",
        },
    )

    assert response.status_code == 200
    assert "Please agree to the code of conduct to join." in response.text
    assert not Profile.objects.filter(user__email="new@example.org").exists()


def test_signup_records_the_accepted_version(client):
    version = CodeOfConduct.current_version()
    client.post(
        reverse("account_signup"),
        {
            "email": "new@example.org",
            "password1": "a-long-and-unusual-passphrase-42",
            "password2": "a-long-and-unusual-passphrase-42",
            "display_name": "New",
            "accept_code_of_conduct": "on",
        },
    )

    profile = Profile.objects.get(user__email="new@example.org")
    assert version >= 1
    assert profile.conduct_version_accepted == version
    assert profile.conduct_accepted_at is not None


def test_a_new_version_is_asked_for_before_anything_else(alice_client, alice):
    _publish(CodeOfConduct.current_version() + 1)

    response = alice_client.get("/groups/?fits=on")

    assert response.status_code == 302
    assert response["Location"] == "/code-of-conduct/?next=%2Fgroups%2F%3Ffits%3Don"
    page = alice_client.get(response["Location"])
    assert "We have updated the code of conduct" in page.text
    assert "Clearer rules on sharing exam answers." in page.text


def test_accepting_the_new_version_records_it_and_goes_on(alice_client, alice):
    new_version = CodeOfConduct.current_version() + 1
    _publish(new_version)

    response = alice_client.post("/code-of-conduct/", {"next": "/groups/"})

    assert response["Location"] == "/groups/"
    alice.profile.refresh_from_db()
    assert alice.profile.conduct_version_accepted == new_version
    assert alice_client.get("/groups/").status_code == 200


def test_the_next_address_cannot_send_people_off_site(alice_client):
    _publish(CodeOfConduct.current_version() + 1)

    response = alice_client.post("/code-of-conduct/", {"next": "https://evil.example/"})

    assert response["Location"] == "/"


def test_people_can_still_sign_out_and_read_it_without_accepting(alice_client):
    _publish(CodeOfConduct.current_version() + 1)

    assert alice_client.get("/code-of-conduct/").status_code == 200
    assert alice_client.post(reverse("account_logout")).status_code == 302


def test_htmx_requests_are_redirected_by_header(alice_client):
    _publish(CodeOfConduct.current_version() + 1)

    response = alice_client.get("/groups/", headers={"HX-Request": "true"})

    assert response["HX-Redirect"].startswith("/code-of-conduct/?next=")


def test_visitors_are_never_asked(client):
    _publish(CodeOfConduct.current_version() + 1)

    assert client.get("/").status_code == 200


def test_people_who_accepted_the_current_version_are_not_asked(alice_client):
    assert alice_client.get("/groups/").status_code == 200


def test_an_account_created_elsewhere_must_accept_first():
    person = UserFactory(username="fresh")
    Profile.objects.filter(user=person).update(conduct_version_accepted=0)
    client = Client()
    client.force_login(person)

    assert client.get("/").status_code == 302
