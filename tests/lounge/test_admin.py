"""The lounge admin and the moderation queue: changelists with search and filters,
self-harm concerns first, a report's page in context, actions that require a reason and
call the verbs, and course moderators limited to their own channels."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import ModerationAction, SiteRestriction
from lounge import actions
from lounge.models import Channel, ChannelMute, Membership, Message, Report
from tests.notices import notice_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, moderator):
    """A site moderator (staff, not superuser)."""
    client.force_login(moderator)
    return client


@pytest.fixture
def course_chat(alice, bob, instructor):
    channel = actions.create_channel(
        None, kind=Channel.Kind.COURSE, name="STAT101", members=[alice, bob]
    )
    actions.set_channel_role(channel, instructor, Membership.Role.MODERATOR)
    return channel


@pytest.fixture
def reported(social, alice, bob):
    """bob reports alice's message in #cultural-exchange, with messages around it."""
    actions.post_message(bob, social, "before")
    message, _ = actions.post_message(alice, social, "you are all <b>useless</b>")
    actions.post_message(bob, social, "after")
    return actions.file_report(bob, message, "harassment", "<script>alert(1)</script>")


@pytest.mark.parametrize(
    "model",
    ["channel", "message", "report", "channelmute", "reaction", "chatpreferences"],
)
def test_changelists_load_with_search(client, moderator, social, alice, model):
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)
    actions.post_message(alice, social, "<b>hello</b> admin")
    url = reverse(f"admin:lounge_{model}_changelist")
    assert client.get(url).status_code == 200
    assert client.get(url, {"q": "hello"}).status_code == 200


def test_community_settings_open_directly(admin_client):
    response = admin_client.get(reverse("admin:lounge_communitysettings_changelist"))
    assert response.status_code == 302
    assert admin_client.get(response.url).status_code == 200


def test_queue_puts_self_harm_concerns_first(admin_client, social, alice, bob, charlie):
    actions.join_channel(charlie, social)
    first, _ = actions.post_message(alice, social, "spam spam")
    worry, _ = actions.post_message(alice, social, "I don't want to be here anymore")
    actions.file_report(bob, first, "spam", "")
    concern = actions.file_report(charlie, worry, "self_harm", "worried about her")
    actions.file_report(charlie, first, "spam", "")
    Report.objects.filter(reporter=bob).update(status="dismissed")
    response = admin_client.get(reverse("admin:lounge_report_changelist"))
    rows = list(response.context["cl"].result_list)
    assert rows[0] == concern and [r.status for r in rows] == ["open", "open", "dismissed"]
    assert "URGENT: self-harm" in response.content.decode()


