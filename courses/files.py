"""Files of assignments and workspaces: where they are kept and which kinds are taken.

They are kept in the "private" storage (settings.STORAGES), which no URL serves: a
permission-checked view streams them as downloads. What a file is comes from its first
bytes, never from its name or the type the browser claimed, and only the kinds below
are taken; anything else (programs, scripts, archives, HTML) is refused."""

import io
import uuid
import zipfile
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.storage import PrivateStorage

# The storage named "private" as configured now (it follows a test's change of
# settings.STORAGES).
private_storage = PrivateStorage()


def delete_stored_file(sender, instance, **kwargs):
    """An attachment's bytes go once its row's deletion commits, however it was deleted
    (removed by a person, or with its workspace, assignment or course)."""
    key = instance.key
    transaction.on_commit(lambda: private_storage.delete(key))


@dataclass(frozen=True)
class FileKind:
    label: str
    content_type: str
    extensions: tuple


PDF = FileKind("PDF", "application/pdf", (".pdf",))
PNG = FileKind(_("PNG image"), "image/png", (".png",))
JPEG = FileKind(_("JPEG image"), "image/jpeg", (".jpg", ".jpeg"))
GIF = FileKind(_("GIF image"), "image/gif", (".gif",))
WEBP = FileKind(_("WebP image"), "image/webp", (".webp",))
DOCX = FileKind(
    _("Word document"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    (".docx",),
)
XLSX = FileKind(
    _("Excel workbook"),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    (".xlsx",),
)
PPTX = FileKind(
    _("PowerPoint presentation"),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    (".pptx",),
)
ODT = FileKind(_("OpenDocument text"), "application/vnd.oasis.opendocument.text", (".odt",))
ODS = FileKind(
    _("OpenDocument spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet", (".ods",)
)
ODP = FileKind(
    _("OpenDocument presentation"), "application/vnd.oasis.opendocument.presentation", (".odp",)
)
TEXT = FileKind(_("text"), "text/plain", (".txt", ".md", ".csv", ".tsv", ".r", ".py", ".ipynb"))

ALLOWED_EXTENSIONS = sorted(
    {
        ext
        for kind in (PDF, PNG, JPEG, GIF, WEBP, DOCX, XLSX, PPTX, ODT, ODS, ODP, TEXT)
        for ext in kind.extensions
    }
)
ALLOWED_DESCRIPTION = _(
    "PDF, images (PNG, JPEG, GIF, WebP), Word, Excel, PowerPoint, "
    "OpenDocument, and plain text (.txt, .md, .csv, code)"
)

_OOXML = {"word/": DOCX, "xl/": XLSX, "ppt/": PPTX}
_OPENDOCUMENT = {kind.content_type: kind for kind in (ODT, ODS, ODP)}
# Control characters that never occur in text people write (tab, newlines and form
# feed aside): their presence means a binary file named .txt.
_BINARY_BYTES = bytes(range(0, 9)) + bytes([11]) + bytes(range(14, 32)) + b"\x7f"


def _office_kind(data):
    """An Office Open XML or OpenDocument file is a ZIP archive with a known layout; any
    other archive (or one carrying macros) is refused."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            if "mimetype" in names:
                return _OPENDOCUMENT.get(archive.read("mimetype")[:100].decode("ascii", "replace"))
            if "[Content_Types].xml" in names:
                for prefix, kind in _OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return kind
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def _is_text(data):
    if data.startswith(b"#!"):  # a script, whatever its name says
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(char in text for char in _BINARY_BYTES.decode("latin-1"))


def sniff(data):
    """The allowed kind these bytes are, or None."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if data.startswith(b"PK\x03\x04"):
        return _office_kind(data)
    if _is_text(data):
        return TEXT
    return None


def clean_file_name(name, limit):
    """The name to offer the file under: its last path part, printable, at most `limit`
    characters with its extension kept."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable() and char not in '"<>|:*?')
    name = " ".join(name.split()).strip(". ")
    if len(name) > limit:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) < 10:
            name = stem[: limit - len(extension) - 1] + "." + extension
        else:
            name = name[:limit]
    return name


def extension_of(name):
    stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot and stem else ""


def new_key(prefix):
    return f"{prefix}/{uuid.uuid4().hex}"
