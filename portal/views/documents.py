"""Documents: the download (to the person whose document it is and to HR only), the rows that
request and claim pages list, and the larger body a page that takes files may accept."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Blueprint, abort, current_app, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from portal.domain.documents import ACCEPTED_TYPES, MAX_DOCUMENT_BYTES, MAX_FILES_AT_ONCE
from portal.domain.documents import size_in_words as size_words
from portal.extensions import csrf
from portal.formatting import local_time
from portal.i18n import N_
from portal.models import Document
from portal.services import documents

bp = Blueprint("documents", __name__)

# A page that takes files accepts this much at once (the files and the rest of its form);
# every other page keeps the app's MAX_CONTENT_LENGTH.
UPLOAD_REQUEST_BYTES = MAX_FILES_AT_ONCE * MAX_DOCUMENT_BYTES + 1024 * 1024


TOO_MUCH_AT_ONCE = N_(
    "That was more than we can take at once: up to 5 files of 10 MB each. Nothing was saved. "
    "Please add fewer or smaller files."
)
# portal.domain.documents.ACCEPTED_TYPES's English names, as msgids for the catalogues.
KIND_NAMES = (N_("PDF"), N_("JPEG image"), N_("PNG image"), N_("File"))
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
OWN_EXTENSIONS = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg", ".jpe", ".jfif"),
    "image/png": (".png",),
}
UNSAFE = re.compile(r"[^\w .()+,-]+")


def accept_uploads() -> str | None:
    """For a view that takes files, before anything reads the body: allow the larger body,
    then check the CSRF token (the view is exempt from the early check, which would refuse
    the body at the app's limit). Returns what to tell the person when the body is too large,
    else None."""
    request.max_content_length = UPLOAD_REQUEST_BYTES
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        request.form  # noqa: B018  (reading it is the point: too large is found here)
    except RequestEntityTooLarge:
        return _(TOO_MUCH_AT_ONCE)
    return None


def download_name(document: Document) -> str:
    """A name safe to offer for saving: letters, digits and a few marks, ending in the
    extension of the type the content really is."""
    name = UNSAFE.sub("_", document.original_name).strip(" ._") or "document"
    if not name.lower().endswith(OWN_EXTENSIONS.get(document.content_type, ())):
        name += EXTENSIONS.get(document.content_type, "")
    return name[-120:]


@dataclass(frozen=True)
class DocumentRow:
    """A document as a page lists it, in words."""

    id: int
    name: str
    kind: str
    size: str
    added: str
    link: str


def document_rows(kept: list[Document], timezone: str | None) -> list[DocumentRow]:
    return [
        DocumentRow(
            id=document.id, name=document.original_name,
            kind=_(ACCEPTED_TYPES.get(document.content_type, "File")),
            size=size_words(document.size), added=local_time(document.created_at, timezone),
            link=url_for("documents.download", document_id=document.id),
        )
        for document in kept
    ]


@bp.get("/documents/<int:document_id>")
@login_required
def download(document_id: int):
    document = documents.document_for(current_user, document_id)
    if document is None:
        abort(404)
    try:
        stream = documents.open_document(document)
    except documents.DocumentsUnavailable as error:
        return render_template("documents/unavailable.html", message=str(error)), 503
    if request.method != "HEAD":  # a HEAD request downloads nothing
        documents.record_download(current_user, document)
    response = send_file(
        stream, mimetype=document.content_type, as_attachment=True,
        download_name=download_name(document), conditional=False, etag=False, max_age=None,
    )
    response.content_length = document.size
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response
