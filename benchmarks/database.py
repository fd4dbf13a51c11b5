"""The benchmarks' own PostgreSQL database: created on first use, then migrated.
Import after django.setup(), with DATABASE_URL pointing at it."""

import os

import psycopg
from django.conf import settings
from django.core.management import call_command


def ensure_database():
    name = settings.DATABASES["default"]["NAME"]
    admin_url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
