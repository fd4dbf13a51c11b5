"""Files and pictures in messages: accepted by content and re-encoded, refused cleanly
with nothing written, served only to whoever may see the message."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from lounge import actions
from lounge.attachments import prepare_uploads
from lounge.models import Attachment, Message
from lounge.rendering import message_payload, render_message
from tests import pictures
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_files")]


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


def send(client, channel, *files, body="", client_id="c1", htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(
        reverse("lounge:message_post", args=[channel.slug]),
        {"body": body, "client_id": client_id, "files": list(files)},
        headers=headers,
    )


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def file_url(attachment):
    return reverse("lounge:attachment", args=[attachment.pk, attachment.name])


def read(response):
    return b"".join(response.streaming_content)


# Pictures ------------------------------------------------------------------------------


def test_a_picture_is_re_encoded_without_its_location_and_thumbnailed(
    bob_client, social, private_files
):
    response = send(
        bob_client, social, pictures.upload("holiday.jpg", pictures.jpeg_with_location())
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.name) == ("image", "holiday.jpg")
    assert (attachment.width, attachment.height) == (640, 480)
    assert attachment.thumb_width == 480 and attachment.thumb_height == 360
    stored = read(bob_client.get(file_url(attachment)))
    assert b"Secret Camera" not in stored and b"taken at home" not in stored
    picture = Image.open(io.BytesIO(stored))
    assert picture.format == "JPEG" and picture.size == (640, 480)
    assert not picture.getexif() and "comment" not in picture.info
    thumb = Image.open(
        io.BytesIO(read(bob_client.get(f"/lounge/files/{attachment.pk}/thumbnail/")))
    )
    assert thumb.size == (480, 360)
    # Two files on disk under random names, the person's file name in neither path.
    paths = stored_files(private_files)
    assert len(paths) == 2 and not any("holiday" in str(p) for p in paths)


def test_the_channel_shows_the_picture_with_alt_text_and_its_size(bob_client, social):
    send(bob_client, social, pictures.upload("whiteboard.png", pictures.png()), body="our notes")
    attachment = Attachment.objects.get()
    page = bob_client.get(social.get_absolute_url()).content.decode()
    image = re.search(r'<img src="/lounge/files/\d+/thumbnail/"[^>]*>', page).group(0)
    assert 'alt="whiteboard.png"' in image and 'width="320"' in image and 'height="200"' in image
    assert f'href="/lounge/files/{attachment.pk}/whiteboard.png"' in page
    assert "our notes" in page


def test_an_animated_gif_keeps_moving_and_its_thumbnail_is_still(bob_client, social):
    send(bob_client, social, pictures.upload("wave.gif", pictures.animated_gif(frames=4)))
    attachment = Attachment.objects.get()
    stored = Image.open(io.BytesIO(read(bob_client.get(file_url(attachment)))))
    assert stored.format == "GIF" and stored.n_frames == 4
    thumb = Image.open(
        io.BytesIO(read(bob_client.get(f"/lounge/files/{attachment.pk}/thumbnail/")))
    )
    assert getattr(thumb, "n_frames", 1) == 1


def test_several_files_in_one_message_keep_their_order(bob_client, social):
    send(
        bob_client,
        social,
        pictures.upload("one.png", pictures.png()),
        pictures.upload("two.pdf", pictures.pdf()),
        pictures.upload("three.txt", b"plain notes\n"),
    )
    message = Message.objects.get()
    assert [a.name for a in message.attachments.all()] == ["one.png", "two.pdf", "three.txt"]
    assert message.body == ""


def test_htmx_reply_carries_the_row_with_its_files(bob_client, social):
    response = send(bob_client, social, pictures.upload("a.png", pictures.png()), htmx=True)
    assert response.status_code == 200
    assert b'class="attachments"' in response.content


# Downloads -----------------------------------------------------------------------------


def test_other_files_are_downloads_that_cannot_run(bob_client, social):
    send(bob_client, social, pictures.upload("paper.pdf", pictures.pdf(), "text/html"))
    attachment = Attachment.objects.get()
    response = bob_client.get(file_url(attachment))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"  # by content, not the claim
    assert response["Content-Disposition"] == 'attachment; filename="paper.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert read(response) == pictures.pdf()


def test_a_text_file_with_another_extension_is_offered_as_text(bob_client, social):
    send(bob_client, social, pictures.upload("notes.exe", b"just some words\n"))
    attachment = Attachment.objects.get()
    assert attachment.name == "notes.exe.txt"
    assert attachment.content_type.startswith("text/plain")


def test_a_repeat_visit_revalidates_and_is_checked_again(bob_client, social):
    send(bob_client, social, pictures.upload("a.png", pictures.png()))
    url = file_url(Attachment.objects.get())
    first = bob_client.get(url)
    assert first["Cache-Control"] == "private, no-cache"
    again = bob_client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


# Refusals: clean, and nothing written ---------------------------------------------------


def refused(response, private_files, text):
    assert response.status_code == 400
    assert text in response.content.decode()
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert stored_files(private_files) == []


def test_an_oversized_file_is_refused(bob_client, social, private_files, settings):
    settings.LOUNGE_MAX_UPLOAD_BYTES = 50_000
    big = pictures.upload("big.txt", b"a" * 50_001)
    refused(send(bob_client, social, big), private_files, "files can be at most 49 KB")


def test_a_request_far_too_large_is_refused_before_it_is_read(bob_client, social, settings):
    settings.LOUNGE_MAX_UPLOAD_BYTES = 1000
    settings.LOUNGE_MAX_FILES_PER_MESSAGE = 1
    response = send(bob_client, social, pictures.upload("huge.txt", b"a" * 2_000_000))
    assert response.status_code == 413
    assert not Message.objects.exists()


def test_a_program_named_like_a_picture_is_refused(bob_client, social, private_files):
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + bytes(range(256)) * 4
    response = send(bob_client, social, pictures.upload("cat.png", program, "image/png"))
    refused(response, private_files, "is not a file type Commons accepts")


def test_a_zip_that_is_not_a_document_is_refused(bob_client, social, private_files):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("run.sh", "rm -rf /")
    response = send(bob_client, social, pictures.upload("report.docx", out.getvalue()))
    refused(response, private_files, "is not a file type")


def test_a_real_word_document_is_accepted(bob_client, social):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    send(bob_client, social, pictures.upload("essay", out.getvalue()))
    assert Attachment.objects.get().name == "essay.docx"


@pytest.mark.parametrize(
    "name, data",
    [
        ("page.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("page.txt", b"  <html><body onload=alert(1)>hi</body></html>"),
        ("notes.txt", b"a harmless start\n<script>fetch('/lounge/')</script>"),
    ],
)
def test_a_web_page_is_refused_whatever_its_name(bob_client, social, private_files, name, data):
    response = send(bob_client, social, pictures.upload(name, data, "text/plain"))
    refused(response, private_files, "is not a file type Commons accepts")


def test_an_svg_with_script_is_refused(bob_client, social, private_files):
    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
        b"<script>alert(document.cookie)</script><circle r='4'/></svg>"
    )
    response = send(bob_client, social, pictures.upload("logo.svg.png", svg, "image/svg+xml"))
    refused(response, private_files, "is not a file type Commons accepts")


def test_a_decompression_bomb_is_refused(bob_client, social, private_files):
    bomb = pictures.png_bomb()
    assert len(bomb) < 200_000
    response = send(bob_client, social, pictures.upload("tiny.png", bomb, "image/png"))
    refused(response, private_files, "too many pixels")


def test_a_truncated_picture_is_refused(bob_client, social, private_files):
    data = pictures.jpeg_with_location()[:2000]
    response = send(bob_client, social, pictures.upload("cut.jpg", data, "image/jpeg"))
    refused(response, private_files, "is not a file type")


def test_one_bad_file_among_good_ones_keeps_none(bob_client, social, private_files):
    response = send(
        bob_client,
        social,
        pictures.upload("good.png", pictures.png()),
        pictures.upload("bad.html", b"<html></html>"),
        body="two files",
    )
    refused(response, private_files, "bad.html")


def test_a_path_traversal_name_becomes_a_plain_name(bob_client, social, private_files):
    send(bob_client, social, pictures.upload("../../../etc/passwd", b"root:x:0:0\n"))
    attachment = Attachment.objects.get()
    assert attachment.name == "passwd.txt"
    assert all(private_files in p.parents for p in stored_files(private_files))
    response = bob_client.get(file_url(attachment))
    assert response["Content-Disposition"] == 'attachment; filename="passwd.txt"'


def test_control_characters_and_windows_paths_are_cleaned(bob_client, social):
    send(bob_client, social, pictures.upload("C:\\Users\\me\\re\u202eport\x00.txt", b"hi\n"))
    assert Attachment.objects.get().name == "report.txt"


def test_a_refused_post_leaves_no_files_behind(bob_client, social, bob, moderator, private_files):
    """The files were fine, the person may not post: neither message nor files stay."""
    actions.mute_in_channel(moderator, social, bob, 30, "cool down")
    response = send(bob_client, social, pictures.upload("a.png", pictures.png()))
    assert response.status_code == 400
    assert "muted" in response.content.decode()
    assert not Attachment.objects.exists() and stored_files(private_files) == []


def test_too_many_files_are_refused(bob_client, social, private_files, settings):
    settings.LOUNGE_MAX_FILES_PER_MESSAGE = 2
    files = [pictures.upload(f"{n}.txt", b"x") for n in range(3)]
    refused(send(bob_client, social, *files), private_files, "at most 2 files")


def test_an_empty_message_without_files_is_still_refused(bob_client, social):
    response = send(bob_client, social)
    assert response.status_code == 400
    assert not Message.objects.exists()


# Who may see a file ------------------------------------------------------------------


def test_an_outsider_gets_the_same_404_as_for_a_missing_file(client, group_chat, bob, charlie):
    bob_client = client
    bob_client.force_login(bob)
    send(bob_client, group_chat, pictures.upload("plan.pdf", pictures.pdf()))
    attachment = Attachment.objects.get()
    client.force_login(charlie)
    forbidden = client.get(file_url(attachment))
    missing = client.get(reverse("lounge:attachment", args=[attachment.pk + 1000, "plan.pdf"]))
    thumb = client.get(f"/lounge/files/{attachment.pk}/thumbnail/")
    assert forbidden.status_code == missing.status_code == thumb.status_code == 404

    def page(response):  # the same page, but for its per-response tokens
        return re.sub(
            rb'(nonce="|Nonce":"|X-CSRFToken": "|csrfmiddlewaretoken" value=")[^"]*',
            b"",
            response.content,
        )

    assert page(forbidden) == page(missing)


def test_another_file_name_in_the_url_does_not_matter_but_the_id_is_checked(
    bob_client, social, group_chat, dm, alice, mallory, client
):
    """The name in the URL is decoration; a forged id of another chat's file is a 404."""
    prepared = prepare_uploads([pictures.upload("private.txt", b"between us\n")])
    actions.post_message(alice, dm, "", attachments=prepared)
    secret = Attachment.objects.get()
    client.force_login(mallory)
    for url in (
        f"/lounge/files/{secret.pk}/private.txt",
        f"/lounge/files/{secret.pk}/..%2F..%2Fsettings.py",
        f"/lounge/files/{secret.pk}/thumbnail/",
        "/lounge/files/-1/x",
        "/lounge/files/99999999999999999999/x",
    ):
        assert client.get(url).status_code == 404, url


