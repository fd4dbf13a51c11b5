"""Site-wide moderation verbs and their admin: every action needs a reason and is logged."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts import actions, moderation
from accounts.blocks import blocked_ids, is_blocked_between
from accounts.models import Block, ModerationAction, Notification, SiteRestriction

pytestmark = pytest.mark.django_db


def test_an_action_without_a_reason_is_refused_and_not_logged(moderator, mallory):
    for reason in ("", "   ", None):
        with pytest.raises(moderation.ReasonRequired):
            moderation.warn(moderator, mallory, reason=reason)
    assert not ModerationAction.objects.exists()
    assert not Notification.objects.filter(recipient=mallory).exists()


def test_a_warning_reaches_the_person_and_the_audit_log(moderator, mallory):
    moderation.warn(moderator, mallory, reason="Insults in #off-topic")

    [notice] = Notification.objects.filter(recipient=mallory)
    assert notice.kind == "warning"
    assert "Insults in #off-topic" in notice.text
    assert moderator.display_name not in notice.text
    [entry] = ModerationAction.objects.all()
    assert (entry.actor, entry.action, entry.target_user) == (moderator, "warn", mallory)


@pytest.mark.parametrize("persona", ["alice", "instructor", "mallory"])
def test_people_who_are_not_site_moderators_cannot_restrict_or_warn(request, persona, bob):
    actor = request.getfixturevalue(persona)
    with pytest.raises(moderation.NotAllowed):
        moderation.warn(actor, bob, reason="x")
    for kind in ("mute", "ban"):
        with pytest.raises(moderation.NotAllowed):
            moderation.restrict_site(actor, bob, kind=kind, duration=timedelta(hours=1), reason="x")
    assert not SiteRestriction.objects.exists()
    bob.refresh_from_db()
    assert bob.is_active


@pytest.mark.parametrize(
    "duration", [timedelta(minutes=-5), timedelta(0), timedelta(minutes=9), timedelta(days=29)]
)
def test_a_site_mute_lasts_from_ten_minutes_to_28_days(moderator, mallory, duration):
    with pytest.raises(moderation.ModerationError):
        moderation.restrict_site(moderator, mallory, kind="mute", duration=duration, reason="x")
    assert moderation.site_mute_until(mallory) is None
    assert not ModerationAction.objects.exists()


def test_a_site_mute_ends_by_itself(moderator, mallory):
    moderation.restrict_site(
        moderator, mallory, kind="mute", duration=timedelta(minutes=30), reason="Flooding"
    )
    until = moderation.site_mute_until(mallory)
    assert timedelta(minutes=29) < until - timezone.now() <= timedelta(minutes=30)

    SiteRestriction.objects.update(until=timezone.now() - timedelta(seconds=1))
    assert moderation.site_mute_until(mallory) is None


def test_a_ban_deactivates_the_account_and_lifting_it_restores_it(moderator, mallory):
    restriction = moderation.restrict_site(
        moderator, mallory, kind="ban", duration=None, reason="Hate speech"
    )
    mallory.refresh_from_db()
    assert not mallory.is_active

    moderation.lift_restriction(moderator, restriction, reason="Appeal accepted")
    mallory.refresh_from_db()
    assert mallory.is_active
    assert list(ModerationAction.objects.values_list("action", flat=True)) == [
        "lift_ban",
        "site_ban",
    ]


def test_blocks_are_one_way_for_reading_and_both_ways_for_reaching(alice, mallory):
    actions.block(alice, mallory)

    assert blocked_ids(alice) == {mallory.pk}
    assert blocked_ids(mallory) == set()
    assert is_blocked_between(alice, mallory) and is_blocked_between(mallory, alice)
    actions.block(alice, mallory)  # twice is harmless
    assert Block.objects.count() == 1

    actions.unblock(alice, mallory)
    assert not is_blocked_between(alice, mallory)


def test_nobody_can_block_themselves(alice):
    with pytest.raises(actions.CannotBlock):
        actions.block(alice, alice)


def _admin_action(client, action, users, **extra):
    return client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": action, "_selected_action": [u.pk for u in users], **extra},
    )


def test_admin_warning_asks_for_a_reason_first_and_changes_nothing_without_one(
    client, moderator, mallory
):
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)

    form_page = _admin_action(client, "warn_people", [mallory])
    assert form_page.status_code == 200
    assert "Recorded in the audit log" in form_page.text

    refused = _admin_action(client, "warn_people", [mallory], apply="1", reason="")
    assert refused.status_code == 200
    assert "This field is required" in refused.text
    assert not ModerationAction.objects.exists()

    done = _admin_action(client, "warn_people", [mallory], apply="1", reason="Spam links")
    assert done.status_code == 302
    assert ModerationAction.objects.get().reason == "Spam links"


def test_admin_site_mute_needs_a_duration_from_the_list(client, moderator, mallory):
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)

    refused = _admin_action(
        client, "mute_site_wide", [mallory], apply="1", reason="Flood", duration_minutes="-5"
    )
    assert refused.status_code == 200
    assert moderation.site_mute_until(mallory) is None

    _admin_action(
        client, "mute_site_wide", [mallory], apply="1", reason="Flood", duration_minutes="60"
    )
    assert moderation.site_mute_until(mallory) is not None


def test_the_audit_log_is_read_only_in_admin(client, moderator, mallory):
    moderator.is_superuser = True
    moderator.save()
    moderation.warn(moderator, mallory, reason="Rude")
    entry = ModerationAction.objects.get()
    client.force_login(moderator)

    changelist = client.get(reverse("admin:accounts_moderationaction_changelist") + "?q=Rude")
    assert changelist.status_code == 200
    assert "Rude" in changelist.text
    assert client.get(reverse("admin:accounts_moderationaction_add")).status_code == 403
    client.post(reverse("admin:accounts_moderationaction_delete", args=[entry.pk]), {"post": "yes"})
    assert ModerationAction.objects.filter(pk=entry.pk).exists()


def test_students_cannot_enter_the_admin(client, alice):
    client.force_login(alice)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_blocking_from_a_profile_and_undoing_it(client, alice, mallory):
    client.force_login(alice)

    client.post(reverse("people:block", args=["mallory"]))
    assert Block.objects.filter(blocker=alice, blocked=mallory).exists()
    assert "Unblock" in client.get(reverse("people:detail", args=["mallory"])).text

    client.post(reverse("people:block", args=["mallory"]), {"undo": "1"})
    assert not Block.objects.exists()


def test_blocking_needs_a_post_and_a_real_person(client, alice):
    client.force_login(alice)

    assert client.get(reverse("people:block", args=["bob"])).status_code == 405
    assert client.post(reverse("people:block", args=["nobody"])).status_code == 404
    assert client.post(reverse("people:block", args=["alice"])).status_code == 302
    assert not Block.objects.exists()


def test_a_blocked_person_cannot_be_invited_to_a_group_by_the_blocker(alice, mallory):
    from datetime import time

    from groups import actions as group_actions

    group = group_actions.create_group(
        alice,
        name="Quiet",
        description="",
        course=None,
        capacity=4,
        visibility="invite",
        topics=[],
        languages=[],
        slots=[(0, time(9), 60)],
    )
    actions.block(mallory, alice)  # mallory blocked alice: alice cannot reach her

    with pytest.raises(group_actions.NotAllowed):
        group_actions.invite(alice, group, mallory)


def test_an_overlong_reason_is_refused_not_cut(moderator, mallory):
    with pytest.raises(moderation.ModerationError, match="under 2,000"):
        moderation.warn(moderator, mallory, reason="x" * 2001)
    assert not ModerationAction.objects.exists()
