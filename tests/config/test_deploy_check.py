"""Production settings pass `manage.py check --deploy` with no warnings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
# Variables that would change what the production settings read.
INHERITED_OVERRIDES = ["DEBUG", "EMAIL_URL", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"]


def _production_env(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED_OVERRIDES}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="commons.example.org",
    )
    # DATABASE_URL / REDIS_URL stay as the environment sets them (Postgres + Redis in CI).
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def _manage(*args, **env_overrides):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=_production_env(**env_overrides),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_the_deploy_check_does_catch_a_weak_secret_key():
    """The check above is not vacuous: a short key is reported."""
    result = _manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY="short")

    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_production_refuses_the_console_email_backend():
    result = _manage("check", "--deploy", EMAIL_URL="consolemail://")

    assert result.returncode != 0
    assert "mail.E001" in result.stderr + result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_will_not_start_without_its_secrets(missing):
    result = _manage("check", **{missing: None})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_settings_are_secure():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS >= 31536000, s.MAILERS['default']['BACKEND'].rsplit('.', 2)[-2])"
    )

    result = _manage("shell", "--no-imports", "-c", code)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True", "True", "True", "True", "smtp"]
