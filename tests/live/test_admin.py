"""Live sessions in the admin: read-only records; ending a session goes through its verb."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from groups.live import actions
from groups.live.models import LiveSession, Room

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, moderator):
    moderator.user_permissions.set(
        Permission.objects.filter(content_type__app_label="live", codename__startswith="view_")
    )
    client.force_login(moderator)
    return client


def test_staff_read_sessions_and_end_one_through_the_verb(staff_client, lobby, instructor):
    actions.set_up_rooms(instructor, lobby, count=2, mode="random")
    actions.open_rooms(instructor, lobby, minutes=10)
    changelist = reverse("admin:live_livesession_changelist")
    assert b"Week 3 workshop" in staff_client.get(changelist).content
    page = staff_client.get(reverse("admin:live_livesession_change", args=[lobby.pk]))
    assert page.status_code == 200 and b"Room 2" in page.content
    answer = staff_client.post(
        changelist, {"action": "end_sessions", "_selected_action": [lobby.pk]}
    )
    assert answer.status_code == 302
    lobby.refresh_from_db()
    assert lobby.status == LiveSession.Status.ENDED and not lobby.rooms_open
    assert not Room.objects.filter(closed_at__isnull=True).exists()
    assert staff_client.get(reverse("admin:live_room_add")).status_code == 403