def test_someone_removed_from_the_channel_loses_access_at_once(client, group_chat, alice, bob):
    client.force_login(bob)
    send(client, group_chat, pictures.upload("a.png", pictures.png()))
    url = file_url(Attachment.objects.get())
    client.force_login(alice)
    assert client.get(url).status_code == 200
    actions.remove_channel_member(group_chat, alice)
    assert client.get(url).status_code == 404


def test_a_hidden_messages_files_are_for_moderators_only(
    bob_client, social, moderator, alice, client
):
    send(bob_client, social, pictures.upload("a.png", pictures.png()))
    attachment = Attachment.objects.get()
    actions.hide_message(moderator, attachment.message, "spam")
    assert bob_client.get(file_url(attachment)).status_code == 404
    client.force_login(moderator)
    assert client.get(file_url(attachment)).status_code == 200


def test_deleting_a_message_deletes_its_files(
    bob_client, social, bob, private_files, django_capture_on_commit_callbacks
):
    send(bob_client, social, pictures.upload("a.png", pictures.png()))
    attachment = Attachment.objects.get()
    url = file_url(attachment)
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_message(bob, attachment.message)
    assert not Attachment.objects.exists()
    assert stored_files(private_files) == []
    assert bob_client.get(url).status_code == 404


def test_a_pending_messages_files_are_for_its_author_and_moderators(
    client, social, moderator, alice
):
    from lounge.models import CommunitySettings

    community = CommunitySettings.load()
    community.premoderate_first_messages = 1
    community.save()
    newcomer = UserFactory(username="newcomer")
    actions.join_channel(newcomer, social)
    client.force_login(newcomer)
    send(client, social, pictures.upload("a.png", pictures.png()))
    attachment = Attachment.objects.get()
    assert attachment.message.pending
    assert client.get(file_url(attachment)).status_code == 200
    client.force_login(alice)
    assert client.get(file_url(attachment)).status_code == 404
    client.force_login(moderator)
    assert client.get(file_url(attachment)).status_code == 200


