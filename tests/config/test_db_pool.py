"""Production's database pool holds under load: uvicorn workers on the production
settings never hold more PostgreSQL connections than workers × the pool's max_size.
A smaller run of benchmarks/db_connections.py."""

import secrets

import pytest
from django.conf import settings
from django.test import Client, override_settings

from benchmarks.db_connections import (
    ConnectionSampler,
    collect_static,
    drive_load,
    production_env,
    uvicorn_server,
)

WORKERS = 2
POOL_MAX_SIZE = 3
REQUESTS = 300
# More clients than the pools have connections, so that requests wait for one.
CLIENTS = 12


@pytest.mark.django_db(transaction=True)
def test_workers_stay_within_their_pools_under_load(postgres, alice, tmp_path):
    server, database = postgres
    secret_key = secrets.token_urlsafe(60)
    with override_settings(SECRET_KEY=secret_key):
        client = Client()
        client.force_login(alice)
    env = production_env(
        f"{server}/{database}",
        tmp_path / "static",
        secret_key,
        DATABASE_POOL_MIN_SIZE="1",
        DATABASE_POOL_MAX_SIZE=str(POOL_MAX_SIZE),
        # The earlier advice: the pool must override it, not pile up connections.
        CONN_MAX_AGE="60",
    )
    collect_static(env)
    sampler = ConnectionSampler(f"{server}/postgres", database)
    try:
        with uvicorn_server(env, WORKERS) as port:
            with sampler:
                statuses, _, _ = drive_load(
                    port, client.cookies[settings.SESSION_COOKIE_NAME].value, REQUESTS, CLIENTS
                )
            after = sampler.settled_count()
    finally:
        sampler.close()

    # Every signed-in page was served signed in (a lost session redirects to sign-in).
    assert statuses == [200] * REQUESTS
    peak = max(sampler.samples)
    assert 0 < peak <= WORKERS * POOL_MAX_SIZE
    assert after <= WORKERS * POOL_MAX_SIZE
