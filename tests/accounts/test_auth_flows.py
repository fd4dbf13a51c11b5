"""Sign-up, verification, login, password reset, rate limits, admin login and logout
through django-allauth, as a browser would drive them over HTTP."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from tests.factories import DEFAULT_PASSWORD, UserFactory

User = get_user_model()

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")
LOGOUT = reverse("account_logout")
VERIFICATION_SENT = reverse("account_email_verification_sent")
PASSWORD_RESET = reverse("account_reset_password")
PASSWORD_RESET_DONE = reverse("account_reset_password_done")
NEW_PASSWORD = "a-long-and-unusual-passphrase-42"
LINK = re.compile(r"https?://testserver(/accounts/\S+/)")


def _signup(client, email="newcomer@example.org", **extra):
    data = {
        "email": email,
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "display_name": "New Comer",
        "time_zone": "Asia/Tokyo",
        "accept_code_of_conduct": "on",
    }
    data.update(extra)
    return client.post(SIGNUP, data)


def _login(client, email, password=NEW_PASSWORD):
    return client.post(LOGIN, {"login": email, "password": password})


def _signed_in_user_id(client):
    return client.session.get("_auth_user_id")


def _link_in(message):
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


# Sign-up and verification


@pytest.mark.django_db
def test_signup_sends_a_verification_email_and_waits_for_it(client):
    response = _signup(client)

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    assert _signed_in_user_id(client) is None
    [message] = mail.outbox
    assert message.to == ["newcomer@example.org"]
    assert message.subject.startswith("[Commons] ")
    assert "/accounts/confirm-email/" in message.body
    user = User.objects.get(email="newcomer@example.org")
    assert user.profile.display_name == "New Comer"
    # The zone sent with the form (preset from the browser, shown to the person) is theirs.
    assert (user.profile.time_zone, user.profile.time_zone_confirmed) == ("Asia/Tokyo", True)
    assert not EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_public_handle_comes_from_the_display_name_not_the_email(client):
    _signup(client, email="jane.doe.1987@example.org", display_name="Jane Doe")
    _signup(Client(), email="other.jane@example.org", display_name="Jane Doe")

    handles = sorted(User.objects.values_list("username", flat=True))
    assert handles[0] == "jane_doe"
    assert handles[1].startswith("jane") and handles[1] != "jane_doe"
    assert not any("1987" in handle for handle in handles)
    assert "Jane Doe has given your email address" in mail.outbox[0].body
    assert mail.outbox[0].body.startswith("Hello from Commons!")


@pytest.mark.django_db
def test_legacy_browser_zone_names_are_stored_in_todays_spelling(client):
    _signup(client, time_zone="Asia/Calcutta")

    assert User.objects.get().profile.time_zone == "Asia/Kolkata"


@pytest.mark.django_db
def test_unverified_person_cannot_log_in(client):
    _signup(client)
    mail.outbox.clear()
    other_browser = Client()

    response = _login(other_browser, "newcomer@example.org")

    assert response.status_code == 302
    assert response["Location"] == VERIFICATION_SENT
    assert _signed_in_user_id(other_browser) is None
    assert other_browser.get("/accounts/profile/").status_code == 302


@pytest.mark.django_db
def test_confirming_the_emailed_link_verifies_and_logs_in(client):
    _signup(client)
    link = _link_in(mail.outbox[0])

    page = client.get(link)
    # Nothing is confirmed by GET: mail scanners follow links.
    assert page.status_code == 200
    assert not EmailAddress.objects.get(email="newcomer@example.org").verified
    assert 'method="post"' in page.text

    response = client.post(link)

    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert _signed_in_user_id(client) == str(user.pk)
    home = client.get("/")
    # The zone chosen at signup is used at once, not asked about again.
    assert "your time zone?" not in home.text and "Asia/Tokyo" in home.text


@pytest.mark.django_db
def test_verified_person_can_log_in_from_another_browser(client):
    _signup(client)
    client.post(_link_in(mail.outbox[0]))
    other_browser = Client()

    response = _login(other_browser, "NewComer@Example.org")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_user_id(other_browser) == str(
        User.objects.get(email="newcomer@example.org").pk
    )


@pytest.mark.django_db
def test_a_forged_confirmation_key_confirms_nothing(client):
    _signup(client)

    response = client.post("/accounts/confirm-email/not-a-real-key/")

    assert response.status_code in (200, 404)
    assert not EmailAddress.objects.get(email="newcomer@example.org").verified
    assert _signed_in_user_id(client) is None


@pytest.mark.django_db
def test_signup_with_hostile_extras_is_rejected_without_creating_anyone(client):
    response = _signup(client, display_name="<script>alert(1)</script>", time_zone="Mars/Base")

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.text
    assert "is not a time zone we know" in response.text
    assert not User.objects.filter(email="newcomer@example.org").exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_signup_with_a_weak_password_is_rejected(client):
    response = _signup(client, password1="password", password2="password")

    assert response.status_code == 200
    assert "too common" in response.text
    assert not User.objects.filter(email="newcomer@example.org").exists()


# No account enumeration


@pytest.mark.django_db
def test_signup_with_a_registered_email_looks_the_same_and_warns_the_owner(alice):
    new_response = _signup(Client(), email="newcomer@example.org")
    mail.outbox.clear()

    taken_response = _signup(Client(), email="ALICE@example.org", display_name="Impostor")

    assert taken_response.status_code == new_response.status_code == 302
    assert taken_response["Location"] == new_response["Location"] == VERIFICATION_SENT
    assert User.objects.filter(email__iexact="alice@example.org").count() == 1
    assert Profile.objects.get(user=alice).display_name == "Alice Ames"
    [message] = mail.outbox
    assert message.to == ["ALICE@example.org"] or message.to == ["alice@example.org"]
    assert "already" in (message.subject + message.body).lower()


@pytest.mark.django_db
def test_verification_sent_page_is_the_same_for_new_and_taken_emails(alice):
    new_browser, taken_browser = Client(), Client()
    _signup(new_browser, email="newcomer@example.org")
    _signup(taken_browser, email="alice@example.org")

    new_page = new_browser.get(VERIFICATION_SENT)
    taken_page = taken_browser.get(VERIFICATION_SENT)

    assert new_page.status_code == taken_page.status_code == 200
    # Only the address each person typed differs.
    assert _without_tokens(new_page).replace("newcomer@", "EMAIL@") == _without_tokens(
        taken_page
    ).replace("alice@", "EMAIL@")


def _without_tokens(response):
    """The page with its per-response CSP nonce and CSRF token blanked out."""
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    text = response.text.replace(nonce, "NONCE")
    return re.sub(r'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]*"', "TOKEN", text)


@pytest.mark.django_db
def test_password_reset_looks_the_same_for_known_and_unknown_emails(alice):
    known = Client().post(PASSWORD_RESET, {"email": "alice@example.org"})
    unknown = Client().post(PASSWORD_RESET, {"email": "nobody@example.org"})

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == PASSWORD_RESET_DONE
    # Each address gets one email: a reset link for alice, a "no account" note otherwise.
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "alice@example.org",
        "nobody@example.org",
    ]
    [to_alice] = [message for message in mail.outbox if message.to == ["alice@example.org"]]
    [to_nobody] = [message for message in mail.outbox if message.to == ["nobody@example.org"]]
    assert "/accounts/password/reset/key/" in to_alice.body
    assert "/accounts/password/reset/key/" not in to_nobody.body


@pytest.mark.django_db
def test_password_reset_link_sets_a_new_password(client, alice):
    client.post(PASSWORD_RESET, {"email": "alice@example.org"})
    link = _link_in(mail.outbox[0])

    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.request["PATH_INFO"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not alice.check_password(DEFAULT_PASSWORD)


@pytest.mark.django_db
def test_login_failure_message_does_not_reveal_whether_the_email_exists(alice):
    wrong_password = _login(Client(), "alice@example.org", "not-her-password")
    no_account = _login(Client(), "nobody@example.org", "not-her-password")

    assert wrong_password.status_code == no_account.status_code == 200
    assert wrong_password.context["form"].errors == no_account.context["form"].errors


# Login and rate limits


@pytest.mark.django_db
def test_login_with_email_and_password(client, alice):
    response = _login(client, "alice@example.org", DEFAULT_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _signed_in_user_id(client) == str(alice.pk)


@pytest.mark.django_db
def test_login_keeps_a_safe_next_and_drops_a_foreign_one(client, alice):
    inside = client.post(
        f"{LOGIN}?next=/accounts/availability/",
        {"login": "alice@example.org", "password": DEFAULT_PASSWORD},
    )
    client.post(LOGOUT)
    outside = client.post(
        f"{LOGIN}?next=https://evil.example/phish",
        {"login": "alice@example.org", "password": DEFAULT_PASSWORD},
    )

    assert inside["Location"] == "/accounts/availability/"
    assert "evil.example" not in outside["Location"]


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_key_even_for_the_right_password(alice):
    for _ in range(5):
        response = _login(Client(), "alice@example.org", "guess")
        assert response.status_code == 200

    browser = Client()
    response = _login(browser, "alice@example.org", DEFAULT_PASSWORD)

    assert "Too many failed login attempts" in response.text
    assert _signed_in_user_id(browser) is None
    # Another person's account is not affected by attempts on alice's.
    bob = UserFactory(username="bob2")
    assert _login(Client(), bob.email, DEFAULT_PASSWORD).status_code == 302


@pytest.mark.django_db
def test_flood_of_logins_from_one_address_gets_429(client, alice):
    statuses = [
        _login(client, f"guess{number}@example.org", "guess").status_code for number in range(40)
    ]

    assert 429 in statuses
    assert statuses[0] == 200
    assert _login(client, "alice@example.org", DEFAULT_PASSWORD).status_code == 429


# Admin


@pytest.mark.django_db
def test_admin_login_goes_through_allauths_login(client):
    response = client.get("/admin/", follow=True)

    assert response.redirect_chain[-1][0] == f"{LOGIN}?next=%2Fadmin%2F"
    assert response.status_code == 200


@pytest.mark.django_db
def test_admin_login_form_cannot_be_used_to_bypass_rate_limits(client, moderator):
    response = client.post(
        "/admin/login/", {"username": "moe", "password": DEFAULT_PASSWORD, "next": "/admin/"}
    )

    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert _signed_in_user_id(client) is None


@pytest.mark.django_db
def test_admin_login_is_rate_limited_like_every_login(client, moderator):
    for _ in range(5):
        _login(Client(), moderator.email, "guess")

    response = _login(client, moderator.email, DEFAULT_PASSWORD)

    assert "Too many failed login attempts" in response.text
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["alice", "charlie", "mallory"])
def test_members_are_refused_at_the_admin(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/admin/", follow=True)

    assert response.status_code == 403


def _grant_view_permissions(user):
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts", codename__in=["view_user", "view_profile"]
        )
    )


@pytest.mark.django_db
def test_staff_signs_in_through_allauth_and_reaches_the_admin(client, moderator):
    _grant_view_permissions(moderator)

    response = client.post(
        f"{LOGIN}?next=/admin/", {"login": moderator.email, "password": DEFAULT_PASSWORD}
    )

    assert response["Location"] == "/admin/"
    index = client.get("/admin/")
    assert index.status_code == 200
    assert "Commons administration" in index.text
    assert "/admin/accounts/user/" in index.text
    assert "/admin/accounts/profile/" in index.text


@pytest.mark.django_db
def test_admin_user_changelist_search_and_filters(
    client, moderator, alice, bob, instructor, django_assert_max_num_queries
):
    _grant_view_permissions(moderator)
    client.force_login(moderator)
    bob.is_active = False
    bob.save(update_fields=["is_active"])

    with django_assert_max_num_queries(15):
        everyone = client.get("/admin/accounts/user/")
    by_name = client.get("/admin/accounts/user/", {"q": "Ames"})
    instructors = client.get("/admin/accounts/user/", {"profile__role__exact": "instructor"})
    inactive = client.get("/admin/accounts/user/", {"is_active__exact": "0"})

    for response in (everyone, by_name, instructors, inactive):
        assert response.status_code == 200
    assert {"alice", "bob", "ines", "moe"} <= set(
        everyone.context["cl"].result_list.values_list("username", flat=True)
    )
    assert [user.username for user in by_name.context["cl"].result_list] == ["alice"]
    assert [user.username for user in instructors.context["cl"].result_list] == ["ines"]
    assert [user.username for user in inactive.context["cl"].result_list] == ["bob"]


@pytest.mark.django_db
def test_admin_profile_changelist_search_and_filters(client, moderator, alice, bob, instructor):
    _grant_view_permissions(moderator)
    client.force_login(moderator)
    Profile.objects.filter(user=bob).update(time_zone_confirmed=False, bio="Jazz and topology")

    def usernames(**params):
        response = client.get("/admin/accounts/profile/", params)
        assert response.status_code == 200
        return sorted(profile.user.username for profile in response.context["cl"].result_list)

    assert usernames(q="alice@example.org") == ["alice"]
    assert usernames(q="topology") == ["bob"]
    assert usernames(role__exact="instructor") == ["ines"]
    assert usernames(time_zone_confirmed__exact="0") == ["bob"]
    assert usernames(time_zone="Asia/Kolkata") == ["ines"]
    assert usernames(q="<script>alert(1)</script>") == []


@pytest.mark.django_db
def test_admin_changelists_need_permissions_even_for_staff(client, moderator):
    client.force_login(moderator)

    assert client.get("/admin/accounts/user/").status_code == 403


# Logout


@pytest.mark.django_db
def test_logout_needs_a_post(alice_client, alice):
    page = alice_client.get(LOGOUT)

    assert page.status_code == 200
    assert _signed_in_user_id(alice_client) == str(alice.pk)

    response = alice_client.post(LOGOUT)

    assert response.status_code == 302
    assert _signed_in_user_id(alice_client) is None
    assert alice_client.get("/accounts/profile/").status_code == 302


@pytest.mark.django_db
def test_logout_is_csrf_protected(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(LOGOUT)

    assert response.status_code == 403
    assert _signed_in_user_id(client) == str(alice.pk)
