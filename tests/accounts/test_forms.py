"""Forms that accept profile, zone and availability input, fed bad and hostile values."""

import pytest
from django.core.exceptions import ValidationError

from accounts.forms import (
    MAX_INTEREST_LENGTH,
    MAX_INTERESTS,
    InterestsField,
    ProfileForm,
    SignupExtrasForm,
    TimeZoneConfirmForm,
    TimeZoneField,
    WeekForm,
    reject_markup,
)
from accounts.models import AvailabilitySlot, Interest, Profile

SCRIPT = "<script>alert(1)</script>"
TEN_THOUSAND = "x" * 10_000
UNKNOWN_ZONES = [
    "Mars/Olympus_Mons",
    "europe/berlin",  # names are case-sensitive; the picker offers the canonical spelling
    "../../../../etc/passwd",
    "Europe/Berlin\x00",
    "localtime",  # the server's own zone, not a place
    "x" * 64,
]


def profile_data(**overrides):
    data = {
        "display_name": "Alice Ames",
        "pronouns": "",
        "time_zone": "Europe/Berlin",
        "role": Profile.Role.STUDENT,
        "interests": "",
        "bio": "",
    }
    data.update(overrides)
    return data


def assert_profile_unchanged(user):
    """Nothing from a rejected form reached the database."""
    stored = Profile.objects.get(user=user)
    assert stored.display_name == "Alice Ames"
    assert stored.pronouns == ""
    assert stored.time_zone == "Europe/Berlin"
    assert stored.bio == ""
    assert not stored.interests.exists()
    assert not Interest.objects.exists()


# --- reject_markup --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["Alice", "Zoë O'Brien-Núñez", "李小龙", "they/them", "A & B", "1 + 1 = 2"]
)
def test_reject_markup_accepts_plain_text(value):
    reject_markup(value)


@pytest.mark.parametrize(
    "value",
    [SCRIPT, "<b>bold</b>", "a > b", "{{ secret }}", "{% debug %}", "tab\there", "new\nline"],
)
def test_reject_markup_refuses_markup_template_syntax_and_control_characters(value):
    with pytest.raises(ValidationError):
        reject_markup(value)


# --- ProfileForm ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_form_accepts_a_normal_profile(alice):
    form = ProfileForm(
        profile_data(pronouns="she/her", interests="Chess, jazz", bio="Hi!"), instance=alice.profile
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["interests"] == ["chess", "jazz"]


@pytest.mark.django_db
@pytest.mark.parametrize("zone", UNKNOWN_ZONES)
def test_profile_form_refuses_an_unknown_time_zone(alice, zone):
    form = ProfileForm(profile_data(time_zone=zone), instance=alice.profile)
    assert not form.is_valid()
    assert list(form.errors) == ["time_zone"]
    assert_profile_unchanged(alice)


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["", "   ", TEN_THOUSAND])
def test_profile_form_refuses_a_blank_or_huge_time_zone(alice, zone):
    form = ProfileForm(profile_data(time_zone=zone), instance=alice.profile)
    assert not form.is_valid()
    assert list(form.errors) == ["time_zone"]
    assert_profile_unchanged(alice)


@pytest.mark.django_db
def test_profile_form_refuses_a_ten_thousand_character_bio(alice):
    form = ProfileForm(profile_data(bio="b" * 10_000), instance=alice.profile)
    assert not form.is_valid()
    assert list(form.errors) == ["bio"]
    assert_profile_unchanged(alice)


@pytest.mark.django_db
def test_profile_form_accepts_a_500_character_bio_but_not_501(alice):
    assert ProfileForm(profile_data(bio="b" * 500), instance=alice.profile).is_valid()
    assert not ProfileForm(profile_data(bio="b" * 501), instance=alice.profile).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["display_name", "pronouns"])
@pytest.mark.parametrize(
    "value", [SCRIPT, '<img src=x onerror="alert(1)">', "{{ request.user }}", "bell\x07"]
)
def test_profile_form_refuses_markup_in_names(alice, field, value):
    form = ProfileForm(profile_data(**{field: value}), instance=alice.profile)
    assert not form.is_valid()
    assert list(form.errors) == [field]
    assert_profile_unchanged(alice)


