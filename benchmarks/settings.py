"""Settings for the fan-out benchmark's servers: production-like, without the posting
rate limit (one sender posts as fast as acks return)."""

from config.settings.base import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
LOUNGE_RATE_LIMIT = (10**9, 1)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Errors are printed: a benchmark that hides its server's errors measures nothing.
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
STORAGES = {
    **STORAGES,  # noqa: F405 - the private files' storage as configured
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Persistent connections, as production should run (CONN_MAX_AGE in the environment):
# without them every database_sync_to_async call opens a new PostgreSQL connection.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)  # noqa: F405
