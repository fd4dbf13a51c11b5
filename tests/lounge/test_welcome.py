"""People who sign up join the community's welcome channels; nobody else is moved."""

import pytest

from accounts.models import User
from lounge import actions
from lounge.models import Channel, CommunitySettings
from tests.accounts.test_auth_flows import _signup

pytestmark = pytest.mark.django_db


@pytest.fixture
def introductions(alice, moderator):
    channel = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="introductions")
    archived = actions.create_channel(alice, kind=Channel.Kind.SOCIAL, name="old-welcome")
    actions.archive_channel(moderator, archived, "Replaced by #introductions")
    community = CommunitySettings.load()
    community.save()
    community.welcome_channels.add(channel, archived)
    return channel


def test_a_new_person_lands_in_the_welcome_channels(client, introductions, bob):
    _signup(client)
    newcomer = User.objects.get(email="newcomer@example.org")
    joined = set(newcomer.lounge_memberships.values_list("channel__slug", flat=True))
    assert joined == {"introductions"}  # the archived one is left out
    assert not introductions.memberships.filter(user=bob).exists()


def test_without_welcome_channels_a_signup_joins_nothing(client):
    _signup(client)
    assert not User.objects.get(email="newcomer@example.org").lounge_memberships.exists()
