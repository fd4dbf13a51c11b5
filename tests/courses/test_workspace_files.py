"""Files in team workspaces and on briefs: checked by content, kept privately, served
only to the people who may see them, as downloads."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from courses import actions
from courses.models import Attachment
from courses.models.workspaces import MAX_ATTACHMENT_BYTES
from tests.courses.teamwork import write_and_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def docx_bytes(*, macro=False):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
        if macro:
            archive.writestr("word/vbaProject.bin", b"\x00\x01")
    return buffer.getvalue()


@pytest.fixture
def outsider(db):
    return UserFactory(username="olga", display_name="Olga Outsider")


def test_a_member_adds_a_pdf_kept_outside_every_public_url(workspaces, alice, private_files):
    red = workspaces["Red"]
    attachment = actions.add_workspace_file(alice, red, upload("Notes.pdf", PDF, "text/html"))
    assert attachment.content_type == "application/pdf"  # from the bytes, not the claim
    assert attachment.name == "Notes.pdf" and attachment.size == len(PDF)
    stored = private_files / attachment.key
    assert stored.read_bytes() == PDF
    assert "Notes" not in attachment.key  # the stored name is ours, not the uploader's


@pytest.mark.parametrize(
    ("name", "data", "why"),
    [
        ("setup.exe", b"MZ\x90\x00\x03" + b"\x00" * 60, "not taken"),
        ("report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 60, "not taken"),
        ("tool", b"\x7fELF\x02\x01\x01" + b"\x00" * 40, "not taken"),
        ("run.txt", b"#!/bin/sh\nrm -rf ~\n", "not taken"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 40, "not taken"),
        ("macro.docx", docx_bytes(macro=True), "not taken"),
        ("page.pdf", b"<html><script>alert(1)</script></html>", "name it"),
        ("image.png", PDF, "name it"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_executables_disguised_files_and_archives_are_refused(workspaces, alice, name, data, why):
    with pytest.raises(actions.InvalidFile, match=why):
        actions.add_workspace_file(alice, workspaces["Red"], upload(name, data))
    assert not Attachment.objects.exists()


def test_office_files_images_and_text_are_taken(workspaces, alice):
    red = workspaces["Red"]
    kinds = [
        actions.add_workspace_file(alice, red, upload(name, data)).content_type
        for name, data in [
            ("plan.docx", docx_bytes()),
            ("chart.png", PNG),
            ("data.csv", "city,count\nKöln,3\n".encode()),
        ]
    ]
    assert kinds[0].endswith("wordprocessingml.document")
    assert kinds[1:] == ["image/png", "text/plain"]


def test_a_file_over_the_limit_is_refused_and_nothing_is_stored(workspaces, alice, private_files):
    big = upload("big.txt", b"a" * (MAX_ATTACHMENT_BYTES + 1))
    with pytest.raises(actions.InvalidFile, match="at most 10 MB"):
        actions.add_workspace_file(alice, workspaces["Red"], big)
    assert not Attachment.objects.exists()
    assert not private_files.exists() or not any(private_files.rglob("*.*"))


def test_hostile_file_names_are_cleaned(workspaces, alice):
    attachment = actions.add_workspace_file(
        alice, workspaces["Red"], upload('../../etc/"<b>x</b>".pdf', PDF)
    )
    assert attachment.name == "b.pdf"  # the last part of the path, without markup


def test_only_the_team_adds_files_and_not_after_submitting(workspaces, alice, charlie, instructor):
    red = workspaces["Red"]
    for person in (charlie, instructor):
        with pytest.raises(actions.NotAllowed):
            actions.add_workspace_file(person, red, upload("x.pdf", PDF))
    write_and_submit(alice, red)
    with pytest.raises(actions.AlreadySubmitted):
        actions.add_workspace_file(alice, red, upload("x.pdf", PDF))


def test_a_download_is_an_attachment_with_nosniff_for_the_team_and_staff(
    client, workspaces, alice, bob, instructor, ta
):
    attachment = actions.add_workspace_file(alice, workspaces["Red"], upload("Notes.pdf", PDF))
    url = reverse("courses:attachment", args=[attachment.pk])
    for person in (alice, bob, instructor, ta):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200, person
        assert response.content == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"


def test_other_teams_and_outsiders_get_the_same_404_as_a_missing_file(
    client, workspaces, alice, charlie, outsider, mallory
):
    attachment = actions.add_workspace_file(alice, workspaces["Red"], upload("Notes.pdf", PDF))
    for person in (charlie, outsider, mallory):
        client.force_login(person)
        for pk in (attachment.pk, 999999):
            assert client.get(reverse("courses:attachment", args=[pk])).status_code == 404
            remove = reverse("courses:remove_file", args=[pk])
            assert client.post(remove).status_code == 404
    assert Attachment.objects.count() == 1


def test_brief_files_are_for_everyone_in_the_course_only(
    client, assignment, instructor, charlie, outsider, alice
):
    attachment = actions.add_brief_file(instructor, assignment, upload("Data.csv", b"a,b\n1,2\n"))
    url = reverse("courses:attachment", args=[attachment.pk])
    client.force_login(charlie)
    assert client.get(url).status_code == 200
    assert "Data.csv" in client.get(assignment.get_absolute_url()).text
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    with pytest.raises(actions.NotAllowed):
        actions.add_brief_file(alice, assignment, upload("x.pdf", PDF))


def test_uploading_through_the_page(client, workspaces, alice):
    red = workspaces["Red"]
    client.force_login(alice)
    url = reverse("courses:add_file", args=[red.pk])
    response = client.post(url, {"file": upload("notes.md", b"# Plan\n")})
    assert response.status_code == 302
    page = client.get(red.get_absolute_url()).text
    assert "notes.md" in page and "Who did what" in page

    response = client.post(url, {"file": upload("virus.exe", b"MZ" + b"\x00" * 100)})
    assert response.status_code == 400
    assert "kind of file is not taken" in response.text
    assert Attachment.objects.count() == 1


def test_removing_a_file_deletes_its_bytes(
    workspaces, alice, bob, private_files, django_capture_on_commit_callbacks
):
    red = workspaces["Red"]
    attachment = actions.add_workspace_file(alice, red, upload("Notes.pdf", PDF))
    with pytest.raises(actions.NotAllowed):
        actions.remove_file(bob, attachment)
    with django_capture_on_commit_callbacks(execute=True):
        actions.remove_file(alice, attachment)
    assert not Attachment.objects.exists()
    assert not (private_files / attachment.key).exists()


def test_files_go_with_their_assignment(
    instructor, assignment, workspaces, alice, private_files, django_capture_on_commit_callbacks
):
    team_file = actions.add_workspace_file(alice, workspaces["Red"], upload("a.pdf", PDF))
    brief_file = actions.add_brief_file(instructor, assignment, upload("b.pdf", PDF))
    with django_capture_on_commit_callbacks(execute=True):
        assignment.delete()
    assert not (private_files / team_file.key).exists()
    assert not (private_files / brief_file.key).exists()


def test_a_name_in_any_script_is_offered_as_is(client, workspaces, alice):
    attachment = actions.add_workspace_file(
        alice, workspaces["Red"], upload("Résumé 统计.pdf", PDF)
    )
    client.force_login(alice)
    response = client.get(reverse("courses:attachment", args=[attachment.pk]))
    assert (
        "filename*=utf-8''R%C3%A9sum%C3%A9%20%E7%BB%9F%E8%AE%A1.pdf"
        in response["Content-Disposition"]
    )


def test_a_file_too_large_through_the_page_is_a_field_error(client, workspaces, alice):
    client.force_login(alice)
    response = client.post(
        reverse("courses:add_file", args=[workspaces["Red"].pk]),
        {"file": upload("big.txt", b"a" * (MAX_ATTACHMENT_BYTES + 1))},
    )
    assert response.status_code == 400 and "at most 10 MB" in response.text
    assert not Attachment.objects.exists()


TWO_HUNDRED_MB = str(200 * 1024 * 1024)


@pytest.mark.parametrize("who", ["alice", "charlie"])
def test_a_workspace_upload_declaring_200_mb_is_refused_unread(
    client, workspaces, private_files, request, who
):
    """The declared size is enough: the test client's payload holds a few bytes and
    raises if anything (a middleware, the CSRF check, the view) tries to read 200 MB,
    and a member and an outsider get the same answer."""
    client.force_login(request.getfixturevalue(who))
    response = client.post(
        reverse("courses:add_file", args=[workspaces["Red"].pk]),
        {"file": upload("huge.pdf", PDF)},
        CONTENT_LENGTH=TWO_HUNDRED_MB,
    )
    assert response.status_code == 413
    assert response.text == "This upload is too large: files can be at most 10 MB."
    assert not Attachment.objects.exists()
    assert not private_files.exists() or not any(private_files.rglob("*"))


def test_a_brief_upload_declaring_200_mb_is_refused_unread(client, assignment, instructor):
    client.force_login(instructor)
    response = client.post(
        reverse("courses:add_brief_file", args=[assignment.pk]),
        {"file": upload("huge.pdf", PDF)},
        CONTENT_LENGTH=TWO_HUNDRED_MB,
    )
    assert response.status_code == 413 and "at most 10 MB" in response.text
    assert not Attachment.objects.exists()
