"""`next=` is followed only to this site, and from an https page only over https: a
plain-http address of our own host would leave TLS (and hand the page to anyone on
the network) on re-authentication, on the sign-in page and on the code of conduct."""

import pytest
from django.core.cache import cache

from accounts.models import CodeOfConduct
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

DOWNGRADE = "http://testserver/groups/"
SAME_SCHEME = "https://testserver/groups/"


def _reauthenticate(client, next_url):
    return client.post(
        f"/accounts/reauthenticate/?next={next_url}", {"password": DEFAULT_PASSWORD}, secure=True
    )


def _accept_conduct(client, next_url, secure=True):
    CodeOfConduct.objects.create(
        version=CodeOfConduct.current_version() + 1, changes="Clearer rules."
    )
    cache.clear()
    return client.post("/code-of-conduct/", {"next": next_url}, secure=secure)


@pytest.mark.parametrize(
    "visit",
    [
        lambda client, url: client.get(f"/accounts/login/?next={url}", secure=True),
        _reauthenticate,
        _accept_conduct,
    ],
    ids=["sign-in page when signed in", "re-authentication", "code of conduct"],
)
@pytest.mark.parametrize(
    ("next_url", "followed"),
    [(DOWNGRADE, False), (SAME_SCHEME, True), ("/groups/", True)],
    ids=["http", "https", "relative"],
)
def test_from_https_next_is_followed_only_over_https(alice_client, visit, next_url, followed):
    response = visit(alice_client, next_url)

    assert response.status_code == 302
    assert (response["Location"] == next_url) is followed, response["Location"]
    assert not response["Location"].startswith("http:")


def test_over_plain_http_an_http_next_on_this_site_is_still_followed(alice_client):
    """Local development has no TLS: nothing to downgrade from."""
    response = _accept_conduct(alice_client, DOWNGRADE, secure=False)

    assert response["Location"] == DOWNGRADE
