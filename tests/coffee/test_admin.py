"""Coffee chats in Django admin: records are read-only; staff run a round or pause a
series through admin actions that call the verbs."""

import pytest
from django.test import Client

from mentorship.coffee import actions
from mentorship.coffee.models import Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def test_staff_run_a_round_and_pause_through_the_verbs(staff_client, series, free_people):
    alice, bob, _ = free_people
    actions.join_series(alice, series)
    actions.join_series(bob, series)
    url = "/admin/coffee/series/"
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"action": "run_rounds", "_selected_action": [series.pk]})
    assert Round.objects.get().pairings.count() == 1
    staff_client.post(url, {"action": "pause_series", "_selected_action": [series.pk]})
    series.refresh_from_db()
    assert series.paused


def test_every_list_opens_and_records_cannot_be_edited(series, moderator, free_people):
    moderator.is_superuser = True
    moderator.save(update_fields=["is_superuser"])
    staff_client = Client()
    staff_client.force_login(moderator)
    alice, bob, _ = free_people
    actions.join_series(alice, series)
    actions.join_series(bob, series)
    actions.avoid(alice, free_people[2])
    chat = actions.run_round(moderator, series).pairings.get()
    for name in ["series", "participant", "avoidance", "round", "pairing"]:
        assert staff_client.get(f"/admin/coffee/{name}/").status_code == 200, name
    page = staff_client.get(f"/admin/coffee/pairing/{chat.pk}/change/")
    assert page.status_code == 200 and 'name="icebreaker"' not in page.text
    assert staff_client.get("/admin/coffee/series/add/").status_code == 403


def test_students_cannot_open_the_coffee_admin(series, alice):
    client = Client()
    client.force_login(alice)
    assert client.get("/admin/coffee/series/").status_code == 302
