"""Documents on leave requests and claims: checking uploads, keeping them, who may open them,
recording HR's downloads, and removing released ones after the retention period.

`add_document` and `release_documents` leave the commit to the caller's service (a claim is
saved with its receipts, or not at all); the other functions here commit their own changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import BinaryIO

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.domain.benefits_claims import ClaimStatus
from portal.domain.documents import (
    DOCUMENT_ADDED,
    DOCUMENT_DOWNLOADED,
    MAX_FILES_AT_ONCE,
    RECEIPT_DOWNLOADED,
    document_asked_for,
)
from portal.domain.workflow import Status
from portal.extensions import db
from portal.i18n import N_
from portal.models import (
    INTEGER_MAX,
    BenefitClaim,
    ClaimEvent,
    Document,
    Employee,
    LeaveRequest,
    RequestEvent,
    utcnow,
)
from portal.services import notifications
from portal.storage import StorageUnavailable, UnknownKey, document_store, new_key
from portal.uploads import CheckedUpload, DocumentRefused, check_stream

__all__ = [
    "CheckedUpload",
    "DocumentRefused",
    "DocumentsUnavailable",
    "add_document",
    "add_documents_to_request",
    "check_upload",
    "check_uploads",
    "document_asked",
    "document_for",
    "documents_of",
    "forget_files",
    "open_document",
    "purge_released",
    "record_download",
    "release_documents",
]


UNAVAILABLE = N_(
    "We could not keep your documents just now, so nothing was saved. Please try again in a "
    "few minutes; if it keeps happening, HR can help."
)


class DocumentsUnavailable(DocumentRefused):
    """The document store could not be reached: nothing was kept; try again later."""


# -- Checking ---------------------------------------------------------------------------------


def chosen_files(uploads: Iterable[FileStorage]) -> list[FileStorage]:
    """The files a person chose: a browser sends an empty, nameless part for a file input left
    empty, which is no file at all."""
    return [upload for upload in uploads if upload is not None and upload.filename]


def check_upload(upload: FileStorage) -> CheckedUpload:
    """Read one upload (never past the size limit) and decide its type from its content;
    DocumentRefused says why it cannot be kept."""
    return check_stream(upload.stream, upload.filename)


def check_uploads(uploads: Iterable[FileStorage]) -> list[CheckedUpload]:
    """Check every chosen file, at most MAX_FILES_AT_ONCE; one refused refuses them all, so a
    person never has to work out which of their files were kept."""
    files = chosen_files(uploads)
    if len(files) > MAX_FILES_AT_ONCE:
        raise DocumentRefused(_(
            "You chose %(chosen)d files; we can take up to %(most)d at once. "
            "Please add the first %(most)d, then the others.",
            chosen=len(files), most=MAX_FILES_AT_ONCE,
        ))
    checked: list[CheckedUpload] = []
    try:
        for upload in files:
            checked.append(check_upload(upload))
    except BaseException:
        for done in checked:
            done.data.close()
        raise
    return checked


# -- Keeping ----------------------------------------------------------------------------------


def add_document(uploader: Employee, owner: Employee, checked: CheckedUpload, *,
                 leave_request: LeaveRequest | None = None,
                 claim: BenefitClaim | None = None) -> Document:
    """Store the file under a random key and add its row to the session, without committing:
    the caller's service commits it with the change it belongs to. DocumentsUnavailable when
    the store cannot be reached."""
    key = new_key()
    checked.data.seek(0)
    try:
        document_store().save(key, checked.data)
    except StorageUnavailable:
        raise DocumentsUnavailable(_(UNAVAILABLE)) from None
    finally:
        checked.data.close()
    document = Document(
        employee_id=owner.id, uploaded_by_id=uploader.id, storage_key=key,
        original_name=checked.original_name, content_type=checked.content_type,
        size=checked.size,
        leave_request_id=leave_request.id if leave_request is not None else None,
        claim_id=claim.id if claim is not None else None,
    )
    db.session.add(document)
    return document


def forget_files(documents: Iterable[Document]) -> None:
    """After a failed commit, the stored files of its documents are nobody's: remove them."""
    store = document_store()
    for document in documents:
        # An orphaned file left behind holds no row: nothing shows or serves it.
        with suppress(StorageUnavailable):
            store.delete(document.storage_key)


def add_documents_to_request(employee: Employee, leave_request: LeaveRequest,
                             uploads: Iterable[FileStorage]) -> list[Document]:
    """The employee adds documents to their own request, at any time: every file is checked
    first (one refused keeps none), then they are kept, the history says so, and HR hears of
    it once the request has been sent."""
    if leave_request.employee_id != employee.id:
        raise DocumentRefused(
            _("Only the person whose request this is can add documents to it.")
        )
    checked = check_uploads(uploads)
    if not checked:
        raise DocumentRefused(_("Please choose a file to add."))
    added: list[Document] = []
    try:
        for one in checked:
            added.append(add_document(employee, employee, one, leave_request=leave_request))
        names = ", ".join(document.original_name for document in added)
        db.session.add(RequestEvent(request_id=leave_request.id, actor_id=employee.id,
                                    action=DOCUMENT_ADDED, note=names))
        if leave_request.status != Status.DRAFT:
            notifications.documents_added(leave_request, len(added))
        db.session.commit()
    except BaseException:
        db.session.rollback()
        for one in checked:
            one.data.close()
        forget_files(added)
        raise
    return added


