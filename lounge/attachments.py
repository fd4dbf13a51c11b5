"""Files and pictures attached to messages: what is accepted, how it is stored.

A file is judged by its content, never by its name or the type the browser claimed:
pictures must decode with Pillow (core.images) and are re-encoded without metadata and
thumbnailed; other files must be one of a short list recognised by their first bytes
(PDF, plain text, office documents). Anything else, web pages and SVG among them, is
refused. Files are kept in the "private" storage (settings.STORAGES), which has no
public URL: they are served only by lounge.views.attachment after a permission check.

`prepare_uploads` does all the checking and encoding before anything is written;
`write_prepared` writes the files just before the posting transaction, `store_prepared`
creates their rows inside it, and `discard_stored` removes the written files again if
the message is not saved."""

import io
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.images import NotAPicture, decoding_slot, open_picture, reencode, thumbnail
from core.storage import private_storage

from .errors import InvalidInput

DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
DEFAULT_MAX_FILES_PER_MESSAGE = 10
THUMBNAIL_BOX = (480, 360)
MAX_NAME_LENGTH = 120

# Non-picture files accepted, by what their content is: (content type, extensions a
# name may keep). A name with another extension gets the first one added.
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", ["pdf"]),
    "text": (
        "text/plain; charset=utf-8",
        ["txt", "md", "csv", "tsv", "py", "r", "tex", "json", "log", "java", "c", "js"],
    ),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ["docx"],
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ["xlsx"]),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ["pptx"],
    ),
    "odt": ("application/vnd.oasis.opendocument.text", ["odt"]),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ["ods"]),
    "odp": ("application/vnd.oasis.opendocument.presentation", ["odp"]),
}
# Text that a browser would sniff as a web page or an image with script (WHATWG MIME
# sniffing's HTML patterns, plus XML and SVG) is refused outright, whatever its name.
MARKUP = re.compile(
    rb"^\s*<(?:!doctype|html|head|body|script|iframe|svg|\?xml|!--|div|a\s|img|style|title"
    rb"|table|font|br|p\b|h1|b\b|object|embed)",
    re.IGNORECASE,
)
MARKUP_ANYWHERE = re.compile(rb"<\s*(?:script|svg|iframe|html)\b", re.IGNORECASE)


def max_upload_bytes():
    return getattr(settings, "LOUNGE_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def max_files_per_message():
    return getattr(settings, "LOUNGE_MAX_FILES_PER_MESSAGE", DEFAULT_MAX_FILES_PER_MESSAGE)


def size_text(size):
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return ngettext("%(size)s byte", "%(size)s bytes", size) % {"size": size}


def clean_name(name):
    """A file name safe to show and to offer as a download: the last path part only
    (no "../" or "C:\\"), no control or separator characters, at most 120 characters,
    never empty or hidden."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = re.split(r"[\\/]", name)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and c not in '<>:"|?*')
    name = " ".join(name.split()).strip(" .")
    if not name:
        name = "file"
    stem, dot, extension = name.rpartition(".")
    if dot and len(extension) <= 10:
        return stem[: MAX_NAME_LENGTH - len(extension) - 1] + "." + extension
    return name[:MAX_NAME_LENGTH]


def _with_extension(name, extensions):
    stem, dot, extension = name.rpartition(".")
    if dot and stem and extension.lower() in extensions:
        return name
    return clean_name(f"{name}.{extensions[0]}")


def _office_kind(data):
    """docx/xlsx/pptx or odt/ods/odp from a ZIP's table of contents (nothing is
    unpacked but the 100-byte "mimetype" entry of OpenDocument)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "[Content_Types].xml" in names:
            for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
                if any(n.startswith(prefix) for n in names):
                    return kind
        if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
            mimetype = archive.read("mimetype").decode("ascii", "replace")
            for kind in ("odt", "ods", "odp"):
                if mimetype == DOCUMENT_TYPES[kind][0]:
                    return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError):
        return None
    return None


