"""Notifications written before they became facts keep what they said."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("accounts", "0008_interactions")]
AFTER = [("accounts", "0010_notification_settings")]


@pytest.mark.django_db(transaction=True)
def test_old_rows_become_legacy_with_their_text_and_link():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("accounts", "User")
    person = User.objects.create(username="old", email="old@example.com")
    Notification = old.get_model("accounts", "Notification")
    Notification.objects.create(user=person, text="A seat opened up in Bayes.", url="/groups/1/")
    Notification.objects.create(user=person, kind="warning", text="A moderator has warned you.")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    rows = new.get_model("accounts", "Notification").objects.order_by("pk")
    assert [(row.kind, row.params, row.recipient_id) for row in rows] == [
        ("legacy", {"text": "A seat opened up in Bayes.", "url": "/groups/1/"}, person.pk),
        ("legacy", {"text": "A moderator has warned you.", "tone": "warning"}, person.pk),
    ]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
