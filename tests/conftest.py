"""Personas shared by every test: alice and bob (members), charlie (an outsider),
mallory (hostile), an instructor and a moderator."""

import multiprocessing
import os

import pytest

from accounts.models import Profile
from tests.factories import UserFactory

# Servers started by tests must not fork a process that already runs asgiref's
# worker thread (a forked child then hangs on database calls).
multiprocessing.set_start_method("spawn", force=True)

REDIS_URL = os.environ.get("REDIS_URL", "")

requires_redis = pytest.mark.skipif(
    not REDIS_URL,
    reason="needs a Redis server: set REDIS_URL (e.g. redis://127.0.0.1:6379/0) to run it",
)


@pytest.fixture
def postgres(settings):
    """(server URL without a database name, the test database's name) for processes a
    test starts; skips the test on SQLite."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL=postgres://…)")
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    return f"postgres://{credentials}@{database['HOST']}:{database['PORT']}", database["NAME"]


@pytest.fixture(autouse=True)
def _languages(request):
    """The languages a migration puts in are gone after a transactional test's flush;
    every test that uses the database finds them, whatever ran before it."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is not None:
        transactional = marker.kwargs.get("transaction", False)
    elif names & {"db", "transactional_db"}:
        transactional = "transactional_db" in names
    else:
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    from accounts.languages import LANGUAGES
    from accounts.models import Language

    if not Language.objects.exists():
        Language.objects.bulk_create(Language(code=code, name=name) for code, name in LANGUAGES)


@pytest.fixture(autouse=True)
def _default_language():
    """A page request leaves its person's language active in the thread (LocaleMiddleware
    never switches back): every test starts, and ends, in the site's default."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def alice(db):
    return UserFactory(username="alice", display_name="Alice Ames", time_zone="Europe/Berlin")


@pytest.fixture
def bob(db):
    return UserFactory(username="bob", display_name="Bob Baptiste", time_zone="America/New_York")


@pytest.fixture
def charlie(db):
    return UserFactory(username="charlie", display_name="Charlie Chen", time_zone="Asia/Tokyo")


@pytest.fixture
def mallory(db):
    return UserFactory(username="mallory", display_name="Mallory", time_zone="UTC")


@pytest.fixture
def instructor(db):
    return UserFactory(
        username="ines",
        display_name="Dr Ines Iyer",
        time_zone="Asia/Kolkata",
        role=Profile.Role.INSTRUCTOR,
    )


@pytest.fixture
def moderator(db):
    user = UserFactory(username="moe", display_name="Moe Moderator", time_zone="UTC")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    return user


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def audit_log(db):
    """Reads the audit log as (actor, action, target user, target, reason) rows, oldest
    first: what the moderation verbs recorded."""
    from accounts.models import ModerationAction

    def read():
        entries = ModerationAction.objects.select_related("actor", "target_user", "target_type")
        return [
            (
                entry.actor,
                entry.action,
                entry.target_user,
                entry.target_type.get_object_for_this_type(pk=entry.target_id)
                if entry.target_type
                else None,
                entry.reason,
            )
            for entry in entries.order_by("id")
        ]

    return read
