"""Every page: who may see it, its Content-Security-Policy, and no inline script."""

import re

import pytest
from django.urls import reverse

PUBLIC_PAGES = ["/", "/code-of-conduct/", "/accounts/login/", "/accounts/signup/"]
MEMBER_PAGES = [
    "/",
    "/courses/",
    "/groups/",
    "/lounge/",
    "/mentorship/",
    "/meetups/",
    "/accounts/profile/",
    "/accounts/availability/",
    "/people/alice/",
    "/people/bob/",
    "/code-of-conduct/",
]
MEMBERS_ONLY_PAGES = [
    "/courses/",
    "/groups/",
    "/lounge/",
    "/mentorship/",
    "/meetups/",
    "/accounts/profile/",
    "/accounts/availability/",
    "/people/alice/",
    "/people/nobody-by-this-name/",
    "/accounts/email/",
    "/accounts/password/change/",
]

NONCE_IN_HEADER = re.compile(r"script-src [^;]*'nonce-([^']+)'")
# An attribute like ` onclick=` or ` onload =` inside a tag.
INLINE_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
SCRIPT_TAG = re.compile(r"<script\b[^>]*>", re.IGNORECASE)


@pytest.mark.django_db
@pytest.mark.parametrize("url", MEMBERS_ONLY_PAGES)
def test_anonymous_visitor_is_sent_to_login(client, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}"


@pytest.mark.django_db
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_open_to_anonymous_visitors(client, url):
    response = client.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
def test_anonymous_home_is_the_landing_page(client):
    response = client.get("/")

    assert b"Join Commons" in response.content
    assert b"Your profile is" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_signed_in_member_sees_every_page(alice_client, bob, url):
    response = alice_client.get(url)

    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_outsider_sees_community_pages(client, charlie, alice, bob, url):
    """Nothing here is private yet: charlie, in no course or group, gets the same pages."""
    client.force_login(charlie)

    assert client.get(url).status_code == 200


def _pages_for(client, urls):
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        yield url, response


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_pages_carry_a_csp_nonce_used_by_the_htmx_script(client, alice, bob, signed_in):
    if signed_in:
        client.force_login(alice)
    urls = MEMBER_PAGES if signed_in else PUBLIC_PAGES
    for url, response in _pages_for(client, urls):
        policy = response.headers.get("Content-Security-Policy", "")
        match = NONCE_IN_HEADER.search(policy)
        assert match, f"{url}: no nonce in {policy!r}"
        assert "'unsafe-inline'" not in policy
        assert "frame-ancestors 'none'" in policy
        html = response.content.decode()
        htmx_tags = [tag for tag in SCRIPT_TAG.findall(html) if "htmx" in tag]
        assert htmx_tags, f"{url}: no htmx script"
        for tag in htmx_tags:
            assert f'nonce="{match.group(1)}"' in tag, f"{url}: {tag}"


@pytest.mark.django_db
def test_each_response_gets_a_fresh_nonce(client):
    first = NONCE_IN_HEADER.search(client.get("/").headers["Content-Security-Policy"])
    second = NONCE_IN_HEADER.search(client.get("/").headers["Content-Security-Policy"])

    assert first.group(1) != second.group(1)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
def test_no_inline_script_or_event_handlers(client, alice, bob, signed_in):
    """A strict CSP blocks inline handlers and nonce-less inline scripts: none may exist."""
    if signed_in:
        client.force_login(alice)
    urls = MEMBER_PAGES if signed_in else PUBLIC_PAGES
    for url, response in _pages_for(client, urls):
        html = response.content.decode()
        assert not INLINE_HANDLER.findall(html), f"{url}: {INLINE_HANDLER.findall(html)}"
        assert "javascript:" not in html.lower(), url
        # htmx's hx-on evaluates strings as code: blocked by the CSP (no 'unsafe-eval').
        assert "hx-on" not in html, url
        for tag in SCRIPT_TAG.findall(html):
            is_data = 'type="application/json"' in tag  # json_script: data, never run
            assert "src=" in tag or "nonce=" in tag or is_data, f"{url}: inline script {tag}"


@pytest.mark.django_db
def test_footer_names_the_viewers_zone(alice_client):
    response = alice_client.get("/courses/")

    assert re.search(
        r"Times are shown in <strong>Europe/Berlin \(UTC\+[12]\)</strong>", response.text
    )


@pytest.mark.django_db
def test_footer_names_utc_for_visitors(client):
    response = client.get("/code-of-conduct/")

    assert re.search(r"Times are shown in <strong>UTC( \(UTC\))?</strong>", response.text)


@pytest.mark.django_db
def test_unknown_page_is_a_plain_404(alice_client):
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["/admin/accounts/profile/?time_zone=%00", "/groups/?q=a%00b", "/people/alice%00/"],
)
def test_nul_bytes_get_a_clear_400_not_a_server_error(client, moderator, url):
    client.force_login(moderator)

    response = client.get(url)

    assert response.status_code == 400


@pytest.mark.django_db
def test_nul_bytes_in_a_form_post_are_refused_before_any_write(alice_client, alice):
    response = alice_client.post("/accounts/profile/", {"display_name": "A\x00", "bio": "x"})

    assert response.status_code == 400
    alice.profile.refresh_from_db()
    assert alice.profile.display_name == "Alice Ames"


@pytest.mark.django_db
def test_missing_pages_use_the_site_layout(alice_client):
    response = alice_client.get("/people/nobody-here/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert 'aria-label="Main"' in response.text