def release_documents(*, claim: BenefitClaim | None = None,
                      leave_request: LeaveRequest | None = None, now: datetime) -> None:
    """The draft or claim these documents belonged to is gone or withdrawn: they are kept until
    the retention period has passed (purge_released). Not committed: the caller's change is."""
    if claim is None and leave_request is None:
        return
    statement = select(Document).where(Document.released_at.is_(None))
    if claim is not None:
        statement = statement.where(Document.claim_id == claim.id)
    if leave_request is not None:
        statement = statement.where(Document.leave_request_id == leave_request.id)
    for document in db.session.scalars(statement):
        document.released_at = now


def purge_released(now: datetime, retention: timedelta) -> list[Document]:
    """Delete the stored files of documents released longer than `retention` before `now`, and
    mark them purged; rows, history and every other document stay. A file the store cannot
    delete now is left for the next run. Returns the documents purged."""
    due = db.session.scalars(
        select(Document)
        .where(Document.released_at.is_not(None), Document.released_at <= now - retention,
               Document.purged_at.is_(None))
        .order_by(Document.id)
    ).all()
    store, purged = document_store(), []
    for document in due:
        try:
            store.delete(document.storage_key)
        except StorageUnavailable as error:
            current_app.logger.warning("Document %s not purged, tried again next time: %s",
                                       document.id, error)
            continue
        document.purged_at = now
        purged.append(document)
    db.session.commit()
    return purged


# -- Reading ----------------------------------------------------------------------------------


def documents_of(*, leave_request: LeaveRequest | None = None,
                 claim: BenefitClaim | None = None) -> list[Document]:
    """The documents of a request or a claim that are still kept, oldest first. The caller has
    already decided that its viewer may see that request or claim."""
    if leave_request is None and claim is None:
        return []
    statement = select(Document).where(Document.purged_at.is_(None)).order_by(Document.id)
    if leave_request is not None:
        statement = statement.where(Document.leave_request_id == leave_request.id)
    if claim is not None:
        statement = statement.where(Document.claim_id == claim.id)
    return list(db.session.scalars(statement))


def document_asked(leave_request: LeaveRequest) -> bool:
    """HR's request for information that waits for the employee's answer asked for a
    document."""
    return leave_request.status == Status.INFORMATION_REQUESTED and document_asked_for(
        event.action for event in leave_request.history
    )


def _sent(document: Document) -> bool:
    """Whether HR may see what the document belongs to: a draft is its author's alone."""
    if document.leave_request_id is not None:
        return document.leave_request.status != Status.DRAFT
    if document.claim_id is not None:
        claim = db.session.get(BenefitClaim, document.claim_id)
        # A deleted draft was never sent: HR never learns it existed.
        return claim is not None and claim.status not in (ClaimStatus.DRAFT, ClaimStatus.DELETED)
    return True


def document_for(viewer: Employee, document_id: int) -> Document | None:
    """The document this person may open: their own, or, for HR, one of a request or claim
    that has been sent. None for anyone else, as if it did not exist (managers and colleagues
    never learn that a document exists), and for a document no longer kept."""
    if not 0 < document_id <= INTEGER_MAX:
        return None
    document = db.session.get(Document, document_id)
    if document is None or document.purged_at is not None:
        return None
    if document.employee_id == viewer.id:
        return document
    if viewer.is_hr and viewer.active and _sent(document):
        return document
    return None


def open_document(document: Document) -> BinaryIO:
    """The stored file, for reading; DocumentsUnavailable when the store cannot be reached or
    has lost it."""
    try:
        return document_store().open(document.storage_key)
    except (StorageUnavailable, UnknownKey):
        raise DocumentsUnavailable(_(
            "We could not fetch this document just now. Please try again in a few minutes; "
            "if it keeps happening, HR can help."
        )) from None


def record_download(viewer: Employee, document: Document) -> None:
    """Every HR download of someone's document is a line in the history of its request or
    claim (the person's own downloads are theirs)."""
    if viewer.id == document.employee_id:
        return
    now = utcnow()
    if document.leave_request_id is not None:
        db.session.add(RequestEvent(
            request_id=document.leave_request_id, actor_id=viewer.id,
            action=DOCUMENT_DOWNLOADED, note=document.original_name, created_at=now,
        ))
    if document.claim_id is not None:
        db.session.add(ClaimEvent(claim_id=document.claim_id, actor_id=viewer.id,
                                  action=RECEIPT_DOWNLOADED, note="", created_at=now))
    db.session.commit()
