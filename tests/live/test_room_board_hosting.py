"""A breakout room's board run from its page: the session's host and the room's lead
make it read-only and stop or allow one person's drawing, with plain forms and with
htmx; the room's other people, the lead of another room and outsiders get the same 404
as for a room that does not exist, and nothing changes. Open board sockets hear it."""

import json

import pytest
from channels.db import database_sync_to_async
from django.test import Client
from django.urls import reverse

from groups.boards import actions as board_actions
from groups.boards.errors import DrawingRevokedError, NotHost, ReadOnly
from groups.boards.models import DrawingRevoked
from groups.live import actions

from .test_consumers import TIMEOUT, board_socket

STROKE = {
    "kind": "add",
    "items": [
        {"id": "s1", "kind": "stroke", "color": "blue", "width": 3, "points": [[1, 1], [9, 9]]}
    ],
}
HTMX = {"HX-Request": "true"}


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rooms(lobby, instructor, alice, bob, mallory):
    """Two open rooms: bob leads the first, where alice sits; mallory leads the second."""
    first, second = actions.set_up_rooms(instructor, lobby, count=2, mode="manual")
    actions.open_rooms(instructor, lobby)
    actions.place_person(instructor, lobby, alice, first)
    actions.set_room_lead(instructor, first, bob)
    actions.set_room_lead(instructor, second, mallory)
    return first, second


def read_only_url(room):
    return reverse("live:room_board_read_only", args=[room.pk])


def drawing_url(room, person_pk):
    return reverse("live:room_board_drawing", args=[room.pk, person_pk])


def board_of(room):
    board = actions.room_board(room)
    board.refresh_from_db()
    return board


@pytest.mark.django_db
class TestVerbs:
    def test_the_host_and_the_rooms_lead_run_its_board(self, rooms, instructor, alice, bob):
        first, _ = rooms
        board = actions.room_board(first)
        board_actions.set_read_only(bob, board, True)
        with pytest.raises(ReadOnly):
            board_actions.apply_operation(alice, board_of(first), STROKE)
        board_actions.apply_operation(bob, board_of(first), STROKE)  # the lead still draws
        board_actions.set_read_only(instructor, board, False)
        board_actions.set_drawing(bob, board, alice, False)
        with pytest.raises(DrawingRevokedError):
            board_actions.apply_operation(alice, board_of(first), STROKE)
        board_actions.set_drawing(instructor, board, alice, True)
        another = {**STROKE, "items": [{**STROKE["items"][0], "id": "s2"}]}
        board_actions.apply_operation(alice, board_of(first), another)

    def test_others_cannot(self, rooms, alice, bob, mallory, charlie):
        first, _ = rooms
        board = actions.room_board(first)
        for person in (alice, mallory, charlie):  # participant, another room's lead, outsider
            with pytest.raises(NotHost):
                board_actions.set_read_only(person, board, True)
            with pytest.raises(NotHost):
                board_actions.set_drawing(person, board, alice, False)
        assert not board_of(first).read_only and not DrawingRevoked.objects.exists()

    def test_a_lead_loses_the_boards_rights_when_the_rooms_close(
        self, rooms, lobby, instructor, bob
    ):
        first, _ = rooms
        actions.close_rooms(instructor, lobby)
        with pytest.raises(NotHost):
            board_actions.set_read_only(bob, actions.room_board(first), True)


