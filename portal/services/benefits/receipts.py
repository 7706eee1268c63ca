"""Receipts on claims, through the documents service: every upload is checked before any is
stored, at most MAX_RECEIPTS a claim."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

from portal.domain.benefits_claims import ClaimRefused
from portal.models import BenefitClaim, Document, Employee
from portal.services import documents
from portal.uploads import CheckedUpload

MAX_RECEIPTS = 5


def chosen(uploads: list[FileStorage] | None) -> list[FileStorage]:
    """The files actually chosen (a form without a file sends one empty, nameless part)."""
    return documents.chosen_files(uploads or [])


def receipts_of(claim: BenefitClaim | None) -> list[Document]:
    if claim is None or claim.id is None:
        return []
    return documents.documents_of(claim=claim)


def check_receipts(uploads: list[FileStorage], already: int) -> list[CheckedUpload]:
    """Every upload checked, or ClaimRefused naming the file refused; nothing stored."""
    if not uploads:
        return []
    if already + len(uploads) > MAX_RECEIPTS:
        if already:
            too_many = _(
                "A claim can have %(most)d receipts at most, and this one has %(already)d "
                "already.",
                most=MAX_RECEIPTS, already=already,
            )
        else:
            too_many = _("A claim can have %(most)d receipts at most.", most=MAX_RECEIPTS)
        raise ClaimRefused(
            too_many + " " + _("Please choose fewer files, or put several pages in one PDF.")
        )

    checked: list[CheckedUpload] = []
    for upload in uploads:
        try:
            checked.append(documents.check_upload(upload))
        except documents.DocumentRefused as refused:
            for done in checked:
                done.data.close()
            raise ClaimRefused(f"{(upload.filename or _('A file'))[:80]}: {refused}") from None
    return checked


def store_receipts(person: Employee, claim: BenefitClaim, checked: list[CheckedUpload]
                   ) -> list[Document]:
    """Keep the checked files with the claim (committed by the caller's change, which calls
    `forget` with them if it fails); when one cannot be stored, none is kept."""
    kept: list[Document] = []
    try:
        for item in checked:
            kept.append(documents.add_document(person, claim.employee, item, claim=claim))
    except documents.DocumentRefused as refused:
        forget(kept)
        raise ClaimRefused(str(refused)) from None
    return kept


def forget(kept: list[Document]) -> None:
    """The files of receipts whose change was not committed: nobody's, so removed."""
    documents.forget_files(kept)


def release(claim: BenefitClaim, now: datetime) -> None:
    """A deleted draft's or withdrawn claim's receipts wait for HR's retention rule."""
    documents.release_documents(claim=claim, now=now)
