"""Profile pictures: cropped to a centred square in three sizes, stripped of metadata,
shown wherever people are listed, removable; initials on an AA-contrast colour
otherwise; hostile uploads refused with nothing stored."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from PIL import Image

from accounts import avatars
from lounge import actions as lounge_actions
from lounge.models import Channel
from tests import pictures

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root},
        },
    }
    return root


def stored(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def wide_picture_with_a_red_middle():
    """300 × 100: blue at both ends, red in the middle third (what the square keeps)."""
    picture = Image.new("RGB", (300, 100), (0, 0, 255))
    picture.paste((255, 0, 0), (100, 0, 200, 100))
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (52.0, 31.0, 12.0)}
    picture.save(out, format="PNG", exif=exif.tobytes())
    return out.getvalue()


def upload_picture(client, data, name="me.png"):
    return client.post(
        reverse("accounts:picture_edit"), {"picture": pictures.upload(name, data, "image/png")}
    )


def test_a_picture_is_cropped_square_around_its_centre_in_three_sizes(
    alice_client, alice, private_files
):
    response = upload_picture(alice_client, wide_picture_with_a_red_middle())
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    key = alice.profile.picture
    assert key.startswith("avatars/")
    for size in (40, 96, 256):
        picture = alice_client.get(reverse("people:picture", args=["alice", size]))
        assert picture["Content-Type"] == "image/jpeg"
        assert picture["X-Content-Type-Options"] == "nosniff"
        image = Image.open(io.BytesIO(b"".join(picture.streaming_content)))
        assert image.size == (size, size)
        assert not image.getexif()
        for corner in ((1, 1), (size - 2, 1), (1, size - 2), (size - 2, size - 2)):
            red, green, blue = image.getpixel(corner)
            assert red > 200 and blue < 60, (size, corner)
    assert len(stored(private_files)) == 3


def test_a_new_picture_replaces_the_old_files(
    alice_client, alice, private_files, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        upload_picture(alice_client, pictures.png())
    first = stored(private_files)
    with django_capture_on_commit_callbacks(execute=True):
        upload_picture(alice_client, wide_picture_with_a_red_middle())
    second = stored(private_files)
    assert len(second) == 3 and not set(first) & set(second)


def test_removing_the_picture_brings_back_the_initials(
    alice_client, alice, private_files, django_capture_on_commit_callbacks
):
    upload_picture(alice_client, pictures.png())
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(reverse("accounts:picture_edit"), {"remove": "1"})
    assert response.status_code == 302
    alice.profile.refresh_from_db()
    assert alice.profile.picture == ""
    assert stored(private_files) == []
    page = alice_client.get(reverse("people:detail", args=["alice"])).content.decode()
    assert "avatar--initials avatar--c" in page and ">AA</span>" in page
    assert alice_client.get(reverse("people:picture", args=["alice", 96])).status_code == 404


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("me.png", b"<html><script>alert(1)</script></html>", "not a picture"),
        (
            "me.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not a picture",
        ),
        ("me.jpg", b"MZ\x90\x00" + bytes(400), "not a picture"),
        ("me.png", pictures.png_bomb(), "too many pixels"),
        ("me.pdf", pictures.pdf(), "not a picture"),
    ],
)
def test_anything_but_a_picture_is_refused_and_nothing_is_kept(
    alice_client, alice, private_files, name, data, says
):
    upload_picture(alice_client, pictures.png())
    before = stored(private_files)
    response = upload_picture(alice_client, data, name)
    assert response.status_code == 400
    assert says in response.content.decode()
    alice.profile.refresh_from_db()
    assert stored(private_files) == before
    assert alice.profile.picture and before


def test_an_oversized_picture_is_refused(alice_client, alice, private_files, monkeypatch):
    monkeypatch.setattr(avatars, "DEFAULT_MAX_PICTURE_BYTES", 1000)
    monkeypatch.setattr(avatars.prepare, "__kwdefaults__", {"max_bytes": 1000})
    response = upload_picture(alice_client, pictures.png(size=(900, 900)))
    assert response.status_code == 400 and "at most" in response.content.decode()
    assert stored(private_files) == []


def test_pictures_are_for_people_signed_in_and_never_of_hidden_people(
    client, alice, bob, alice_client
):
    upload_picture(alice_client, pictures.png())
    url = reverse("people:picture", args=["alice", 40])
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page
    client.force_login(bob)
    assert client.get(url).status_code == 200
    assert client.get(reverse("people:picture", args=["alice", 41])).status_code == 404
    assert client.get(reverse("people:picture", args=["nobody", 40])).status_code == 404
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert client.get(url).status_code == 404
    assert "initials" in avatars.avatar(alice)  # pages show initials, not a broken image


def test_pictures_show_in_messages_member_lists_and_profiles(alice_client, alice, bob, client):
    upload_picture(alice_client, pictures.png())
    channel = lounge_actions.create_channel(
        alice, kind=Channel.Kind.SOCIAL, name="photos", topic=""
    )
    lounge_actions.join_channel(bob, channel)
    lounge_actions.post_message(alice, channel, "hello")
    client.force_login(bob)
    page = client.get(channel.get_absolute_url()).content.decode()
    assert page.count('src="/people/alice/picture/40/?v=') >= 2, re.findall(
        r"<img[^>]*>|<span class=.avatar[^<]*", page
    )  # the row and the members
    assert re.search(r'<span class="avatar avatar--initials avatar--c\d avatar--24"', page)  # bob
    profile = client.get(reverse("people:detail", args=["alice"])).content.decode()
    assert 'src="/people/alice/picture/96/?v=' in profile
    assert 'srcset="/people/alice/picture/256/?v=' in profile


def test_a_new_picture_is_a_new_address(alice_client, alice):
    upload_picture(alice_client, pictures.png())
    alice.profile.refresh_from_db()
    first = avatars.avatar(alice)["url"]
    upload_picture(alice_client, pictures.png(colour=(0, 0, 0, 255)))
    alice.profile.refresh_from_db()
    assert avatars.avatar(alice)["url"] != first


# Initials -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Ana Lima", "AL"),
        ("dev", "D"),
        ("Mary Ann van der Berg", "MB"),
        ("", "?"),
        ("  ", "?"),
        ("Dr. Ines Iyer", "DI"),
        ("<script>", "S"),
        ("Ölçer Şahin", "ÖŞ"),
    ],
)
def test_initials(name, expected):
    assert avatars.initials(name) == expected


def test_the_colour_is_the_same_every_time(alice, bob):
    assert avatars.avatar(alice) == avatars.avatar(alice)
    assert avatars.avatar(alice)["colour"] == alice.pk % len(avatars.COLOURS)


def _luminance(hex_colour):
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("colour", avatars.COLOURS)
def test_white_initials_meet_aa_contrast_on_every_colour(colour):
    contrast = (1.0 + 0.05) / (_luminance(colour) + 0.05)
    assert contrast >= 4.5, (colour, contrast)


def test_the_stylesheet_has_each_colour_in_order():
    css = (Path(django_settings.BASE_DIR) / "static/css/commons.css").read_text()
    for index, colour in enumerate(avatars.COLOURS):
        assert f".avatar--c{index} {{ background: {colour}; }}" in css


def test_the_square_chosen_in_the_crop_box_is_kept(alice_client, alice):
    """The wide picture is blue at its ends: the left square chosen is blue."""
    alice_client.post(
        reverse("accounts:picture_edit"),
        {
            "picture": pictures.upload("me.png", wide_picture_with_a_red_middle()),
            "crop_x": "0",
            "crop_y": "0",
            "crop_size": "100",
        },
    )
    picture = alice_client.get(reverse("people:picture", args=["alice", 96]))
    image = Image.open(io.BytesIO(b"".join(picture.streaming_content)))
    red, green, blue = image.getpixel((48, 48))
    assert blue > 200 and red < 60


@pytest.mark.parametrize(
    "crop",
    [("250", "0", "100"), ("-5", "0", "50"), ("0", "0", "4"), ("x", "0", "50"), ("0", "0", "")],
)
def test_a_crop_outside_the_picture_falls_back_to_the_centre(alice_client, alice, crop):
    response = alice_client.post(
        reverse("accounts:picture_edit"),
        {
            "picture": pictures.upload("me.png", wide_picture_with_a_red_middle()),
            "crop_x": crop[0],
            "crop_y": crop[1],
            "crop_size": crop[2],
        },
    )
    alice.profile.refresh_from_db()
    if response.status_code == 400:  # malformed numbers: the form says so, nothing stored
        assert not alice.profile.picture
        return
    picture = alice_client.get(reverse("people:picture", args=["alice", 96]))
    image = Image.open(io.BytesIO(b"".join(picture.streaming_content)))
    red, green, blue = image.getpixel((48, 48))
    assert red > 200 and blue < 60
