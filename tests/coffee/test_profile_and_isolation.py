"""What coffee chats added to accounts: languages one is learning on the profile, and
isolation that can ignore some kinds of interaction."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts import interactions
from accounts.models import Language

pytestmark = pytest.mark.django_db


def test_the_profile_form_saves_languages_one_is_learning(alice):
    spanish = Language.objects.get_or_create(code="es", defaults={"name": "Spanish"})[0]
    english = Language.objects.get_or_create(code="en", defaults={"name": "English"})[0]
    client = Client()
    client.force_login(alice)
    page = client.get("/accounts/profile/").text
    assert "Languages you are learning" in page
    response = client.post(
        "/accounts/profile/",
        {
            "display_name": "Alice Ames",
            "time_zone": "Europe/Berlin",
            "languages": [english.pk],
            "learning_languages": [spanish.pk],
            "interests": "",
            "bio": "",
        },
    )
    assert response.status_code == 302
    assert list(alice.profile.learning_languages.all()) == [spanish]
    assert list(alice.profile.languages.all()) == [english]


def test_isolation_can_ignore_being_paired(alice, bob, charlie):
    since = timezone.now() - timedelta(days=14)
    interactions.record(alice, [bob], interactions.Kind.PAIRED)
    assert interactions.isolated_among([alice, bob, charlie], since) == {charlie.pk}
    ignoring = interactions.isolated_among(
        [alice, bob, charlie], since, ignoring_kinds=[interactions.Kind.PAIRED]
    )
    assert ignoring == {alice.pk, bob.pk, charlie.pk}
    interactions.record(alice, [bob], interactions.Kind.MET)
    ignoring = interactions.isolated_among(
        [alice, bob, charlie], since, ignoring_kinds=[interactions.Kind.PAIRED]
    )
    assert ignoring == {charlie.pk}
