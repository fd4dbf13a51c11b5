"""Pictures and files made in memory for upload tests and benchmarks (Pillow, no
downloads)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def jpeg_with_location(size=(640, 480), colour=(40, 120, 200)):
    """A JPEG carrying EXIF with a camera model, a comment and a GPS position."""
    picture = Image.new("RGB", size, colour)
    exif = Image.Exif()
    exif[0x0110] = "Secret Camera 9000"  # Model
    exif[0x0112] = 1  # Orientation
    gps = {1: "N", 2: (52.0, 31.0, 12.0), 3: "E", 4: (13.0, 24.0, 36.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    picture.save(out, format="JPEG", exif=exif.tobytes(), comment=b"taken at home")
    return out.getvalue()


def png(size=(320, 200), colour=(200, 80, 40, 255)):
    out = io.BytesIO()
    Image.new("RGBA", size, colour).save(out, format="PNG")
    return out.getvalue()


def animated_gif(frames=3, size=(60, 40)):
    colours = [(230, 60, 60), (60, 160, 60), (60, 90, 220), (240, 200, 40), (150, 60, 200)]
    images = [Image.new("RGB", size, colours[n % len(colours)]) for n in range(frames)]
    out = io.BytesIO()
    images[0].save(out, format="GIF", save_all=True, append_images=images[1:], duration=100, loop=0)
    return out.getvalue()


def png_bomb(side=30_000):
    """A PNG of side × side pixels, one bit each, that compresses to a few KB: decoding
    it would take gigabytes."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(side)) + compressor.flush()

    def chunk(kind, body):
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def pdf():
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)
