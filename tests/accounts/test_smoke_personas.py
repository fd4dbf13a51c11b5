import pytest


@pytest.mark.django_db
def test_personas_have_profiles_in_their_zones(alice, bob, instructor):
    assert alice.profile.time_zone == "Europe/Berlin"
    assert bob.profile.display_name == "Bob Baptiste"
    assert instructor.profile.role == "instructor"
