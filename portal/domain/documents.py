"""Documents: the kinds of file accepted, their limits, and the steps about them in a history."""

from __future__ import annotations

from collections.abc import Iterable

from portal.domain.workflow import Action

# The kinds of file a document may be, decided from its content, with their names for people.
ACCEPTED_TYPES = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG image",
    "image/png": "PNG image",
}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_FILES_AT_ONCE = 5
# Far beyond any photo or scan of a document (a 50-megapixel camera, an A4 page at 1,200 dpi);
# a picture claiming more is a decompression bomb for whoever opens it.
MAX_IMAGE_PIXELS = 100_000_000
MAX_IMAGE_SIDE = 30_000

# Steps recorded in a leave request's history (RequestEvent.action).
DOCUMENT_ADDED = "document_added"
DOCUMENT_REQUESTED = "document_requested"
DOCUMENT_DOWNLOADED = "document_downloaded"
# ... and in a claim's (ClaimEvent.action).
RECEIPT_DOWNLOADED = "receipt_downloaded"


def document_asked_for(actions: Iterable[str]) -> bool:
    """HR's latest request for information, among these steps oldest first, asked for a
    document (a DOCUMENT_REQUESTED step follows it)."""
    asked = False
    for action in actions:
        if action == Action.REQUEST_INFORMATION:
            asked = False
        elif action == DOCUMENT_REQUESTED:
            asked = True
    return asked


def size_in_words(size: int) -> str:
    """"830 KB", "2.4 MB": a file's size as people read it (1 KB = 1,024 bytes)."""
    if size < 1024:
        return "1 KB" if size else "0 KB"
    if size < 1024 * 1024:
        return f"{round(size / 1024):,} KB"
    megabytes = size / (1024 * 1024)
    return f"{megabytes:.1f} MB" if megabytes < 10 else f"{round(megabytes):,} MB"
