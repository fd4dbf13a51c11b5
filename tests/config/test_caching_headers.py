"""What caches may keep: nothing of a signed-in person's pages, static files for long,
and never an htmx fragment in place of the page at the same URL."""

import pytest
from django.utils.cache import get_max_age

from lounge import actions as lounge_actions
from lounge.models import Channel

SIGNED_IN_PAGES = ["/", "/courses/", "/groups/", "/lounge/", "/people/bob/", "/accounts/profile/"]


def _vary(response):
    return {header.strip().lower() for header in response.get("Vary", "").split(",")}


@pytest.mark.django_db
@pytest.mark.parametrize("url", SIGNED_IN_PAGES)
def test_signed_in_pages_are_never_stored(alice_client, bob, url):
    response = alice_client.get(url)

    assert response.status_code == 200
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


@pytest.mark.django_db
def test_a_signed_in_htmx_fragment_is_never_stored(alice_client):
    response = alice_client.get("/groups/?page=1", headers={"HX-Request": "true"})

    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_view_that_sets_its_own_cache_control_keeps_it(alice_client):
    response = alice_client.get("/healthz")

    assert "must-revalidate" in response["Cache-Control"]


@pytest.mark.django_db
def test_static_files_keep_long_caching_for_signed_in_people(alice_client, settings):
    # Tests run without collectstatic: let whitenoise find the files where they are.
    settings.WHITENOISE_USE_FINDERS = True

    response = alice_client.get("/static/css/commons.css")

    assert response.status_code == 200
    assert "no-store" not in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert get_max_age(response) > 0


@pytest.fixture
def channel_with_history(alice):
    channel = lounge_actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="study-tips")
    message = None
    for number in range(3):
        message, _ = lounge_actions.post_message(alice, channel, f"note {number}")
    return channel, message


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_lounge_history_varies_on_hx_request(alice_client, channel_with_history, htmx):
    channel, _ = channel_with_history
    headers = {"HX-Request": "true"} if htmx else {}

    response = alice_client.get(f"{channel.get_absolute_url()}?before=3", headers=headers)

    assert response.status_code == 200
    assert ("<html" in response.text) is not htmx
    assert "hx-request" in _vary(response)


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_message_edit_and_report_forms_vary_on_hx_request(alice_client, channel_with_history, htmx):
    _, message = channel_with_history
    headers = {"HX-Request": "true"} if htmx else {}

    for url in [f"/lounge/m/{message.pk}/edit/", f"/lounge/m/{message.pk}/report/"]:
        response = alice_client.get(url, headers=headers)
        assert response.status_code == 200, url
        assert "hx-request" in _vary(response), url
