"""Who may see and change a person's profile."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from accounts.models import Profile
from accounts.permissions import can_edit_profile, can_view_profile, get_person_for

pytestmark = pytest.mark.django_db


def deactivate(user):
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


# --- personas ---------------------------------------------------------------------------------


def test_personas_have_profiles_in_their_zones(alice, bob, charlie, mallory, instructor, moderator):
    zones = {
        user.username: (user.profile.time_zone, user.profile.role)
        for user in (alice, bob, charlie, mallory, instructor, moderator)
    }
    assert zones == {
        "alice": ("Europe/Berlin", Profile.Role.STUDENT),
        "bob": ("America/New_York", Profile.Role.STUDENT),
        "charlie": ("Asia/Tokyo", Profile.Role.STUDENT),
        "mallory": ("UTC", Profile.Role.STUDENT),
        "ines": ("Asia/Kolkata", Profile.Role.INSTRUCTOR),
        "moe": ("UTC", Profile.Role.STUDENT),
    }
    assert bob.profile.display_name == "Bob Baptiste"
    assert moderator.is_staff and not alice.is_staff


# --- can_view_profile -------------------------------------------------------------------------


def test_members_can_view_each_others_profiles(alice, bob, charlie):
    assert can_view_profile(alice, bob)
    assert can_view_profile(charlie, alice)
    assert can_view_profile(alice, alice)


def test_anonymous_visitors_cannot_view_profiles(alice):
    assert not can_view_profile(AnonymousUser(), alice)


def test_nobody_can_view_an_inactive_persons_profile(alice, bob, moderator):
    deactivate(bob)
    assert not can_view_profile(alice, bob)
    assert not can_view_profile(moderator, bob)
    assert not can_view_profile(bob, bob)


# --- can_edit_profile -------------------------------------------------------------------------


def test_people_can_edit_only_their_own_profile(alice, bob):
    assert can_edit_profile(alice, alice)
    assert not can_edit_profile(alice, bob)
    assert not can_edit_profile(bob, alice)


def test_hostile_members_and_moderators_cannot_edit_someone_else(alice, mallory, moderator):
    assert not can_edit_profile(mallory, alice)
    assert not can_edit_profile(moderator, alice)


def test_anonymous_visitors_cannot_edit_any_profile(alice):
    assert not can_edit_profile(AnonymousUser(), alice)


# --- get_person_for ---------------------------------------------------------------------------


def test_get_person_for_returns_the_active_person_with_their_profile(
    alice, instructor, django_assert_num_queries
):
    with django_assert_num_queries(3):  # person + profile, languages, interests
        person = get_person_for(alice, "ines")
    assert person == instructor
    with django_assert_num_queries(0):
        assert person.profile.role == Profile.Role.INSTRUCTOR
        assert list(person.profile.languages.all()) == []
        assert list(person.profile.interests.all()) == []


def test_get_person_for_a_missing_handle_is_404(alice):
    with pytest.raises(Http404):
        get_person_for(alice, "nobody")


@pytest.mark.parametrize("handle", ["", " ", "alice'--", "<script>", "x" * 10_000, "ALICE"])
def test_get_person_for_odd_handles_is_404(bob, alice, handle):
    with pytest.raises(Http404):
        get_person_for(bob, handle)


def test_an_inactive_person_404s_exactly_like_a_missing_one(alice, bob):
    deactivate(bob)
    with pytest.raises(Http404) as inactive:
        get_person_for(alice, "bob")
    with pytest.raises(Http404) as missing:
        get_person_for(alice, "nobody")
    assert str(inactive.value) == str(missing.value)


def test_an_inactive_person_is_hidden_from_moderators_and_themselves_too(bob, moderator):
    deactivate(bob)
    for viewer in (moderator, bob):
        with pytest.raises(Http404):
            get_person_for(viewer, "bob")


def test_anonymous_visitors_get_404_for_an_existing_person(alice):
    with pytest.raises(Http404):
        get_person_for(AnonymousUser(), "alice")