def test_report_page_shows_context_guidance_and_history(admin_client, reported, moderator):
    actions.set_slow_mode(moderator, reported.channel, 10, "earlier trouble")
    ModerationAction.objects.update(target_user=reported.reported_user)
    page = admin_client.get(reverse("admin:lounge_report_change", args=[reported.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "before" in text and "after" in text
    assert "&lt;b&gt;useless&lt;/b&gt;" in text  # escaped, never rendered
    assert "&lt;script&gt;" in text and "<script>alert" not in text
    assert "earlier trouble" in text
    assert "Treat this as urgent" not in text
    self_harm = actions.file_report(moderator, reported.target, "self_harm", "")
    page = admin_client.get(reverse("admin:lounge_report_change", args=[self_harm.pk]))
    assert "Treat this as urgent" in page.content.decode()


def test_hide_from_the_report_needs_a_reason(admin_client, reported):
    url = reverse("admin:lounge_report_act", args=[reported.pk, "hide"])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"reason": "   "})
    assert response.status_code == 400
    reported.refresh_from_db()
    assert reported.is_open and not reported.target.is_hidden
    assert not ModerationAction.objects.exists()
    response = admin_client.post(url, {"reason": "insulting the channel"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.status == "actioned" and reported.target.is_hidden
    assert set(ModerationAction.objects.values_list("action", flat=True)) == {
        "hide_message",
        "action_report",
    }


def test_timed_mute_in_channel_from_the_report(admin_client, reported, alice):
    url = reverse("admin:lounge_report_act", args=[reported.pk, "mute_channel"])
    response = admin_client.post(url, {"reason": "cool off"})
    assert response.status_code == 400 and not ChannelMute.objects.exists()
    response = admin_client.post(url, {"reason": "cool off", "duration_minutes": 60})
    assert response.status_code == 302
    mute = ChannelMute.objects.get()
    assert mute.user == alice and timedelta(minutes=59) < mute.until - mute.created_at
    with pytest.raises(actions.Muted):
        actions.post_message(alice, reported.channel, "hello?")


def test_site_mute_ban_and_warn_from_the_report(admin_client, reported, alice):
    base = "admin:lounge_report_act"
    url = reverse(base, args=[reported.pk, "warn"])
    assert admin_client.post(url, {"reason": "be kind"}).status_code == 302
    other, _ = actions.post_message(alice, reported.channel, "again")
    second = actions.file_report(reported.reporter, other, "hate", "")
    url = reverse(base, args=[second.pk, "ban"])
    assert admin_client.post(url, {"reason": ""}).status_code == 400
    alice.refresh_from_db()
    assert alice.is_active
    assert admin_client.post(url, {"reason": "repeated abuse"}).status_code == 302
    alice.refresh_from_db()
    assert not alice.is_active
    assert SiteRestriction.objects.get().kind == "ban"


def test_dismiss_tells_the_reporter(admin_client, reported, bob):
    url = reverse("admin:lounge_report_act", args=[reported.pk, "dismiss"])
    assert admin_client.post(url, {"reason": "banter between friends"}).status_code == 302
    reported.refresh_from_db()
    assert reported.status == "dismissed"
    assert any("no breach" in text for text in notice_texts(bob))


def test_changelist_action_without_reason_changes_nothing(admin_client, social, alice):
    message, _ = actions.post_message(alice, social, "remove me")
    url = reverse("admin:lounge_message_changelist")
    response = admin_client.post(url, {"action": "hide", "_selected_action": [message.pk]})
    assert response.status_code == 200 and b"reason" in response.content
    response = admin_client.post(
        url, {"action": "hide", "_selected_action": [message.pk], "apply": "1", "reason": ""}
    )
    message.refresh_from_db()
    assert not message.is_hidden and not ModerationAction.objects.exists()
    admin_client.post(
        url, {"action": "hide", "_selected_action": [message.pk], "apply": "1", "reason": "spam"}
    )
    message.refresh_from_db()
    assert message.is_hidden and message.body == "remove me"


def test_channel_actions_lock_and_slow_mode(admin_client, social):
    url = reverse("admin:lounge_channel_changelist")
    admin_client.post(
        url, {"action": "lock", "_selected_action": [social.pk], "apply": "1", "reason": "heat"}
    )
    admin_client.post(
        url,
        {
            "action": "slow_mode",
            "_selected_action": [social.pk],
            "apply": "1",
            "reason": "busy",
            "seconds": "-5",
        },
    )
    social.refresh_from_db()
    assert social.is_locked and social.slow_mode_seconds == 0


def test_the_archive_action_records_one_entry_per_channel(
    admin_client, social, moderator, audit_log
):
    url = reverse("admin:lounge_channel_changelist")
    selection = {"action": "archive", "_selected_action": [social.pk], "apply": "1"}
    admin_client.post(url, {**selection, "reason": ""})
    social.refresh_from_db()
    assert not social.is_archived and audit_log() == []
    admin_client.post(url, {**selection, "reason": "Abandoned"})
    social.refresh_from_db()
    assert social.is_archived
    assert audit_log() == [(moderator, "archive_channel", None, social, "Abandoned")]


def test_reactions_and_chat_preferences_are_read_only(client, moderator, social, alice):
    moderator.is_superuser = True
    moderator.save()
    client.force_login(moderator)
    message, _ = actions.post_message(alice, social, "hello")
    actions.toggle_reaction(alice, message, "👍")
    actions.update_chat_preferences(alice, appear_offline=True, share_typing=False)
    for model in ["reaction", "chatpreferences"]:
        assert client.get(reverse(f"admin:lounge_{model}_add")).status_code == 403
        changelist = client.get(reverse(f"admin:lounge_{model}_changelist"))
        assert "delete_selected" not in changelist.content.decode()


def test_an_owned_chats_name_comes_from_its_owner(admin_client, social, charlie):
    # Any model instance stands in for a course or group.
    chat = actions.ensure_owned_channel(charlie.profile, Channel.Kind.COURSE, name="STAT101")
    owned = admin_client.get(reverse("admin:lounge_channel_change", args=[chat.pk]))
    free = admin_client.get(reverse("admin:lounge_channel_change", args=[social.pk]))
    assert 'name="name"' not in owned.content.decode()
    assert 'name="name"' in free.content.decode()


def test_course_moderator_sees_only_their_channels(client, instructor, course_chat, reported, bob):
    inside, _ = actions.post_message(bob, course_chat, "in the course")
    mine = actions.file_report(instructor, inside, "spam", "")
    client.force_login(instructor)
    page = client.get(reverse("admin:lounge_report_changelist"))
    assert page.status_code == 200
    assert list(page.context["cl"].queryset) == [mine]
    assert client.get(reverse("admin:lounge_report_change", args=[reported.pk])).status_code in (
        302,
        404,
    )
    url = reverse("admin:lounge_report_act", args=[reported.pk, "hide"])
    assert client.post(url, {"reason": "not mine"}).status_code == 404
    reported.refresh_from_db()
    assert reported.is_open and not reported.target.is_hidden
    messages = client.get(reverse("admin:lounge_message_changelist")).context["cl"].queryset
    assert set(messages) == {inside}
    # site-wide mutes and bans are for site moderators only: not offered, not reachable
    page = client.get(reverse("admin:lounge_report_change", args=[mine.pk])).content.decode()
    assert "Mute in the channel" in page
    assert "Mute site-wide" not in page and "Ban from the community" not in page
    for action in ("mute_site", "ban"):
        url = reverse("admin:lounge_report_act", args=[mine.pk, action])
        response = client.post(url, {"reason": "x", "duration_minutes": 60})
        assert response.status_code == 404
    assert not SiteRestriction.objects.exists()


def test_student_has_no_admin(client, charlie, reported):
    client.force_login(charlie)
    assert client.get(reverse("admin:lounge_report_changelist")).status_code == 302
    url = reverse("admin:lounge_report_act", args=[reported.pk, "hide"])
    assert client.post(url, {"reason": "x"}).status_code == 302
    assert not Message.objects.filter(hidden_at__isnull=False).exists()


def test_dashboard_lists_open_reports(admin_client, reported):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "lounge-moderation-dashboard" in page and reported.target_label in page


def test_report_admin_has_no_add_or_delete(admin_client, reported):
    assert admin_client.get(reverse("admin:lounge_report_add")).status_code == 403
    assert Report.objects.count() == 1


def _commons_app_labels():
    """Every app of the project, sub-apps (lounge.meetups, groups.boards) included."""
    from django.apps import apps

    floors = {"core", "accounts", "lounge", "courses", "groups", "mentorship", "home"}
    return {c.label for c in apps.get_app_configs() if c.name.split(".")[0] in floors}


@pytest.mark.django_db
def test_every_commons_model_is_in_the_admin():
    from django.apps import apps
    from django.contrib import admin

    commons_apps = _commons_app_labels()
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in commons_apps and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_commons_changelist_opens_for_a_superuser(client):
    """Every registered model's list page answers, derived week ranges included."""
    from django.contrib import admin

    from tests.factories import UserFactory

    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)

    commons_apps = _commons_app_labels()
    for model in admin.site._registry:
        if model._meta.app_label in commons_apps:
            opts = model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            # A singleton (the community settings) goes straight to its one record.
            assert client.get(url, follow=True).status_code == 200, opts.label