@pytest.mark.django_db
@pytest.mark.parametrize(("field", "limit"), [("display_name", 60), ("pronouns", 30)])
def test_profile_form_refuses_overlong_names(alice, field, limit):
    assert ProfileForm(profile_data(**{field: "n" * limit}), instance=alice.profile).is_valid()
    form = ProfileForm(profile_data(**{field: "n" * (limit + 1)}), instance=alice.profile)
    assert list(form.errors) == [field]
    form = ProfileForm(profile_data(**{field: TEN_THOUSAND}), instance=alice.profile)
    assert list(form.errors) == [field]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "interests",
    [
        "chess, <script>alert(1)</script>",
        "chess, {{ settings.SECRET_KEY }}",
        ", ".join(f"topic {n}" for n in range(MAX_INTERESTS + 1)),
        "chess, " + "y" * (MAX_INTEREST_LENGTH + 1),
        TEN_THOUSAND,
        "a," * 5_000,  # one interest after de-duplication, but 10,000 characters of text
        "," * 10_000,
    ],
    ids=["script", "template", "too-many", "too-long-name", "10k-one-name", "10k-dupes", "commas"],
)
def test_profile_form_refuses_bad_interests(alice, interests):
    form = ProfileForm(profile_data(interests=interests), instance=alice.profile)
    assert not form.is_valid()
    assert list(form.errors) == ["interests"]
    assert_profile_unchanged(alice)


@pytest.mark.django_db
def test_profile_form_cannot_make_a_student_an_instructor(alice):
    """The role unlocks creating courses, so only admins set it."""
    form = ProfileForm(profile_data(role=Profile.Role.INSTRUCTOR), instance=alice.profile)
    assert form.is_valid(), form.errors
    form.save()
    alice.profile.refresh_from_db()
    assert alice.profile.role == Profile.Role.STUDENT


@pytest.mark.django_db
def test_profile_form_refuses_unknown_languages(alice):
    form = ProfileForm(profile_data(languages=["999999"]), instance=alice.profile)
    assert list(form.errors) == ["languages"]


# --- InterestsField -------------------------------------------------------------------------


def test_interests_are_lowercased_trimmed_and_deduplicated_in_order():
    field = InterestsField()
    assert field.clean(" Jazz  Piano ,chess,,CHESS, Go ") == ["jazz piano", "chess", "go"]


def test_no_interests_is_an_empty_list():
    assert InterestsField().clean("") == []
    assert InterestsField().clean(None) == []
    assert InterestsField().clean(" , ,, ") == []


def test_exactly_the_maximum_number_of_interests_of_maximum_length_is_accepted():
    names = [f"{n:02d}" + "z" * (MAX_INTEREST_LENGTH - 2) for n in range(MAX_INTERESTS)]
    assert InterestsField(max_length=1000).clean(",".join(names)) == names


def test_duplicates_do_not_count_towards_the_maximum():
    names = [f"topic {n}" for n in range(MAX_INTERESTS)]
    assert len(InterestsField().clean(", ".join([*names, names[0].upper()]))) == MAX_INTERESTS


def test_interest_length_is_checked_after_collapsing_whitespace():
    padded = "a" + " " * 100 + "b"
    assert InterestsField().clean(padded) == ["a b"]


# --- TimeZoneField and the zone-only forms ---------------------------------------------------


@pytest.mark.parametrize(
    "zone", ["UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns", "Asia/Kathmandu"]
)
def test_time_zone_field_accepts_iana_names(zone):
    assert TimeZoneField().clean(zone) == zone


def test_time_zone_field_strips_surrounding_whitespace():
    assert TimeZoneField().clean("  Asia/Tokyo \n") == "Asia/Tokyo"


@pytest.mark.parametrize("zone", [*UNKNOWN_ZONES, "", TEN_THOUSAND])
def test_time_zone_field_refuses_unknown_blank_and_huge_values(zone):
    with pytest.raises(ValidationError):
        TimeZoneField().clean(zone)


def test_time_zone_field_error_names_the_bad_zone():
    with pytest.raises(ValidationError) as error:
        TimeZoneField().clean("Mars/Olympus_Mons")
    assert "Mars/Olympus_Mons" in error.value.messages[0]


def test_optional_time_zone_field_accepts_blank():
    assert TimeZoneField(required=False).clean("") == ""


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", "", TEN_THOUSAND])
def test_time_zone_confirm_form_refuses_bad_zones(zone):
    form = TimeZoneConfirmForm({"time_zone": zone})
    assert not form.is_valid()
    assert list(form.errors) == ["time_zone"]


def test_time_zone_widget_lists_zones_without_javascript():
    html = TimeZoneField().widget.render("time_zone", "Asia/Kolkata", attrs={"id": "id_tz"})
    assert 'list="id_tz-options"' in html
    assert "Asia/Kathmandu" in html


# --- SignupExtrasForm -----------------------------------------------------------------------


AGREED = {"accept_code_of_conduct": "on"}


def test_signup_extras_accept_a_name_and_a_browser_zone():
    form = SignupExtrasForm({**AGREED, "display_name": "Ada", "time_zone": "Asia/Kolkata"})
    assert form.is_valid(), form.errors


