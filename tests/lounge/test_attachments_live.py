"""A message with files reaches open channel pages live, as the row the page renders."""

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from lounge.models import Message
from lounge.rendering import message_payload, render_message
from tests import pictures
from tests.lounge.test_consumers import connect, receive_json

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_files"),
]


async def test_a_picture_posted_over_http_reaches_the_other_page_as_the_same_row(
    social, alice, bob
):
    bob_ws, _ = await connect(bob, social)

    def post_picture():
        client = Client()
        client.force_login(alice)
        return client.post(
            reverse("lounge:message_post", args=[social.slug]),
            {
                "body": "the view",
                "client_id": "p1",
                "files": [pictures.upload("v.png", pictures.png())],
            },
        )

    response = await database_sync_to_async(post_picture)()
    assert response.status_code == 302
    frame = await receive_json(bob_ws, "message")

    def rendered():
        message = Message.objects.for_display().get()
        return render_message(message_payload(message), zone="America/New_York")

    assert frame["new"] and frame["html"] == await database_sync_to_async(rendered)()
    assert 'alt="v.png"' in frame["html"]
    await bob_ws.disconnect()
