"""HTTP views of accounts: profile, time zone, weekly availability and person pages."""

import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from accounts import actions
from accounts.models import AvailabilitySlot, Interest, Language, Profile
from accounts.timezones import get_zone

PROFILE_EDIT = reverse("accounts:profile_edit")
TIME_ZONE_CONFIRM = reverse("accounts:time_zone_confirm")
AVAILABILITY = reverse("accounts:availability")
WEEK = reverse("accounts:availability_week")
HTMX = {"HTTP_HX_REQUEST": "true"}


def _profile_data(**overrides):
    data = {
        "display_name": "Alice A.",
        "pronouns": "she/her",
        "time_zone": "Europe/Berlin",
        "role": "student",
        "interests": "",
        "bio": "Second-year maths student.\nHappy to review proofs.",
    }
    data.update(overrides)
    return data


def _text(response):
    """The page's visible text with tags removed and whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def _profile_snapshot(user):
    profile = Profile.objects.get(user=user)
    return (
        profile.display_name,
        profile.pronouns,
        profile.time_zone,
        profile.bio,
        list(profile.interests.values_list("name", flat=True)),
        list(profile.languages.values_list("code", flat=True)),
    )


# Profile edit


@pytest.mark.django_db
def test_profile_edit_shows_the_form_with_current_values(alice_client):
    response = alice_client.get(PROFILE_EDIT)

    assert response.status_code == 200
    assert 'value="Alice Ames"' in response.text
    assert 'value="Europe/Berlin"' in response.text


@pytest.mark.django_db
def test_profile_edit_saves_and_redirects_to_the_person_page(alice_client, alice):
    languages = list(Language.objects.order_by("code")[:2])
    data = _profile_data(time_zone="Asia/Kolkata", languages=[lang.pk for lang in languages])

    response = alice_client.post(PROFILE_EDIT, data)

    assert response.status_code == 302
    assert response["Location"] == "/people/alice/"
    profile = Profile.objects.get(user=alice)
    assert profile.display_name == "Alice A."
    assert profile.pronouns == "she/her"
    assert profile.time_zone == "Asia/Kolkata"
    assert profile.time_zone_confirmed
    assert set(profile.languages.all()) == set(languages)
    page = alice_client.get(response["Location"])
    assert "Your profile is saved." in page.text
    # The new zone takes effect on the very next page.
    assert re.search(r"Times are shown in <strong>Asia/Kolkata \(UTC\+5:30\)</strong>", page.text)


@pytest.mark.django_db
def test_profile_edit_saves_interests_as_shared_lowercase_tags(alice_client, alice, bob):
    bob.profile.interests.add(Interest.objects.create(name="chess"))

    response = alice_client.post(
        PROFILE_EDIT, _profile_data(interests="Statistics, chess,  statistics , Jazz  Piano")
    )

    assert response.status_code == 302
    names = sorted(Profile.objects.get(user=alice).interests.values_list("name", flat=True))
    assert names == ["chess", "jazz piano", "statistics"]
    assert Interest.objects.filter(name="chess").count() == 1
    assert "jazz piano" in alice_client.get("/people/alice/").text


HOSTILE_PROFILE_INPUT = {
    "markup-display-name": ({"display_name": "<script>alert(1)</script>"}, "display_name"),
    "markup-in-name-attr": ({"display_name": '"><img src=x onerror=alert(1)>'}, "display_name"),
    "template-braces": ({"display_name": "{{ request.user.password }}"}, "display_name"),
    "control-characters": ({"display_name": "Al\x07ice"}, "display_name"),
    "huge-bio": ({"bio": "x" * 10_000}, "bio"),
    "huge-name": ({"display_name": "A" * 500}, "display_name"),
    "unknown-zone": ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    "zone-path-traversal": ({"time_zone": "../../etc/passwd"}, "time_zone"),
    "empty-zone": ({"time_zone": ""}, "time_zone"),
    "markup-interest": ({"interests": "chess, <b>bold</b>"}, "interests"),
    "too-many-interests": ({"interests": ",".join(f"topic{n}" for n in range(50))}, "interests"),
    "unknown-language": ({"languages": ["999999"]}, "languages"),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"), HOSTILE_PROFILE_INPUT.values(), ids=HOSTILE_PROFILE_INPUT.keys()
)
def test_profile_edit_rejects_hostile_input_and_saves_nothing(
    alice_client, alice, overrides, field
):
    before = _profile_snapshot(alice)

    response = alice_client.post(PROFILE_EDIT, _profile_data(**overrides))

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert "nothing was saved yet" in response.text
    # The error is shown next to the field (Django renders errors with the field's id).
    assert f'id="id_{field}_error"' in response.text
    assert _profile_snapshot(alice) == before


@pytest.mark.django_db
def test_profile_edit_rejects_everything_hostile_at_once(alice_client, alice):
    before = _profile_snapshot(alice)

    response = alice_client.post(
        PROFILE_EDIT,
        _profile_data(
            display_name="<script>alert('x')</script>",
            bio="<b>" * 2_500,
            time_zone="Not/A_Zone",
        ),
    )

    assert response.status_code == 400
    assert set(response.context["form"].errors) >= {"display_name", "bio", "time_zone"}
    assert "<script>alert(" not in response.text
    assert "is not a time zone we know" in response.text
    assert _profile_snapshot(alice) == before


@pytest.mark.django_db
def test_profile_edit_echoes_rejected_input_escaped(alice_client):
    response = alice_client.post(
        PROFILE_EDIT, _profile_data(display_name='"><script>alert(1)</script>')
    )

    assert response.status_code == 400
    assert "<script>alert(1)</script>" not in response.text
    assert "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


@pytest.mark.django_db
def test_bio_with_markup_is_stored_as_typed_and_shown_escaped(alice_client, alice, bob):
    bio = "<b>hi</b> & <script>alert('bio')</script>\nsecond line"

    response = alice_client.post(PROFILE_EDIT, _profile_data(bio=bio, pronouns="<i>they</i>"))

    # Pronouns are plain text like names; the bio is free text.
    assert response.status_code == 400
    response = alice_client.post(PROFILE_EDIT, _profile_data(bio=bio))
    assert response.status_code == 302
    assert Profile.objects.get(user=alice).bio == bio
    alice_client.force_login(bob)
    page = alice_client.get("/people/alice/")
    assert "<script>alert" not in page.text
    assert "<b>hi</b>" not in page.text
    assert "&lt;b&gt;hi&lt;/b&gt; &amp; &lt;script&gt;alert(&#x27;bio&#x27;)&lt;/script&gt;" in (
        page.text
    )
    assert "<br>second line" in page.text


@pytest.mark.django_db
def test_profile_edit_only_changes_the_signed_in_persons_profile(client, mallory, alice):
    """There is no user parameter: extra fields naming alice change mallory's own profile."""
    client.force_login(mallory)
    before = _profile_snapshot(alice)

    response = client.post(
        PROFILE_EDIT,
        _profile_data(display_name="Not Alice", user=alice.pk, user_id=alice.pk, id=alice.pk),
    )

    assert response.status_code == 302
    assert response["Location"] == "/people/mallory/"
    assert _profile_snapshot(alice) == before
    assert Profile.objects.get(user=mallory).display_name == "Not Alice"


