"""Test settings: the real database and channel layer from the environment
(PostgreSQL + Redis in CI), embedded defaults otherwise."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-secret-key-that-is-long-enough-for-django-checks"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    # Tests that write files point this at a temporary directory (tests/files).
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": BASE_DIR / ".test-private-files"},
    },
}
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# No collectstatic in tests: without this WhiteNoise warns "No directory at: staticfiles/"
# once per test client. Autorefresh only records the directory instead of scanning it.
WHITENOISE_AUTOREFRESH = True

# The browser tests serve the app from a thread of the test process, so the
# test database must be reachable from other connections: never in-memory.
# TEST_DATABASE_NAME (a file path for SQLite) lets two test runs share a checkout.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": env("TEST_DATABASE_NAME", default=str(BASE_DIR / ".test-db.sqlite3"))
    }
else:
    DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_commons")}

LOGGING = {"version": 1, "disable_existing_loggers": False}

# Rate-limit counters live in the cache; a per-process cache keeps tests from
# touching (or flushing) a shared Redis and lets each test start from zero.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Presence deltas are coalesced per second in production; tests read them within half
# a second of silence (tests/lounge/test_consumers.py's drain), so they go out sooner.
LOUNGE_PRESENCE_INTERVAL_SECONDS = 0.1

# config.asgi freezes the start-up heap for the collector; not in a test process.
GC_FREEZE_AT_STARTUP = False

# Tasks run at once where timing does not matter; the end-to-end tests queue on the
# "database" backend and run a real `db_worker --backend database` process.
TASKS = {
    "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"},
    "database": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
