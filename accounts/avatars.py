"""Profile pictures, and the initials on a colour that stand in for one.

An uploaded picture must decode with Pillow (core.images); it is cropped to a centred
square and written as three JPEGs (40, 96 and 256 pixels), without any of the
upload's metadata, to the private storage under a fresh random name. The profile keeps
that name (`Profile.picture`), so a new picture is a new URL and browsers may keep
each one for long. Pictures are served by accounts.views.picture to people signed in
who may see the profile.

Without a picture a person is shown by their initials on one of a few colours, picked
from their id (the same everywhere, every time); each colour carries white text at
WCAG AA contrast (4.5:1 or more; tests/accounts/test_avatars.py checks it)."""

import secrets
from functools import cache

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext

from core.images import NotAPicture, crop_box, decoding_slot, open_picture, square
from core.storage import private_storage

SIZES = (40, 96, 256)
DEFAULT_MAX_PICTURE_BYTES = 10 * 1024 * 1024
# Background colours for initials, with white text; static/css/commons.css has one
# .avatar--cN class for each, in this order.
COLOURS = (
    "#1f5f5b",  # teal
    "#8a3b12",  # rust
    "#5b3a8a",  # violet
    "#1d4f91",  # blue
    "#7a2e4d",  # plum
    "#2f6b2f",  # green
    "#6b4e00",  # bronze
    "#9b1c31",  # red
    "#3b4a5a",  # slate
    "#0b6374",  # deep cyan
)


class PictureRefused(NotAPicture):
    code = "picture_refused"


def initials(name):
    """Up to two letters from a name ("Ana Lima" → "AL", "dev" → "D")."""
    words = ["".join(c for c in w if c.isalnum()) for w in str(name or "").split()]
    words = [w for w in words if w]
    if not words:
        return "?"
    letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    return letters.upper()


def colour_index(user_id):
    return (user_id or 0) % len(COLOURS)


def too_big(max_bytes):
    return gettext("Pictures can be at most %(megabytes)s MB.") % {
        "megabytes": max_bytes // (1024 * 1024)
    }


def prepare(upload, crop=None, *, max_bytes=DEFAULT_MAX_PICTURE_BYTES):
    """{size: JPEG bytes} for an uploaded picture (a Django UploadedFile), or
    PictureRefused with a sentence for the person. `crop` is (x, y, side) in pixels of
    the upright picture, as chosen in the browser; without it, or when it does not fit
    the picture, the largest square around the centre is used."""
    if upload.size is not None and upload.size > max_bytes:
        raise PictureRefused(too_big(max_bytes))
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PictureRefused(too_big(max_bytes))
    with decoding_slot():
        try:
            picture = open_picture(data)
        except NotAPicture as refusal:
            raise PictureRefused(str(refusal)) from None
        box = crop_box(picture, *crop) if crop else None
        return {size: square(picture, size, box).data for size in SIZES}


def file_name(key, size):
    return f"{key}-{size}.jpg"


def store(sizes):
    """Write the prepared sizes under a new key; returns the key. The caller deletes
    them again (`delete_later` with a rollback) if the profile is not saved."""
    key = f"avatars/{secrets.token_hex(16)}"
    storage = private_storage()
    for size, data in sizes.items():
        storage.save(file_name(key, size), ContentFile(data))
    return key


def delete(key):
    storage = private_storage()
    for size in SIZES:
        storage.delete(file_name(key, size))


def delete_on_commit(key):
    """The files of an old picture go once the profile no longer points at them."""
    if key:
        transaction.on_commit(lambda: delete(key))


@cache
def _picture_prefix():
    return reverse("people:picture", args=["_", 40]).removesuffix("_/picture/40/")


def picture_url(handle, key, size):
    """Where the picture of `size` pixels is served; the key's tail names the version
    so that a new picture is a new address."""
    return f"{_picture_prefix()}{handle}/picture/{size}/?v={key.rsplit('/', 1)[-1][:12]}"


def avatar(user, size=40):
    """What a template needs to show a person: a picture's URLs (1x and 2x) or their
    initials and colour class."""
    profile = getattr(user, "profile", None)
    # Served only while the profile may be seen (accounts.permissions.can_view_profile).
    key = getattr(profile, "picture", "") if profile is not None and user.is_active else ""
    name = user.display_name
    if key:
        larger = next((s for s in SIZES if s >= size * 2), SIZES[-1])
        shown = next((s for s in SIZES if s >= size), SIZES[-1])
        return {
            "url": picture_url(user.username, key, shown),
            "url_2x": picture_url(user.username, key, larger),
            "size": size,
            "name": name,
        }
    return {"initials": initials(name), "colour": colour_index(user.pk), "size": size, "name": name}
