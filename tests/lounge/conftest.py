import pytest

from lounge import actions
from lounge.models import Channel


@pytest.fixture
def social(alice, bob):
    """#cultural-exchange: alice created it, bob joined."""
    channel = actions.create_channel(
        alice, kind=Channel.Kind.SOCIAL, name="cultural-exchange", topic="Where we live"
    )
    actions.join_channel(bob, channel)
    return channel


@pytest.fixture
def group_chat(alice, bob):
    """A study group's channel, as the groups app would create it."""
    return actions.create_channel(
        None, kind=Channel.Kind.GROUP, name="Stats buddies", members=[alice, bob]
    )


@pytest.fixture
def dm(alice, bob):
    return actions.open_direct_channel(alice, [bob])


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """post(user, channel, body, **kw): post through the verb, running on-commit hooks."""

    def do(user, channel, body, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            message, _ = actions.post_message(user, channel, body, **kwargs)
        return message

    return do


@pytest.fixture(autouse=True)
def _fresh_channel_layer():
    """channels-redis keeps asyncio locks bound to the loop that made them; every async
    test runs its own loop, so each test gets a new layer instance."""
    from channels.layers import channel_layers

    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


@pytest.fixture
def private_files(settings, tmp_path):
    """Attachments are written under a temporary directory; returns it (to look at what
    is stored there)."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root
