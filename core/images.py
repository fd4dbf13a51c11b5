"""Opening pictures people upload, safely, and writing them back out clean.

Shared by chat attachments (lounge.attachments) and profile pictures
(accounts.avatars). A picture is trusted only after Pillow has decoded it: its name and
the type the browser claimed count for nothing. Every picture is re-encoded, so what is
stored carries none of the uploaded file's metadata (EXIF with GPS position, comments,
XMP) nor anything hidden after the image data."""

import io
import os
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

from .errors import DomainError

# Formats decoded from uploads; anything else Pillow could open (PSD, TIFF, ICO, EPS…)
# is refused, so only well-trodden decoders ever see untrusted bytes.
ACCEPTED_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
# 40 megapixels: a large phone photo is 12–50; a "decompression bomb" (a small file
# that decodes to gigabytes) is far beyond.
DEFAULT_MAX_PIXELS = 40_000_000
# An animated GIF costs its frames times its size in memory: bounded both ways.
MAX_FRAMES = 300
MAX_ANIMATION_PIXELS = 200_000_000


# Pictures decoded at once per process. Each takes its pixels in memory (a 12-megapixel
# photo is 36 MB decoded, with a copy or two while it is turned and re-encoded), and a
# server answers every request in a thread of its own: 50 uploads at once would hold
# 50 of them. Pillow works outside the GIL, so more than the cores would not be faster.
MAX_CONCURRENT_DECODES = max(2, os.cpu_count() or 2)
_decoding = threading.BoundedSemaphore(MAX_CONCURRENT_DECODES)


@contextmanager
def decoding_slot():
    """Hold one of the process's picture-decoding slots (waits for a free one)."""
    with _decoding:
        yield


class NotAPicture(DomainError):
    code = "not_a_picture"
    default_message = gettext_lazy(
        "That file is not a picture we can show (JPEG, PNG, GIF or WebP)."
    )


class PictureTooLarge(NotAPicture):
    code = "picture_too_large"
    default_message = gettext_lazy("That picture has too many pixels to process.")


@dataclass
class Encoded:
    """A re-encoded picture: its bytes, their type, a file extension, and its size."""

    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def open_picture(data, *, max_pixels=DEFAULT_MAX_PIXELS):
    """The decoded picture in `data` (bytes), upright (EXIF orientation applied), with
    its metadata dropped. Raises NotAPicture for anything that is not a JPEG, PNG, GIF
    or WebP Pillow can fully decode, and PictureTooLarge past `max_pixels`."""
    try:
        with warnings.catch_warnings():
            # Pillow warns past MAX_IMAGE_PIXELS and raises at twice that: refuse at once.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ACCEPTED_FORMATS:
                raise NotAPicture()
            width, height = probe.size
            if width * height > max_pixels or width < 1 or height < 1:
                raise PictureTooLarge()
            probe.verify()  # a truncated or corrupt file stops here
            picture = Image.open(io.BytesIO(data))
            frames = getattr(picture, "n_frames", 1)
            if frames > MAX_FRAMES or frames * width * height > MAX_ANIMATION_PIXELS:
                raise PictureTooLarge(_("That animation is too long or too large to process."))
            picture.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise PictureTooLarge() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise NotAPicture() from None
    return picture


def _without_metadata(picture):
    """Keep only what drawing needs (transparency, an animation's timing)."""
    kept = {k: picture.info[k] for k in ("transparency", "duration", "loop") if k in picture.info}
    picture.info = kept
    return picture


def _upright(picture):
    """The first frame turned as the camera meant it, without metadata."""
    try:
        upright = ImageOps.exif_transpose(picture)
    except (OSError, ValueError, SyntaxError):  # unreadable EXIF: keep it as stored
        upright = picture.copy()
    return _without_metadata(upright)


def _flat(picture, background=(255, 255, 255)):
    """RGB, transparent parts on `background` (for JPEG)."""
    if picture.mode in ("RGBA", "LA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        flat = Image.new("RGB", rgba.size, background)
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return picture.convert("RGB")


def _is_animated(picture):
    return picture.format in ("GIF", "WEBP") and getattr(picture, "n_frames", 1) > 1


def reencode(picture):
    """The picture written anew in the format it came in (JPEG, PNG, WebP; GIF keeps
    its animation), with no metadata. EXIF orientation is applied to stills."""
    fmt = picture.format
    out = io.BytesIO()
    if _is_animated(picture):
        # Frames are copied one by one: nothing but pixels and timing is carried over.
        frames = [_without_metadata(frame.copy()) for frame in ImageSequence.Iterator(picture)]
        first = frames[0]
        options = {"save_all": True, "append_images": frames[1:]}
        for key in ("duration", "loop"):
            if key in picture.info:
                options[key] = picture.info[key]
        if fmt == "GIF":
            first.save(out, format="GIF", **options)
        else:
            first.save(out, format="WEBP", quality=85, **options)
        width, height = first.size
    else:
        still = _upright(picture)
        if fmt == "JPEG":
            _flat(still).save(out, format="JPEG", quality=85, optimize=True)
        elif fmt == "WEBP":
            still.save(out, format="WEBP", quality=85)
        elif fmt == "GIF":
            still.save(out, format="GIF")
        else:
            if still.mode not in ("RGB", "RGBA", "L", "LA", "P"):
                still = still.convert("RGBA")
            fmt = "PNG"
            still.save(out, format="PNG", optimize=True)
        width, height = still.size
    extension = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}[fmt]
    return Encoded(
        out.getvalue(), f"image/{extension.replace('jpg', 'jpeg')}", extension, width, height
    )


def thumbnail(picture, box):
    """A still JPEG or PNG (transparent pictures) that fits in `box` (w, h) pixels,
    never larger than the picture; an animation's thumbnail is its first frame."""
    picture.seek(0)
    still = _upright(picture)
    still.thumbnail(box, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if still.mode in ("RGBA", "LA") or "transparency" in still.info:
        still.convert("RGBA").save(out, format="PNG", optimize=True)
        kind = ("image/png", "png")
    else:
        _flat(still).save(out, format="JPEG", quality=82, optimize=True)
        kind = ("image/jpeg", "jpg")
    return Encoded(out.getvalue(), kind[0], kind[1], *still.size)


def crop_box(picture, x, y, side):
    """(left, top, right, bottom) of the square at (x, y) with sides `side`, in pixels of
    the upright picture, or None when it does not lie inside the picture (then the
    centre is used)."""
    width, height = picture.size
    if picture.getexif().get(0x0112, 1) in (5, 6, 7, 8):  # turned a quarter: sides swap
        width, height = height, width
    try:
        x, y, side = int(x), int(y), int(side)
    except (TypeError, ValueError):
        return None
    if side < 8 or x < 0 or y < 0 or x + side > width or y + side > height:
        return None
    return (x, y, x + side, y + side)


def square(picture, size, box=None):
    """A square JPEG of `size` pixels (profile pictures): the part of the picture in
    `box` (from crop_box), else the largest square around its centre."""
    picture.seek(0)
    still = _flat(_upright(picture))
    if box is not None:
        cropped = still.crop(box).resize((size, size), Image.Resampling.LANCZOS)
    else:
        cropped = ImageOps.fit(still, (size, size), Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    out = io.BytesIO()
    cropped.save(out, format="JPEG", quality=88, optimize=True)
    return Encoded(out.getvalue(), "image/jpeg", "jpg", size, size)
