"""Many people doing the same thing at the same instant, each on a database connection
of their own: what the row locks and constraints must keep exact."""

import threading

import pytest
from django.db import connection, connections

# A module of race tests marks itself with these: real commits, and PostgreSQL only.
ROW_LOCK_RACES = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite serialises writers with a database lock, so there is no row-lock race "
        "to test; run with DATABASE_URL pointing at PostgreSQL",
    ),
    pytest.mark.django_db(transaction=True),
]


def race(people, act):
    """Run `act(person)` for everyone at once (a thread each, released together) and
    return {person pk: what act returned} and the errors, as text."""
    barrier = threading.Barrier(len(people))
    outcomes, errors = {}, []

    def run(person):
        try:
            barrier.wait(timeout=30)
            outcomes[person.pk] = act(person)
        except Exception as error:  # any failure fails the caller's test
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes, errors
