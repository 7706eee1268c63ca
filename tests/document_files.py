"""Small files for document tests: a real PDF, PNG and JPEG, and the ones that lie about
themselves (an executable, HTML, a zip, a PNG claiming absurd dimensions)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def pdf_bytes(text: str = "Receipt") -> bytes:
    """A one-page PDF with a line of text."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bytes(width: int = 4, height: int = 3, *, pixels: bool = True) -> bytes:
    """An RGB PNG; without `pixels`, only its header and an empty image (a "PNG bomb" need
    not carry its pixels to claim them)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = (b"\x00" + b"\x80\x40\x20" * width) * height if pixels else b""
    return (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b""))


def jpeg_bytes(width: int = 4, height: int = 3) -> bytes:
    """A JPEG's markers up to its frame header (JFIF, an EXIF-like segment, SOF0), then EOI."""
    app0 = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    app1 = b"Exif\x00\x00" + b"\x00" * 300
    sof0 = struct.pack(">BHHB", 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x01\x03\x11\x01"
    segments = b"".join(
        b"\xff" + marker + struct.pack(">H", len(body) + 2) + body
        for marker, body in ((b"\xe0", app0), (b"\xe1", app1), (b"\xc0", sof0))
    )
    return b"\xff\xd8" + segments + b"\xff\xd9"


def zip_bytes() -> bytes:
    """A zip of highly compressible text: the start of a zip bomb."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("huge.txt", "0" * 1_000_000)
    return out.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert('hello')</script></body></html>"
