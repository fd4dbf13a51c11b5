"""The standing room's pages: the room, the SVG export and the hosts' controls, with
the same 404 for outsiders as for a group that does not exist, and hostile text shown
as text."""

import pytest
from django.urls import reverse

from groups.boards import actions

from .conftest import add, note, stroke

pytestmark = pytest.mark.django_db


def room_url(group, name="groups:room", *args):
    return reverse(name, args=[group.pk, *args])


def test_members_see_the_board_drawn_and_its_words_without_script(client, board, group, bob):
    actions.apply_operation(
        bob, board, add(stroke("s"), note("n", text="<script>alert(1)</script>"))
    )
    client.force_login(bob)
    response = client.get(room_url(group))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-item-id="s"' in html and 'data-item-id="n"' in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert response.context["words"][0]["id"] == "n"
    assert response.context["seq"] == 1
    assert reverse("groups:board_svg", args=[group.pk]) in html
    assert "Hosting" not in html


def test_the_group_page_links_the_room_for_those_who_may_enter(client, group, bob, charlie):
    client.force_login(bob)
    assert room_url(group) in client.get(group.get_absolute_url()).content.decode()
    client.force_login(charlie)  # sees the open group's page, not its room
    response = client.get(group.get_absolute_url())
    assert response.status_code == 200
    assert room_url(group) not in response.content.decode()


@pytest.mark.parametrize("name", ["groups:room", "groups:board_svg"])
def test_outsiders_get_the_same_404_as_for_a_missing_group(client, group, charlie, name):
    client.force_login(charlie)
    assert client.get(room_url(group, name)).status_code == 404
    missing = reverse(name, args=[group.pk + 1000])
    assert client.get(missing).status_code == 404


def test_the_svg_export_is_a_download_of_the_current_state(client, board, group, bob):
    actions.apply_operation(bob, board, add(stroke("s"), note("n", text="Tom & <Jerry>")))
    actions.apply_operation(bob, board, {"kind": "delete", "ids": ["s"]})
    client.force_login(bob)
    response = client.get(room_url(group, "groups:board_svg"))
    assert response["Content-Type"].startswith("image/svg+xml")
    assert response["Content-Disposition"] == 'attachment; filename="eigenvalue-evenings-board.svg"'
    svg = response.content.decode()
    assert svg.startswith("<svg xmlns=")
    assert 'data-item-id="s"' not in svg
    assert "Tom &amp; &lt;Jerry&gt;" in svg


def test_a_pen_stroke_is_drawn_filled_as_the_page_draws_it(client, board, group, bob):
    pressed = stroke("p", points=[(10, 10), (60, 40), (120, 30)])
    pressed["points"] = [
        [*point, pressure]
        for point, pressure in zip(pressed["points"], (0.2, 0.9, 0.5), strict=True)
    ]
    actions.apply_operation(bob, board, add(pressed))
    client.force_login(bob)
    svg = client.get(room_url(group, "groups:board_svg")).content.decode()
    path = svg[svg.index('<path data-item-id="p"') :].split("/>")[0]
    assert 'fill="#1d5fbf"' in path and "stroke=" not in path and path.count("Z") == 1
    # The page lists its keyboard shortcuts and the select tool (shown by its script).
    html = client.get(room_url(group)).content.decode()
    assert "Keyboard shortcuts" in html and 'data-tool="select"' in html


def test_hosts_toggle_read_only_and_drawing(client, board, group, alice, bob):
    client.force_login(alice)
    page = client.get(room_url(group)).content.decode()
    assert "Make the board read-only" in page and "Stop drawing" in page
    client.post(room_url(group, "groups:board_read_only"), {"read_only": "on"})
    board.refresh_from_db()
    assert board.read_only
    response = client.post(
        room_url(group, "groups:board_read_only"), {"read_only": ""}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 204
    board.refresh_from_db()
    assert not board.read_only
    response = client.post(
        room_url(group, "groups:board_drawing", bob.pk),
        {"allowed": ""},
        headers={"HX-Request": "true"},
    )
    assert "Allow drawing" in response.content.decode()
    assert board.drawing_revoked.filter(user=bob).exists()


def test_members_cannot_use_the_hosts_controls(client, board, group, bob):
    client.force_login(bob)
    client.post(room_url(group, "groups:board_read_only"), {"read_only": "on"})
    response = client.post(
        room_url(group, "groups:board_read_only"),
        {"read_only": "on"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    client.post(room_url(group, "groups:board_drawing", bob.pk), {"allowed": ""})
    board.refresh_from_db()
    assert not board.read_only
    assert not board.drawing_revoked.exists()


def test_outsiders_cannot_use_the_hosts_controls(client, board, group, alice, charlie):
    client.force_login(charlie)
    response = client.post(room_url(group, "groups:board_read_only"), {"read_only": "on"})
    assert response.status_code == 404
    response = client.post(room_url(group, "groups:board_drawing", alice.pk), {"allowed": ""})
    assert response.status_code == 404