# The files tab ----------------------------------------------------------------------


def test_the_files_tab_lists_what_was_shared(bob_client, social, moderator):
    send(bob_client, social, pictures.upload("map.png", pictures.png()), client_id="1")
    send(bob_client, social, pictures.upload("notes.pdf", pictures.pdf()), client_id="2")
    send(bob_client, social, pictures.upload("gone.pdf", pictures.pdf()), client_id="3")
    actions.hide_message(moderator, Message.objects.get(client_id="3"), "off topic")
    page = bob_client.get(reverse("lounge:channel_files", args=[social.slug])).content.decode()
    assert page.index("notes.pdf") < page.index("map.png")
    assert "gone.pdf" not in page


def test_the_files_tab_of_a_private_chat_is_a_404_for_outsiders(client, group_chat, charlie):
    client.force_login(charlie)
    response = client.get(reverse("lounge:channel_files", args=[group_chat.slug]))
    assert response.status_code == 404


# One rendering ------------------------------------------------------------------------


def test_the_pushed_row_is_the_rendered_partial_with_its_files(social, bob):
    prepared = prepare_uploads([pictures.upload("a.png", pictures.png())])
    message, _ = actions.post_message(bob, social, "look", attachments=prepared)
    fresh = message_payload(message, fresh=True)
    loaded = message_payload(Message.objects.for_display().get(pk=message.pk))
    assert fresh == loaded
    assert 'alt="a.png"' in render_message(fresh)