@pytest.mark.django_db
class TestPages:
    def test_the_host_and_the_lead_see_the_hosting_card(self, rooms, instructor, alice, bob):
        first, _ = rooms
        for person in (instructor, bob):
            page = client_for(person).get(first.get_absolute_url()).content.decode()
            assert "Hosting" in page and "Make the board read-only" in page
            assert f'action="{read_only_url(first)}"' in page
            assert f'action="{drawing_url(first, alice.pk)}"' in page
            # The lead draws whatever happens: only the room's others are listed.
            assert f'id="board-person-{bob.pk}"' not in page
        page = client_for(alice).get(first.get_absolute_url()).content.decode()
        assert "Hosting" not in page and read_only_url(first) not in page

    def test_a_lead_makes_the_board_read_only_with_a_plain_form(self, rooms, bob):
        first, _ = rooms
        client = client_for(bob)
        answer = client.post(read_only_url(first), {"read_only": "on"}, follow=True)
        assert answer.redirect_chain[-1][0] == first.get_absolute_url()
        assert "The board is read-only." in answer.content.decode()
        assert board_of(first).read_only
        assert "Let everyone draw" in answer.content.decode()
        answer = client.post(read_only_url(first), {"read_only": ""}, headers=HTMX)
        assert answer.status_code == 204 and not board_of(first).read_only

    def test_a_lead_stops_and_allows_one_persons_drawing(self, rooms, alice, bob):
        first, _ = rooms
        client = client_for(bob)
        answer = client.post(drawing_url(first, alice.pk), {"allowed": ""}, headers=HTMX)
        html = answer.content.decode()
        assert answer.status_code == 200 and html.strip().startswith(
            f'<li id="board-person-{alice.pk}">'
        )
        assert "Allow drawing" in html and f'action="{drawing_url(first, alice.pk)}"' in html
        assert DrawingRevoked.objects.filter(board__room=first, user=alice).exists()
        answer = client.post(drawing_url(first, alice.pk), {"allowed": "on"}, follow=True)
        assert "Alice Ames can draw again." in answer.content.decode()
        assert not DrawingRevoked.objects.exists()

    def test_everyone_else_gets_the_404_of_a_missing_room(
        self, rooms, alice, mallory, charlie, instructor
    ):
        first, second = rooms
        missing = first.pk + second.pk + 1000
        for person in (alice, mallory, charlie):
            client = client_for(person)
            for headers in ({}, HTMX):
                posts = [
                    (read_only_url(first), {"read_only": "on"}),
                    (drawing_url(first, alice.pk), {"allowed": ""}),
                ]
                for url, data in posts:
                    assert client.post(url, data, headers=headers).status_code == 404, person
        client = client_for(charlie)
        missing_url = reverse("live:room_board_read_only", args=[missing])
        assert client.post(missing_url, {"read_only": "on"}).status_code == 404
        assert not board_of(first).read_only and not DrawingRevoked.objects.exists()
        # The lead of the second room runs their own board, not the first's.
        client = client_for(mallory)
        assert client.post(read_only_url(second), {"read_only": "on"}).status_code == 302
        assert board_of(second).read_only and not board_of(first).read_only

    def test_only_the_rooms_people_can_be_stopped_from_there(
        self, rooms, instructor, mallory, charlie
    ):
        first, _ = rooms
        client = client_for(instructor)
        for person_pk in (mallory.pk, charlie.pk, 10**12):  # another room's, an outsider
            answer = client.post(drawing_url(first, person_pk), {"allowed": ""})
            assert answer.status_code == 404
        assert client.get(read_only_url(first)).status_code == 405
        assert not DrawingRevoked.objects.exists()

    def test_hostile_values_are_read_as_the_form_reads_them(self, rooms, bob):
        first, _ = rooms
        client = client_for(bob)
        answer = client.post(read_only_url(first), {"read_only": "<script>x</script>" * 1000})
        assert answer.status_code == 302 and board_of(first).read_only
        answer = client.post(read_only_url(first), {"read_only": ["", "on"]})
        assert answer.status_code == 302

    def test_the_card_goes_when_the_rooms_close(self, rooms, lobby, instructor, bob):
        first, _ = rooms
        actions.close_rooms(instructor, lobby)
        for person in (instructor, bob):
            page = client_for(person).get(first.get_absolute_url()).content.decode()
            assert read_only_url(first) not in page
        assert client_for(bob).post(read_only_url(first), {"read_only": "on"}).status_code == 404


@pytest.mark.django_db(transaction=True)
async def test_an_open_board_socket_hears_the_leads_change(rooms, alice, bob):
    """The participant's open board page learns at once that it became read-only and
    that their drawing was stopped."""
    first, _ = rooms
    board = await database_sync_to_async(actions.room_board)(first)
    socket, connected, _ = await board_socket(alice, board)
    assert connected

    async def access():
        while True:
            frame = json.loads(await socket.receive_from(timeout=TIMEOUT))
            if frame["type"] == "access":
                return frame

    assert (await access())["can_draw"] is True
    client = await database_sync_to_async(client_for)(bob)
    post = database_sync_to_async(client.post)
    await post(read_only_url(first), {"read_only": "on"}, headers=HTMX)
    frame = await access()
    assert (frame["read_only"], frame["can_draw"]) == (True, False)
    await post(read_only_url(first), {"read_only": ""}, headers=HTMX)
    assert (await access())["can_draw"] is True
    await post(drawing_url(first, alice.pk), {"allowed": ""}, headers=HTMX)
    frame = await access()
    assert (frame["read_only"], frame["can_draw"]) == (False, False)
    await socket.disconnect()
