"""Checking an uploaded document: its size read in chunks up to the limit, its type from its
content (magic bytes, with puremagic), and the declared size of a picture, before anything is
stored. No Flask and no database: a file in, a CheckedUpload or DocumentRefused out."""

from __future__ import annotations

import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath
from typing import BinaryIO

import puremagic
from flask_babel import gettext as _

from portal.domain.documents import (
    MAX_DOCUMENT_BYTES,
    MAX_IMAGE_PIXELS,
    MAX_IMAGE_SIDE,
)

CHUNK_BYTES = 64 * 1024
# Up to this much of a file is held in memory; beyond it, in a temporary file.
IN_MEMORY_BYTES = 1024 * 1024
# Where each accepted type must begin: puremagic names the type, and the first bytes must agree,
# so that a file that only carries a signature somewhere inside is not taken for one.
SIGNATURES = {
    "application/pdf": b"%PDF-",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}
NAMED_LIKE = (".pdf", ".jpg", ".jpeg", ".jpe", ".jfif", ".png")
# JPEG markers that start a frame and carry its height and width (all but DHT, JPG and DAC).
JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
NO_LENGTH_MARKERS = frozenset({0x01, *range(0xD0, 0xD8)})

def _say_what_we_take() -> str:
    return _("We take PDF files and JPEG or PNG pictures, up to 10 MB each.")


class DocumentRefused(Exception):
    """A file that cannot be kept; str(error) is a kind, clear sentence for the page."""


@dataclass(frozen=True)
class CheckedUpload:
    """A file that passed the checks: its own name (as text), detected type, size, content.

    `data` is a spooled temporary file at position 0: in memory when small, on disk beyond."""

    original_name: str
    content_type: str
    size: int
    data: BinaryIO


def original_name(name: str | None) -> str:
    """The file's own name as the person's computer called it, without folders or control
    characters, at most 255 characters (the extension kept): text to show, never a path."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if not name:
        return "document"
    if len(name) <= 255:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return f"{stem[:254 - len(extension)]}.{extension}"
    return name[:255]


def read_limited(stream: BinaryIO, name: str) -> tuple[BinaryIO, int]:
    """The stream's content copied into a spooled file, chunk by chunk; reading stops at one
    byte past the limit, so a larger file is never read whole."""
    spooled = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY_BYTES)  # noqa: SIM115
    size = 0
    try:
        while size <= MAX_DOCUMENT_BYTES:
            chunk = stream.read(min(CHUNK_BYTES, MAX_DOCUMENT_BYTES + 1 - size))
            if not chunk:
                break
            spooled.write(chunk)
            size += len(chunk)
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentRefused(_(
                "“%(name)s” is larger than 10 MB, more than we can take for one document. "
                "A smaller scan or photo will do, or a PDF saved at a lower quality.",
                name=name,
            ))
        if size == 0:
            raise DocumentRefused(_(
                "“%(name)s” is empty, so there was nothing to keep. Please choose the file "
                "again; if it is still empty, it may not have saved properly where it came from.",
                name=name,
            ))
    except BaseException:
        spooled.close()
        raise
    spooled.seek(0)
    return spooled, size


def detected_type(data: BinaryIO) -> str | None:
    """The accepted type this content is, by its magic bytes, or None."""
    data.seek(0)
    head = data.read(64)
    data.seek(0)
    try:
        matches = puremagic.magic_stream(data)
    except (puremagic.PureError, ValueError):
        return None
    finally:
        data.seek(0)
    if not matches:
        return None
    best = {match.mime_type for match in matches if match.confidence == matches[0].confidence}
    return next(
        (kind for kind, start in SIGNATURES.items() if kind in best and head.startswith(start)),
        None,
    )


def _png_dimensions(data: BinaryIO) -> tuple[int, int] | None:
    """Width and height from the IHDR chunk, which the PNG standard puts first."""
    data.seek(8)
    header = data.read(16)
    if len(header) < 16 or header[4:8] != b"IHDR":
        return None
    return int.from_bytes(header[8:12], "big"), int.from_bytes(header[12:16], "big")


def _jpeg_dimensions(data: BinaryIO) -> tuple[int, int] | None:
    """Width and height from the first frame header, walking the segments before it."""
    data.seek(2)
    while True:
        byte = data.read(1)
        if byte != b"\xff":
            return None
        marker = data.read(1)
        while marker == b"\xff":  # fill bytes
            marker = data.read(1)
        if not marker:
            return None
        code = marker[0]
        if code in NO_LENGTH_MARKERS:
            continue
        if code == 0xD9:  # the end of the image, before any frame
            return None
        length_bytes = data.read(2)
        if len(length_bytes) < 2:
            return None
        length = int.from_bytes(length_bytes, "big")
        if length < 2:
            return None
        if code in JPEG_FRAMES:
            frame = data.read(5)
            if len(frame) < 5:
                return None
            return int.from_bytes(frame[3:5], "big"), int.from_bytes(frame[1:3], "big")
        data.seek(length - 2, 1)


def _check_picture(data: BinaryIO, kind: str, name: str) -> None:
    """A picture must say how large it is, and be no larger than a document ever needs: a
    small file that claims a vast picture (a "PNG bomb") would swamp whoever opens it."""
    dimensions = _png_dimensions(data) if kind == "image/png" else _jpeg_dimensions(data)
    data.seek(0)
    if dimensions is None or 0 in dimensions:
        if kind == "image/png":
            raise DocumentRefused(_(
                "“%(name)s” starts like a PNG image but could not be read; it may be damaged. "
                "Please save or export it again, or take a new photo, and add that.",
                name=name,
            ))
        raise DocumentRefused(_(
            "“%(name)s” starts like a JPEG image but could not be read; it may be damaged. "
            "Please save or export it again, or take a new photo, and add that.",
            name=name,
        ))
    width, height = dimensions
    if width * height > MAX_IMAGE_PIXELS or max(width, height) > MAX_IMAGE_SIDE:
        raise DocumentRefused(_(
            "“%(name)s” says it is a picture far larger than any photo or scan of a document, "
            "so we did not take it. Please take a new photo or scan, or save it as a PDF.",
            name=name,
        ))


def _not_accepted(name: str) -> DocumentRefused:
    if name.lower().endswith(NAMED_LIKE):
        return DocumentRefused(
            _(
                "“%(name)s” is named like a PDF or a picture, but what is inside is another "
                "kind of file, so we did not take it.",
                name=name,
            )
            + " " + _say_what_we_take() + " "
            + _("Please save the document again as one of those (a photo or a scan will do) "
                "and add that.")
        )
    return DocumentRefused(
        _("“%(name)s” is not a kind of file we can take.", name=name)
        + " " + _say_what_we_take() + " "
        + _("Please save the document as one of those (a photo or a scan will do) and add that.")
    )



def check_stream(stream: BinaryIO, name: str | None) -> CheckedUpload:
    """Read and check one file: its size, its type from its content, a picture's size."""
    shown = original_name(name)
    data, size = read_limited(stream, shown)
    try:
        kind = detected_type(data)
        if kind is None:
            raise _not_accepted(shown)
        if kind != "application/pdf":
            _check_picture(data, kind, shown)
    except BaseException:
        data.close()
        raise
    return CheckedUpload(original_name=shown, content_type=kind, size=size, data=data)