# Search -------------------------------------------------------------------------------


def test_has_file_finds_messages_with_files_only_in_chats_one_may_read(
    social, group_chat, alice, bob, charlie
):
    from lounge.search import search_messages

    actions.post_message(alice, social, "slides for the exam")
    actions.post_message(
        alice,
        social,
        "exam slides attached",
        attachments=prepare_uploads([pictures.upload("slides.pdf", pictures.pdf())]),
    )
    actions.post_message(
        bob,
        group_chat,
        "",
        attachments=prepare_uploads([pictures.upload("map.png", pictures.png())]),
    )

    def found(user, text):
        return [hit.message.body for hit in search_messages(user, text)[0]]

    assert found(bob, "exam has:file") == ["exam slides attached"]
    assert found(bob, "has:file") == ["", "exam slides attached"]
    assert found(bob, "has:picture") == [""]
    assert found(charlie, "has:file") == ["exam slides attached"]  # not the group's picture
    hits, _ = search_messages(bob, "has:picture")
    assert "map.png" in hits[0].excerpt


def test_has_file_on_the_search_page(bob_client, social, alice):
    actions.post_message(
        alice, social, "<b>notes</b>", attachments=prepare_uploads([pictures.upload("n.txt", b"x")])
    )
    page = bob_client.get(reverse("lounge:search"), {"q": "has:file"}).content.decode()
    assert "n.txt" in page and "<b>notes</b>" not in page


# The admin -----------------------------------------------------------------------------


def test_a_moderator_hides_a_files_message_from_the_admin(bob_client, social, moderator):
    client = bob_client  # one test client, signed in as one person at a time
    send(bob_client, social, pictures.upload("spam.png", pictures.png()))
    attachment = Attachment.objects.get()
    client.force_login(moderator)
    url = reverse("admin:lounge_attachment_changelist")
    assert "spam.png" in client.get(url).content.decode()
    detail = client.get(reverse("admin:lounge_attachment_change", args=[attachment.pk]))
    assert f"/lounge/files/{attachment.pk}/spam.png" in detail.content.decode()
    client.post(
        url,
        {
            "action": "hide_messages",
            "_selected_action": [attachment.pk],
            "apply": "1",
            "reason": "advertising",
        },
    )
    attachment.message.refresh_from_db()
    assert attachment.message.is_hidden
    assert client.get(file_url(attachment)).status_code == 200  # the moderator still may
    client.force_login(attachment.message.author)
    assert client.get(file_url(attachment)).status_code == 404


def test_students_do_not_see_files_in_the_admin(bob_client, social):
    send(bob_client, social, pictures.upload("a.png", pictures.png()))
    response = bob_client.get(reverse("admin:lounge_attachment_changelist"))
    assert response.status_code == 302  # to the sign-in page: not staff


def test_a_message_of_files_alone_is_told_and_quoted_by_its_files(dm, alice, bob):
    from accounts.models import Notification

    prepared = prepare_uploads([pictures.upload("menu.pdf", pictures.pdf())])
    message, _ = actions.post_message(alice, dm, "", attachments=prepared)
    notification = Notification.objects.get(recipient=bob)
    assert notification.params["preview"] == "📎 menu.pdf"
    reply, _ = actions.post_message(bob, dm, "thanks!", reply_to_id=message.pk)
    loaded = Message.objects.for_display().get(pk=reply.pk)
    assert message_payload(loaded)["reply"]["excerpt"] == "files"


def test_a_retried_send_with_files_stores_them_once(bob_client, social, private_files):
    for _ in range(2):
        response = send(bob_client, social, pictures.upload("a.png", pictures.png()))
        assert response.status_code == 302
    assert Message.objects.count() == 1 and Attachment.objects.count() == 1
    assert len(stored_files(private_files)) == 2  # the picture and its thumbnail