# Time zone confirmation


@pytest.mark.django_db
def test_time_zone_confirm_saves_the_zone(alice_client, alice):
    Profile.objects.filter(user=alice).update(time_zone_confirmed=False)

    response = alice_client.post(TIME_ZONE_CONFIRM, {"time_zone": "America/St_Johns"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    profile = Profile.objects.get(user=alice)
    assert (profile.time_zone, profile.time_zone_confirmed) == ("America/St_Johns", True)
    home = alice_client.get("/")
    assert "Times are now shown in America/St_Johns." in home.text
    assert "Is America/St_Johns your time zone?" not in home.text


@pytest.mark.django_db
def test_time_zone_confirm_by_htmx_refreshes_the_page(alice_client, alice):
    response = alice_client.post(TIME_ZONE_CONFIRM, {"time_zone": "Asia/Tokyo"}, **HTMX)

    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert Profile.objects.get(user=alice).time_zone == "Asia/Tokyo"


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Mars/Olympus", "", "<script>", "x" * 5_000, "US/Pacific/x"])
def test_time_zone_confirm_rejects_unknown_zones(alice_client, alice, zone):
    Profile.objects.filter(user=alice).update(time_zone_confirmed=False)

    response = alice_client.post(TIME_ZONE_CONFIRM, {"time_zone": zone})

    assert response.status_code == 302
    assert response["Location"] == PROFILE_EDIT
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    profile = Profile.objects.get(user=alice)
    assert (profile.time_zone, profile.time_zone_confirmed) == ("Europe/Berlin", False)


@pytest.mark.django_db
def test_time_zone_confirm_without_a_zone_field_is_an_error_not_a_crash(alice_client, alice):
    response = alice_client.post(TIME_ZONE_CONFIRM, {})

    assert response.status_code == 302
    assert Profile.objects.get(user=alice).time_zone == "Europe/Berlin"


@pytest.mark.django_db
def test_time_zone_confirm_is_post_only(alice_client):
    assert alice_client.get(TIME_ZONE_CONFIRM).status_code == 405


@pytest.mark.django_db
def test_home_asks_to_confirm_a_guessed_zone(alice_client, alice):
    actions.update_time_zone(alice, "Asia/Tokyo", confirmed=False)

    response = alice_client.get("/")

    assert "Is Asia/Tokyo your time zone?" in response.text
    assert f'action="{TIME_ZONE_CONFIRM}"' in response.text


# Times in the viewer's zone


@pytest.mark.django_db
def test_home_shows_the_time_in_the_viewers_zone_and_names_it(alice_client):
    before = timezone.now()
    response = alice_client.get("/")
    after = timezone.now()

    berlin = get_zone("Europe/Berlin")
    expected = {moment.astimezone(berlin).strftime("%H:%M") for moment in (before, after)}
    match = re.search(
        r"It is (\d\d:\d\d) Europe/Berlin \(UTC\+[12]\) where you are", _text(response)
    )
    assert match, _text(response)
    assert match.group(1) in expected


@pytest.mark.django_db
def test_person_page_shows_their_local_time_and_zone(alice_client, bob):
    before = timezone.now()
    response = alice_client.get("/people/bob/")
    after = timezone.now()

    new_york = get_zone("America/New_York")
    expected = {moment.astimezone(new_york).strftime("%H:%M on %A") for moment in (before, after)}
    text = _text(response)
    match = re.search(
        r"It is (\d\d:\d\d on \w+) for Bob Baptiste, in America/New_York \(UTC-[45]\)\.", text
    )
    assert match, text
    assert match.group(1) in expected
    assert "6 hours behind you" in text
    # The footer still names the viewer's zone, not bob's.
    assert "Times are shown in Europe/Berlin" in text


@pytest.mark.django_db
def test_person_page_says_how_far_ahead_a_half_hour_zone_is(client, mallory, instructor):
    client.force_login(mallory)

    text = _text(client.get("/people/ines/"))

    assert "in Asia/Kolkata (UTC+5:30)" in text
    assert "5.5 hours ahead of you" in text


@pytest.mark.django_db
def test_own_person_page_has_no_overlap_and_an_edit_link(alice_client):
    response = alice_client.get("/people/alice/")

    assert "Shared free time" not in response.text
    assert f'href="{PROFILE_EDIT}"' in response.text


# Shared free hours on the person page


@pytest.mark.django_db
def test_person_page_shows_shared_free_hours_from_real_availability(client, mallory, charlie):
    """mallory (UTC) and charlie (Tokyo, UTC+9, no DST) overlap on Monday 10:00-12:00 UTC."""
    actions.set_free_hours(mallory, [(0, hour) for hour in (9, 10, 11)])  # 09:00-12:00 UTC
    # 19:00-21:00 and 22:00-23:00 Tokyo = 10:00-12:00, 13:00 UTC
    actions.set_free_hours(charlie, [(0, hour) for hour in (19, 20, 22)])
    client.force_login(mallory)

    text = _text(client.get("/people/charlie/"))

    assert "You are both free 2 hours this week" in text


@pytest.mark.django_db
def test_person_page_shared_hours_are_symmetric(client, mallory, charlie):
    actions.set_free_hours(mallory, [(2, 8), (2, 9)])
    actions.set_free_hours(charlie, [(2, 17), (2, 18)])  # Wednesday 08:00-10:00 UTC
    client.force_login(charlie)

    assert "You are both free 2 hours this week" in _text(client.get("/people/mallory/"))


@pytest.mark.django_db
def test_person_page_without_overlap_says_so(alice_client, bob):
    actions.set_free_hours(bob, [(3, 12)])

    text = _text(alice_client.get("/people/bob/"))

    assert "Shared free time" in text
    assert "You are both free" not in text


# Availability

JSON = {"HTTP_ACCEPT": "application/json"}


def _week_of(user):
    return set(AvailabilitySlot.objects.filter(user=user).values_list("weekday", "hour"))


@pytest.mark.django_db
def test_availability_page_shows_the_grid_in_the_persons_zone(alice_client, alice):
    actions.set_free_hours(alice, [(1, 19)])

    response = alice_client.get(AVAILABILITY)

    assert response.status_code == 200
    assert "You are free 1 hour a week." in response.text
    assert re.search(r"<strong>Europe/Berlin \(UTC\+[12]\)</strong>", response.text)
    assert response.text.count('name="free"') == 7 * 24
    cell = re.search(r'<input[^>]*id="slot-1-19"[^>]*>', response.text).group(0)
    assert 'type="checkbox"' in cell
    assert 'aria-label="Tuesday 19:00"' in cell
    assert "checked" in cell
    cell = re.search(r'<input[^>]*id="slot-1-18"[^>]*>', response.text).group(0)
    assert "checked" not in cell
    form = re.search(r"<form[^>]*data-week-painter[^>]*>", response.text).group(0)
    assert f'action="{WEEK}"' in form
    assert 'name="csrfmiddlewaretoken"' in response.text
    for tool in ("save", "weekday_evenings", "weekends", "mornings", "copy", "clear"):
        assert f'name="tool" value="{tool}"' in response.text


@pytest.mark.django_db
def test_a_stroke_saves_the_whole_week_and_answers_in_json(alice_client, alice):
    actions.set_free_hours(alice, [(6, 0)])

    response = alice_client.post(WEEK, {"free": ["0-18", "0-19", "1-18"], "tool": "save"}, **JSON)

    assert response.status_code == 200
    assert response.json() == {
        "free": ["0-18", "0-19", "1-18"],
        "summary": "You are free 3 hours a week.",
    }
    assert _week_of(alice) == {(0, 18), (0, 19), (1, 18)}


@pytest.mark.django_db
def test_a_stroke_goes_through_the_verb_so_week_ranges_follow(alice_client, alice, monkeypatch):
    calls = []
    monkeypatch.setattr(actions, "set_free_hours", lambda user, week: calls.append((user, week)))

    alice_client.post(WEEK, {"free": ["2-9"], "tool": "save"}, **JSON)

    assert calls == [(alice, {(2, 9)})]


@pytest.mark.django_db
def test_plain_form_saves_and_redirects_back_to_the_week(alice_client, alice):
    response = alice_client.post(WEEK, {"free": ["6-0", "6-23"], "tool": "save"})

    assert response.status_code == 302
    assert response["Location"] == AVAILABILITY
    assert _week_of(alice) == {(6, 0), (6, 23)}
    page = alice_client.get(AVAILABILITY).text
    assert "You are free 2 hours a week." in page
    assert "Your week is saved." in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tool", "expected"),
    [
        ("weekday_evenings", {(day, hour) for day in range(5) for hour in (18, 19, 20, 21)}),
        ("weekends", {(day, hour) for day in (5, 6) for hour in range(10, 18)}),
        ("mornings", {(day, hour) for day in range(7) for hour in range(8, 12)}),
    ],
)
def test_plain_form_preset_adds_to_the_ticked_hours(alice_client, alice, tool, expected):
    actions.set_free_hours(alice, [(3, 3)])  # not ticked on the form: the form is the truth

    response = alice_client.post(WEEK, {"free": ["0-7"], "tool": tool})

    assert response.status_code == 302
    assert _week_of(alice) == expected | {(0, 7)}


@pytest.mark.django_db
def test_plain_form_copies_a_day_to_other_days(alice_client, alice):
    response = alice_client.post(
        WEEK,
        {
            "free": ["0-18", "0-19", "2-8", "4-12"],
            "tool": "copy",
            "copy_from": "0",
            "copy_to": ["1", "2", "3"],
        },
    )

    assert response.status_code == 302
    assert _week_of(alice) == {(day, hour) for day in range(4) for hour in (18, 19)} | {(4, 12)}


@pytest.mark.django_db
def test_plain_form_copy_without_target_days_changes_nothing(alice_client, alice):
    actions.set_free_hours(alice, [(0, 9)])

    response = alice_client.post(WEEK, {"free": ["0-18"], "tool": "copy", "copy_from": "0"})

    assert response.status_code == 302
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert str(message) == "Choose the days to copy it to."
    assert _week_of(alice) == {(0, 9)}


@pytest.mark.django_db
def test_plain_form_clear_empties_the_week(alice_client, alice):
    actions.set_free_hours(alice, [(0, 9), (5, 12)])

    response = alice_client.post(WEEK, {"free": ["0-9", "5-12"], "tool": "clear"})

    assert response.status_code == 302
    assert _week_of(alice) == set()


@pytest.mark.django_db
def test_a_preset_from_the_script_answers_with_the_new_week(alice_client, alice):
    response = alice_client.post(WEEK, {"free": ["5-10"], "tool": "weekends"}, **JSON)

    assert response.status_code == 200
    body = response.json()
    assert len(body["free"]) == 16
    assert body["summary"] == "You are free 16 hours a week."


BAD_WEEKS = {
    "weekday-7": {"free": ["7-0"], "tool": "save"},
    "hour-24": {"free": ["0-24"], "tool": "save"},
    "negative": {"free": ["-1-3"], "tool": "save"},
    "letters": {"free": ["abc"], "tool": "save"},
    "padded": {"free": ["01-05"], "tool": "save"},
    "huge-number": {"free": ["99999999999999999999-1"], "tool": "save"},
    "markup": {"free": ["<script>alert(1)</script>"], "tool": "save"},
    "one-bad-among-good": {"free": ["0-9", "0-10", "8-8"], "tool": "save"},
    "no-tool": {"free": ["0-9"]},
    "unknown-tool": {"free": ["0-9"], "tool": "drop"},
    "empty": {},
    "copy-from-nowhere": {"free": ["0-9"], "tool": "copy", "copy_from": "9", "copy_to": ["1"]},
}


@pytest.mark.django_db
@pytest.mark.parametrize("data", BAD_WEEKS.values(), ids=BAD_WEEKS.keys())
def test_a_bad_stroke_is_a_400_and_keeps_the_week(alice_client, alice, data):
    actions.set_free_hours(alice, [(0, 1)])

    response = alice_client.post(WEEK, data, **JSON)

    assert response.status_code == 400
    assert response.json()["error"]
    assert "<script>" not in response.json()["error"]
    assert _week_of(alice) == {(0, 1)}


@pytest.mark.django_db
@pytest.mark.parametrize("data", BAD_WEEKS.values(), ids=BAD_WEEKS.keys())
def test_a_bad_plain_form_redirects_with_an_error_and_keeps_the_week(alice_client, alice, data):
    actions.set_free_hours(alice, [(0, 1)])

    response = alice_client.post(WEEK, data)

    assert response.status_code == 302
    assert response["Location"] == AVAILABILITY
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "error"
    assert _week_of(alice) == {(0, 1)}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [b'{"free": ["0-9"], "tool": "save"}', b"{not json", b"\x00\xff" * 100],
    ids=["json", "broken-json", "binary"],
)
def test_a_body_that_is_not_form_data_is_refused(alice_client, alice, body):
    """Only form fields are read: a JSON or garbled body names no tool, so the week stays."""
    actions.set_free_hours(alice, [(0, 1)])

    response = alice_client.post(WEEK, body, content_type="application/json", **JSON)

    assert response.status_code == 400
    assert _week_of(alice) == {(0, 1)}


