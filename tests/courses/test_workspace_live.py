"""Teammates with a workspace open hear that its tasks or files changed, on their page's
socket, and fetch the list again through the permission-checked page; nobody else hears
of it, and the frame carries no content."""

import json

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from config.asgi import application
from courses import actions

pytestmark = [pytest.mark.django_db(transaction=True)]
TIMEOUT = 3


def _session_cookie(user):
    client = Client()
    client.force_login(user)
    return client.cookies[django_settings.SESSION_COOKIE_NAME].value


async def page_socket(user):
    cookie = await database_sync_to_async(_session_cookie)(user)
    headers = [
        (b"origin", b"http://localhost"),
        (b"cookie", f"{django_settings.SESSION_COOKIE_NAME}={cookie}".encode()),
    ]
    communicator = WebsocketCommunicator(application, "/ws/me/", headers=headers)
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    return communicator


async def next_workspace_frame(communicator):
    while True:
        frame = json.loads(await communicator.receive_from(timeout=TIMEOUT))
        if frame["type"] == "workspace_changed":
            return frame


async def test_teammates_and_staff_hear_of_a_new_task_and_others_do_not(
    workspaces, alice, bob, charlie, instructor
):
    red = workspaces["Red"]
    sockets = {
        person.username: await page_socket(person) for person in (alice, charlie, instructor)
    }
    await database_sync_to_async(actions.add_task)(bob, red, "Secret plan")

    for name in ("alice", "ines"):
        frame = await next_workspace_frame(sockets[name])
        assert frame == {"type": "workspace_changed", "workspace": red.pk, "part": "tasks"}
    assert await sockets["charlie"].receive_nothing(timeout=0.5)
    for communicator in sockets.values():
        await communicator.disconnect()


async def test_a_refused_change_announces_nothing(workspaces, alice, bob):
    red = workspaces["Red"]
    task = await database_sync_to_async(actions.add_task)(alice, red, "Mine")
    await database_sync_to_async(actions.claim_task)(alice, task)
    socket = await page_socket(alice)
    with pytest.raises(actions.InvalidTask):
        await database_sync_to_async(actions.claim_task)(bob, task)
    assert await socket.receive_nothing(timeout=0.5)
    await socket.disconnect()


def test_the_lists_are_fetched_as_fragments_by_the_team_only(client, workspaces, alice, charlie):
    red = workspaces["Red"]
    actions.add_task(alice, red, "Draw the chart")
    url = reverse("courses:workspace", args=[red.pk])
    client.force_login(alice)
    for part, marker in [
        ("task_list", 'id="task-list"'),
        ("file_list", 'id="file-list"'),
        ("ledger", 'id="ledger-body"'),
    ]:
        response = client.get(url, {"part": part}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and response.text.lstrip().startswith(f"<div {marker}")
    assert (
        "Draw the chart"
        in client.get(url, {"part": "task_list"}, headers={"HX-Request": "true"}).text
    )
    # An unknown part, or no htmx, is the whole page.
    assert "<html" in client.get(url, {"part": "draft_form"}, headers={"HX-Request": "true"}).text
    client.force_login(charlie)
    assert client.get(url, {"part": "task_list"}, headers={"HX-Request": "true"}).status_code == 404
