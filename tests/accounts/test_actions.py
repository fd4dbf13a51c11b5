"""The verbs that write profiles and availability, and the checklist built on them."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.actions import set_free_hours, update_profile, update_time_zone
from accounts.forms import ProfileForm
from accounts.models import AvailabilitySlot, Interest, Language, Profile
from accounts.profile_completeness import completeness_for

pytestmark = pytest.mark.django_db


def free_hours_of(user):
    return set(AvailabilitySlot.objects.filter(user=user).values_list("weekday", "hour"))


def profile_form(user, **overrides):
    data = {
        "display_name": user.profile.display_name,
        "pronouns": "",
        "time_zone": user.profile.time_zone,
        "role": Profile.Role.STUDENT,
        "interests": "",
        "bio": "",
    }
    data.update(overrides)
    return ProfileForm(data, instance=user.profile)


def save_profile(user, **overrides):
    form = profile_form(user, **overrides)
    assert form.is_valid(), form.errors
    return update_profile(user, form)


# --- set_free_hours: the whole week at once ----------------------------------------------


def test_setting_the_week_leaves_other_people_alone(alice, bob):
    set_free_hours(alice, [(0, 9), (0, 10)])
    set_free_hours(bob, [(0, 9)])
    set_free_hours(alice, [(0, 10)])
    assert free_hours_of(alice) == {(0, 10)}
    assert free_hours_of(bob) == {(0, 9)}


@pytest.mark.parametrize(("weekday", "hour"), [(7, 0), (0, 24), (-1, 3), (3, -1)])
def test_an_hour_outside_the_week_is_rejected_by_the_database(alice, weekday, hour):
    with pytest.raises(IntegrityError), transaction.atomic():
        set_free_hours(alice, [(weekday, hour)])
    assert free_hours_of(alice) == set()


# --- set_free_hours -----------------------------------------------------------------------


def test_set_free_hours_replaces_the_whole_week(alice):
    set_free_hours(alice, [(0, 9), (0, 10), (4, 18)])
    set_free_hours(alice, [(2, 7)])
    assert free_hours_of(alice) == {(2, 7)}


def test_set_free_hours_ignores_duplicate_pairs(alice):
    set_free_hours(alice, [(5, 12), (5, 12), (6, 0)])
    assert AvailabilitySlot.objects.filter(user=alice).count() == 2


def test_set_free_hours_with_nothing_clears_the_week(alice):
    set_free_hours(alice, [(0, 9)])
    set_free_hours(alice, [])
    assert free_hours_of(alice) == set()


def test_set_free_hours_accepts_the_corners_of_the_week(alice):
    corners = {(0, 0), (0, 23), (6, 0), (6, 23)}
    set_free_hours(alice, corners)
    assert free_hours_of(alice) == corners


def test_set_free_hours_only_touches_that_person(alice, bob):
    set_free_hours(bob, [(3, 3)])
    set_free_hours(alice, [(1, 1)])
    assert free_hours_of(bob) == {(3, 3)}


@pytest.mark.parametrize("bad_pair", [(7, 0), (0, 24), (-1, 0), (0, -1), (99, 99)])
def test_set_free_hours_with_an_hour_outside_the_week_stores_nothing(alice, bad_pair):
    """The database constraint rejects it and the old week survives (the verb is atomic)."""
    set_free_hours(alice, [(0, 9)])
    with pytest.raises(IntegrityError), transaction.atomic():
        set_free_hours(alice, [(1, 10), bad_pair])
    assert free_hours_of(alice) == {(0, 9)}


@pytest.mark.parametrize(("weekday", "hour"), [(7, 0), (0, 24)])
def test_the_database_refuses_slots_outside_the_week(alice, weekday, hour):
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilitySlot.objects.create(user=alice, weekday=weekday, hour=hour)


def test_the_database_refuses_the_same_slot_twice(alice):
    AvailabilitySlot.objects.create(user=alice, weekday=2, hour=8)
    with pytest.raises(IntegrityError), transaction.atomic():
        AvailabilitySlot.objects.create(user=alice, weekday=2, hour=8)


# --- update_time_zone -----------------------------------------------------------------------


def test_update_time_zone_sets_and_confirms_the_zone(alice):
    update_time_zone(alice, "America/St_Johns")
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone == "America/St_Johns"
    assert alice.profile.time_zone_confirmed is True


def test_update_time_zone_from_a_browser_guess_stays_unconfirmed(alice):
    update_time_zone(alice, "Asia/Kathmandu", confirmed=False)
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone == "Asia/Kathmandu"
    assert alice.profile.time_zone_confirmed is False


def test_update_time_zone_leaves_other_people_alone(alice, bob):
    update_time_zone(alice, "Asia/Tokyo")
    bob.profile.refresh_from_db()
    assert bob.profile.time_zone == "America/New_York"


# --- update_profile -------------------------------------------------------------------------


def test_update_profile_saves_the_plain_fields(alice):
    save_profile(
        alice,
        display_name="Alice A.",
        pronouns="she/her",
        time_zone="Asia/Kolkata",
        bio="Studying linear algebra.",
    )
    alice.profile.refresh_from_db()
    assert alice.profile.display_name == "Alice A."
    assert alice.profile.pronouns == "she/her"
    assert alice.profile.time_zone == "Asia/Kolkata"
    assert alice.profile.bio == "Studying linear algebra."


def test_update_profile_confirms_the_time_zone(alice):
    update_time_zone(alice, "Europe/Berlin", confirmed=False)
    alice.profile.refresh_from_db()
    save_profile(alice)
    alice.profile.refresh_from_db()
    assert alice.profile.time_zone_confirmed is True


def test_update_profile_normalises_interests(alice):
    """Lower-cased, inner whitespace collapsed, duplicates dropped, empty entries skipped."""
    save_profile(alice, interests="Chess,  chess , Jazz   Piano,, STATISTICS ,jazz piano")
    assert set(alice.profile.interests.values_list("name", flat=True)) == {
        "chess",
        "jazz piano",
        "statistics",
    }


def test_update_profile_shares_interest_rows_between_people(alice, bob):
    save_profile(alice, interests="Chess, Jazz")
    save_profile(bob, interests="CHESS, go")
    assert Interest.objects.filter(name="chess").count() == 1
    assert Interest.objects.count() == 3
    chess = Interest.objects.get(name="chess")
    assert set(chess.people.all()) == {alice.profile, bob.profile}


def test_update_profile_replaces_interests(alice):
    save_profile(alice, interests="chess, jazz")
    save_profile(alice, interests="go")
    assert list(alice.profile.interests.values_list("name", flat=True)) == ["go"]
    save_profile(alice, interests="")
    assert not alice.profile.interests.exists()


def test_update_profile_saves_languages(alice):
    german, english = Language.objects.get(code="de"), Language.objects.get(code="en")
    save_profile(alice, languages=[german.pk, english.pk])
    assert set(alice.profile.languages.all()) == {german, english}
    save_profile(alice, languages=[english.pk])
    assert set(alice.profile.languages.all()) == {english}


def test_update_profile_form_shows_current_interests_as_text(alice):
    save_profile(alice, interests="jazz, chess")
    form = ProfileForm(instance=Profile.objects.get(user=alice))
    assert form.initial["interests"] == "chess, jazz"


# --- profile completeness -------------------------------------------------------------------


def test_a_new_persona_has_only_zone_and_name_done(alice):
    completeness = completeness_for(alice.profile)
    # The factory confirms the zone and sets a display name: 2 of 6 steps, 33 %.
    assert [step.done for step in completeness["steps"]] == [True, True, False, False, False, False]
    assert completeness["done"] == 2
    assert completeness["percent"] == 33


def test_unconfirmed_zone_and_no_name_is_zero_percent(alice):
    update_time_zone(alice, "Europe/Berlin", confirmed=False)
    Profile.objects.filter(user=alice).update(display_name="")
    completeness = completeness_for(Profile.objects.get(user=alice))
    assert completeness["done"] == 0
    assert completeness["percent"] == 0


def test_a_blank_bio_does_not_count(alice):
    Profile.objects.filter(user=alice).update(bio="   \n  ")
    steps = completeness_for(Profile.objects.get(user=alice))["steps"]
    assert steps[4].done is False


def test_two_free_hours_are_not_enough_but_three_are(alice):
    set_free_hours(alice, [(0, 9), (0, 10)])
    assert completeness_for(alice.profile)["steps"][5].done is False
    set_free_hours(alice, [(0, 9), (0, 10), (0, 11)])
    assert completeness_for(alice.profile)["steps"][5].done is True


def test_a_complete_profile_is_one_hundred_percent(alice):
    save_profile(
        alice,
        interests="chess",
        bio="Hello.",
        languages=[Language.objects.get(code="de").pk],
    )
    set_free_hours(alice, [(0, 9), (0, 10), (0, 11)])
    completeness = completeness_for(Profile.objects.get(user=alice))
    assert completeness["done"] == 6
    assert completeness["percent"] == 100


def test_completeness_percent_rounds_five_of_six_to_83(alice):
    save_profile(alice, interests="chess", bio="Hello.")
    set_free_hours(alice, [(0, 9), (0, 10), (0, 11)])
    completeness = completeness_for(Profile.objects.get(user=alice))
    assert completeness["done"] == 5  # no languages yet
    assert completeness["percent"] == 83


def test_completeness_steps_link_to_the_pages_that_fix_them(alice):
    steps = completeness_for(alice.profile)["steps"]
    assert {step.url for step in steps[:5]} == {reverse("accounts:profile_edit")}
    assert steps[5].url == reverse("accounts:availability")
