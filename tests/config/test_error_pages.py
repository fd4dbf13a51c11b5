"""Every error page: the right status, the site's Content-Security-Policy, no crash,
including the ones answered before most middleware has run (a foreign Host header,
NUL bytes in the request)."""

import re

import pytest
from django.test import Client

from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.config.error_urls")]

NONCE_IN_HEADER = re.compile(r"script-src [^;]*'nonce-([^']+)'")


def assert_site_policy(response):
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy, policy
    assert "frame-ancestors 'none'" in policy, policy
    # htmx (and any inline script) runs only with the nonce of this response's header.
    match = NONCE_IN_HEADER.search(policy)
    for tag in re.findall(r"<script\b[^>]*>", response.content.decode()):
        if "htmx" in tag or "src=" not in tag:
            assert match and f'nonce="{match.group(1)}"' in tag, tag


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_a_foreign_host_gets_a_400_with_the_policy(client, alice, signed_in):
    if signed_in:
        client.force_login(alice)

    response = client.get("/courses/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert_site_policy(response)
    assert "evil.example" not in response.text


@pytest.mark.parametrize("url", ["/groups/?q=a%00b", "/people/alice%00/"])
def test_nul_bytes_get_a_400_with_the_policy(alice_client, url):
    response = alice_client.get(url)

    assert response.status_code == 400
    assert_site_policy(response)


def test_a_forbidden_view_gets_a_403_with_the_policy(client):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    assert "Not allowed" in response.text
    assert_site_policy(response)


def test_a_missing_csrf_token_gets_a_403_with_the_policy(alice):
    client = Client(enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": alice.email, "password": "x"})

    assert response.status_code == 403
    assert_site_policy(response)


def test_a_missing_page_gets_a_404_with_the_policy(alice_client):
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404
    assert_site_policy(response)


def test_a_flood_of_sign_ins_gets_a_429_with_the_policy(client, alice):
    statuses = [
        client.post("/accounts/login/", {"login": f"guess{n}@example.org", "password": "x"})
        for n in range(40)
    ]
    refused = [response for response in statuses if response.status_code == 429]

    assert refused
    assert_site_policy(refused[-1])
    assert (
        client.post(
            "/accounts/login/", {"login": alice.email, "password": DEFAULT_PASSWORD}
        ).status_code
        == 429
    )


def test_a_crashing_view_gets_a_500_with_the_policy():
    client = Client(raise_request_exception=False)

    response = client.get("/crash/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert_site_policy(response)