def _document_kind(data):
    """The DOCUMENT_TYPES key of `data`, or None when it is none of them."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    head = data[:4096]
    if b"\x00" in data or MARKUP.match(head.removeprefix(b"\xef\xbb\xbf")):
        return None
    if MARKUP_ANYWHERE.search(data):
        return None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "text"


@dataclass
class Prepared:
    """An upload that passed every check, ready to be written."""

    name: str
    kind: str  # "image" or "file"
    content_type: str
    data: bytes
    width: int | None = None
    height: int | None = None
    thumb: object = None  # core.images.Encoded
    stored: list = field(default_factory=list)  # storage names written so far
    file_name: str = ""
    thumb_name: str = ""

    @property
    def size(self):
        return len(self.data)


def _read(upload, limit):
    """The upload's bytes, refusing past `limit` without reading further."""
    if upload.size is not None and upload.size > limit:
        raise InvalidInput(
            _("“%(name)s” is %(size)s; files can be at most %(limit)s.")
            % {
                "name": clean_name(upload.name),
                "size": size_text(upload.size),
                "limit": size_text(limit),
            }
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise InvalidInput(_("Files can be at most %(limit)s.") % {"limit": size_text(limit)})
    return data


def prepare_upload(upload):
    """Check one uploaded file (a Django UploadedFile) by its content and encode it.
    Raises InvalidInput with a sentence for the person."""
    name = clean_name(upload.name)
    data = _read(upload, max_upload_bytes())
    if not data:
        raise InvalidInput(_("“%(name)s” is empty.") % {"name": name})
    with decoding_slot():
        try:
            picture = open_picture(data)
        except NotAPicture as refusal:
            if refusal.code == "picture_too_large":
                raise InvalidInput(f"“{name}”: {refusal}") from None
            picture = None
        if picture is not None:
            encoded = reencode(picture)
            thumb = thumbnail(picture, THUMBNAIL_BOX)
            picture.close()
            return Prepared(
                name=_with_extension(name, [encoded.extension, "jpeg"]),
                kind="image",
                content_type=encoded.content_type,
                data=encoded.data,
                width=encoded.width,
                height=encoded.height,
                thumb=thumb,
            )
    kind = _document_kind(data)
    if kind is None:
        raise InvalidInput(
            _(
                "“%(name)s” is not a file type Commons accepts: pictures (JPEG, PNG, GIF, "
                "WebP), PDF, plain text and office documents."
            )
            % {"name": name}
        )
    content_type, extensions = DOCUMENT_TYPES[kind]
    return Prepared(
        name=_with_extension(name, extensions), kind="file", content_type=content_type, data=data
    )


def prepare_uploads(uploads):
    """Every upload checked and encoded, or InvalidInput for the first one refused
    (then nothing of any of them is kept)."""
    uploads = list(uploads)
    if len(uploads) > max_files_per_message():
        raise InvalidInput(
            _("Attach at most %(count)s files to one message.") % {"count": max_files_per_message()}
        )
    return [prepare_upload(upload) for upload in uploads]


def _save(storage, prepared, suffix, data):
    # A random directory per file: names never collide or reveal another file's name,
    # and the person's own file name is never part of a path on disk.
    name = storage.save(f"lounge/{secrets.token_hex(16)}/{suffix}", ContentFile(data))
    prepared.stored.append(name)
    return name


def write_prepared(prepared_files):
    """Write the files to the private storage, before the posting transaction (so its
    lock on the channel is not held while they are written). Each remembers where it
    went; if the message is not saved, the caller calls discard_stored(prepared_files)."""
    storage = private_storage()
    for prepared in prepared_files:
        if prepared.stored:
            continue  # written already (a retried call)
        extension = prepared.name.rpartition(".")[2].lower() or "bin"
        prepared.file_name = _save(storage, prepared, f"file.{extension}", prepared.data)
        if prepared.thumb is not None:
            thumb = prepared.thumb
            prepared.thumb_name = _save(storage, prepared, f"thumb.{thumb.extension}", thumb.data)


def store_prepared(message, prepared_files):
    """The rows of the written files, for `message`. Caller holds the posting
    transaction, after write_prepared."""
    from .models import Attachment

    rows = []
    for position, prepared in enumerate(prepared_files):
        row = Attachment(
            message=message,
            position=position,
            name=prepared.name,
            kind=prepared.kind,
            content_type=prepared.content_type,
            size=prepared.size,
            width=prepared.width,
            height=prepared.height,
        )
        row.file.name = prepared.file_name
        if prepared.thumb is not None:
            row.thumbnail.name = prepared.thumb_name
            row.thumb_width, row.thumb_height = prepared.thumb.width, prepared.thumb.height
        rows.append(row)
    return Attachment.objects.bulk_create(rows)


def discard_stored(prepared_files):
    """Remove what store_prepared wrote (the transaction that would have kept it failed)."""
    storage = private_storage()
    for prepared in prepared_files:
        for name in prepared.stored:
            storage.delete(name)
        prepared.stored.clear()


def delete_files_on_commit(attachments):
    """The stored files of `attachments` go once the transaction deleting their rows
    commits (a rollback keeps both)."""
    names = [n for a in attachments for n in (a.file.name, a.thumbnail.name) if n]

    def delete():
        storage = private_storage()
        for name in names:
            storage.delete(name)

    if names:
        transaction.on_commit(delete)


def attachment_payload(attachment):
    """What a message row shows of one attachment (part of rendering.message_payload:
    JSON- and msgpack-safe)."""
    return {
        "id": attachment.pk,
        "kind": attachment.kind,
        "name": attachment.name,
        "size": size_text(attachment.size),
        "width": attachment.width,
        "height": attachment.height,
        "thumb_width": attachment.thumb_width,
        "thumb_height": attachment.thumb_height,
    }


def file_path_part(name):
    """The file name as the last part of its URL (readable, never a path)."""
    return re.sub(r"[^\w.\-]+", "-", os.path.basename(name)).strip("-.") or "file"