def test_signup_extras_are_optional_but_for_the_code_of_conduct():
    assert SignupExtrasForm(AGREED).is_valid()
    assert list(SignupExtrasForm({}).errors) == ["accept_code_of_conduct"]


@pytest.mark.parametrize("zone", ["Mars/Olympus_Mons", TEN_THOUSAND])
def test_signup_extras_refuse_an_unknown_zone(zone):
    form = SignupExtrasForm({**AGREED, "display_name": "Ada", "time_zone": zone})
    assert list(form.errors) == ["time_zone"]


@pytest.mark.parametrize("name", [SCRIPT, "n" * 61, "{{ x }}"])
def test_signup_extras_refuse_a_bad_display_name(name):
    form = SignupExtrasForm({**AGREED, "display_name": name, "time_zone": "UTC"})
    assert list(form.errors) == ["display_name"]


@pytest.mark.django_db
def test_signup_stores_the_name_and_the_chosen_zone_as_confirmed(mallory):
    form = SignupExtrasForm({**AGREED, "display_name": "Mal", "time_zone": "America/St_Johns"})
    assert form.is_valid()
    form.signup(None, mallory)
    profile = Profile.objects.get(user=mallory)
    assert profile.display_name == "Mal"
    assert profile.time_zone == "America/St_Johns"
    assert profile.time_zone_confirmed is True


@pytest.mark.django_db
def test_signup_without_a_zone_keeps_the_existing_one(mallory):
    form = SignupExtrasForm({**AGREED, "display_name": "Mal", "time_zone": ""})
    assert form.is_valid()
    form.signup(None, mallory)
    profile = Profile.objects.get(user=mallory)
    assert profile.time_zone == "UTC"
    assert profile.time_zone_confirmed is True


# --- WeekForm ------------------------------------------------------------------------------


def _week_form(free, **data):
    return WeekForm({"free": free, "tool": "save", **data})


@pytest.mark.parametrize(
    ("free", "expected"),
    [
        (["0-0"], {(0, 0)}),
        (["6-23", "1-19"], {(6, 23), (1, 19)}),
        (["1-19", "1-19"], {(1, 19)}),
        ([], set()),
    ],
)
def test_week_form_reads_weekday_and_hour_pairs(free, expected):
    form = _week_form(free)
    assert form.is_valid(), form.errors
    assert form.week() == expected


BAD_SLOTS = [
    "7-0",
    "0-24",
    "99-99",
    "06-05",
    "abc",
    "-1-3",
    "1--3",
    "1-2-3",
    "1_2",
    "1-",
    "",
    "1-2; DROP TABLE accounts_availabilityslot",
    "1-2\n3-4",
    TEN_THOUSAND,
    "1-" + "9" * 10_000,
]


@pytest.mark.parametrize("slot", BAD_SLOTS)
@pytest.mark.django_db
def test_week_form_refuses_anything_but_hours_of_the_week(slot):
    form = _week_form(["0-9", slot])
    assert not form.is_valid()
    assert form.errors["free"] == ["That hour is not in the week."]
    assert not AvailabilitySlot.objects.exists()


@pytest.mark.parametrize("tool", [None, "", "delete", "save;clear", SCRIPT])
def test_week_form_refuses_a_missing_or_unknown_tool(tool):
    data = {"free": ["0-9"]} if tool is None else {"free": ["0-9"], "tool": tool}
    form = WeekForm(data)
    assert not form.is_valid()
    assert form.errors["tool"] == ["Choose what to do with your week."]


def test_week_form_adds_a_preset_to_the_hours_shown():
    form = _week_form(["0-9"], tool="weekday_evenings")
    assert form.is_valid(), form.errors
    evenings = {(day, hour) for day in range(5) for hour in range(18, 22)}
    assert form.week() == {(0, 9)} | evenings


def test_week_form_copies_a_day_over_the_chosen_days():
    form = _week_form(
        ["0-9", "0-10", "2-15", "3-7"], tool="copy", copy_from="0", copy_to=["2", "0"]
    )
    assert form.is_valid(), form.errors
    assert form.week() == {(0, 9), (0, 10), (2, 9), (2, 10), (3, 7)}


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({}, "copy_from"),
        ({"copy_from": "1"}, "copy_to"),
        ({"copy_from": "7", "copy_to": ["2"]}, "copy_from"),
    ],
)
def test_week_form_copy_needs_a_day_and_where_to(extra, field):
    form = _week_form(["0-9"], tool="copy", **extra)
    assert not form.is_valid()
    assert field in form.errors


def test_week_form_clear_empties_the_week_whatever_is_shown():
    form = _week_form(["0-9", "6-23"], tool="clear")
    assert form.is_valid(), form.errors
    assert form.week() == set()
