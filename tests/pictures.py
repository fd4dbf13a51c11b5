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


def landscape(size=(800, 500)):
    """A JPEG worth looking at in screenshots: sky, sun and two hills."""
    from PIL import ImageDraw

    width, height = size
    picture = Image.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        shade = y / height
        draw.line([(0, y), (width, y)], fill=(int(90 + 120 * shade), int(150 + 70 * shade), 235))
    draw.ellipse(
        [width * 0.68, height * 0.12, width * 0.82, height * 0.12 + width * 0.14],
        fill=(255, 214, 102),
    )
    draw.polygon(
        [(0, height), (0, height * 0.62), (width * 0.4, height * 0.42), (width * 0.8, height)],
        fill=(64, 128, 80),
    )
    draw.polygon(
        [
            (width * 0.3, height),
            (width * 0.7, height * 0.5),
            (width, height * 0.66),
            (width, height),
        ],
        fill=(38, 96, 62),
    )
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=90)
    return out.getvalue()