@pytest.mark.django_db
def test_a_huge_payload_is_refused_before_the_form_sees_it(alice_client, alice):
    actions.set_free_hours(alice, [(0, 1)])

    many_fields = alice_client.post(WEEK, {"free": ["0-9"] * 5000, "tool": "save"}, **JSON)
    huge_value = alice_client.post(WEEK, {"free": ["0-" + "9" * 3_000_000], "tool": "save"}, **JSON)

    assert many_fields.status_code == 400
    assert huge_value.status_code == 400
    assert _week_of(alice) == {(0, 1)}


@pytest.mark.django_db
def test_a_stroke_only_changes_the_posters_own_week(client, mallory, alice):
    """There is no user id parameter: fields naming alice still write mallory's week."""
    actions.set_free_hours(alice, [(0, 9)])
    client.force_login(mallory)

    response = client.post(
        WEEK,
        {
            "free": ["3-3"],
            "tool": "save",
            "user": alice.pk,
            "user_id": alice.pk,
            "username": "alice",
        },
        **JSON,
    )

    assert response.status_code == 200
    assert _week_of(alice) == {(0, 9)}
    assert _week_of(mallory) == {(3, 3)}


@pytest.mark.django_db
def test_the_week_endpoint_requires_sign_in_and_post(client, alice_client, alice):
    assert alice_client.get(WEEK).status_code == 405

    anonymous = client.__class__()
    response = anonymous.post(WEEK, {"free": ["1-1"], "tool": "save"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not AvailabilitySlot.objects.exists()


@pytest.mark.django_db
def test_the_week_endpoint_requires_a_csrf_token(alice):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post(WEEK, {"free": ["1-1"], "tool": "save"}, **JSON)

    assert response.status_code == 403
    assert not AvailabilitySlot.objects.exists()

    page = client.get(AVAILABILITY)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = client.post(
        WEEK, {"free": ["1-1"], "tool": "save", "csrfmiddlewaretoken": token}, **JSON
    )

    assert response.status_code == 200
    assert _week_of(alice) == {(1, 1)}


# Person pages


def _main_element(response):
    return re.search(r"<main.*</main>", response.text, re.S).group(0)


@pytest.mark.django_db
def test_unknown_and_inactive_people_are_the_same_404(alice_client, bob):
    bob.is_active = False
    bob.save(update_fields=["is_active"])

    inactive = alice_client.get("/people/bob/")
    unknown = alice_client.get("/people/nobody/")

    assert inactive.status_code == unknown.status_code == 404
    # The same page, but for the per-response CSRF token and CSP nonce.
    assert _main_element(inactive) == _main_element(unknown)
    assert "Bob" not in inactive.text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "handle", ["%3Cscript%3E", "alice%0A", "..%2F..%2Fadmin", "a" * 300, "ALICE"]
)
def test_odd_handles_are_404_not_errors(alice_client, handle):
    response = alice_client.get(f"/people/{handle}/")

    assert response.status_code == 404
    assert "<script>" not in response.text


@pytest.mark.django_db
def test_outsider_can_view_a_member_but_not_edit_through_the_page(client, charlie, alice):
    client.force_login(charlie)

    response = client.get("/people/alice/")

    assert response.status_code == 200
    assert "Alice Ames" in response.text
    assert "Edit profile</a>" not in response.text.split("</header>", 2)[1]


# Query counts


@pytest.mark.django_db
@pytest.mark.parametrize("group_count", [1, 8])
def test_home_query_count_is_capped(
    alice_client, alice, bob, django_assert_max_num_queries, group_count
):
    """Home lists your groups and suggestions; its queries do not grow with them."""
    from datetime import time

    from groups.actions import create_group, join_group

    actions.set_free_hours(alice, [(0, hour) for hour in range(10)])
    for number in range(group_count):
        common = {"description": "", "course": None, "capacity": 6, "visibility": "open"}
        mine = create_group(
            alice,
            name=f"Mine {number}",
            topics=[],
            languages=[],
            slots=[(0, time(9), 60)],
            **common,
        )
        create_group(
            bob,
            name=f"Suggested {number}",
            topics=[],
            languages=[],
            slots=[(0, time(3), 60)],
            **common,
        )
        join_group(bob, mine)

    # The first page of a week works out its free time and meetings (the hourly job
    # does it ahead of time in production); the cap is for every page after that.
    alice_client.get("/")
    with django_assert_max_num_queries(18):
        response = alice_client.get("/")

    assert response.status_code == 200
    groups_card = re.search(r'id="groups-title".*?</section>', response.text, re.S).group(0)
    assert groups_card.count("Mine ") == group_count


@pytest.mark.django_db
def test_person_page_query_count_does_not_grow_with_tags_or_hours(
    client, alice, bob, django_assert_max_num_queries
):
    bob.profile.languages.set(Language.objects.all()[:10])
    bob.profile.interests.set(
        [Interest.objects.create(name=f"topic {number}") for number in range(12)]
    )
    actions.set_free_hours(bob, [(day, hour) for day in range(7) for hour in range(8, 20)])
    actions.set_free_hours(alice, [(day, hour) for day in range(7) for hour in range(8, 20)])
    client.force_login(alice)

    # +1 on every signed-in page: the unread count on the Lounge link.
    with django_assert_max_num_queries(12):
        response = client.get("/people/bob/")

    assert response.status_code == 200
    assert "topic 11" in response.text


@pytest.mark.django_db
def test_availability_page_query_count_is_capped(
    alice_client, alice, django_assert_max_num_queries
):
    actions.set_free_hours(alice, [(day, 9) for day in range(7)])

    # +1 on every signed-in page: the unread count on the Lounge link.
    with django_assert_max_num_queries(7):
        alice_client.get(AVAILABILITY)


@pytest.mark.django_db
def test_joined_date_is_shown_as_a_date_in_the_viewers_zone(alice_client, bob):
    # Just before midnight UTC on a Sunday is already Monday in Berlin.
    bob.date_joined = timezone.now().replace(hour=23, minute=30) - timedelta(
        days=timezone.now().weekday() + 1
    )
    bob.save(update_fields=["date_joined"])

    response = alice_client.get("/people/bob/")

    local = timezone.localtime(bob.date_joined, get_zone("Europe/Berlin"))
    assert f'joined <time datetime="{bob.date_joined.isoformat()}">' in response.text
    assert local.strftime("%a %-d %b %Y") in response.text
