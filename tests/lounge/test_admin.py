"""The lounge admin: changelists with search and filters, and its actions use the verbs."""

import pytest
from django.urls import reverse

from lounge import actions
from lounge.models import Message

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, moderator):
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)
    return client


@pytest.mark.parametrize("model", ["channel", "message", "reaction", "chatpreferences"])
def test_changelists_load_with_search(admin_client, social, alice, model):
    actions.post_message(alice, social, "<b>hello</b> admin")
    url = reverse(f"admin:lounge_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "hello"}).status_code == 200


def test_soft_delete_action(admin_client, social, alice):
    message, _ = actions.post_message(alice, social, "remove me")
    response = admin_client.post(
        reverse("admin:lounge_message_changelist"),
        {"action": "soft_delete", "_selected_action": [message.pk]},
    )
    assert response.status_code == 302
    assert Message.objects.get().is_deleted


def test_outsider_has_no_admin(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("admin:lounge_message_changelist"))
    assert response.status_code == 302
