"""Privacy of documents: a manager or colleague never learns that a document exists.

The reports add documents whose names hold a marker to requests in several states, HR asks for
one and downloads them all, and one report has a receipt on a claim. Then the manager and a
colleague open every GET address of the app (the walk of tests/web/test_privacy.py, which
builds them from app.url_map, document ids included) and the links on those pages, and read
their email: no marker, no link to a document, and no page says "document" more often than it
did before anyone had one. No email to anyone carries a document's name.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

import tests.web.test_privacy as privacy
from portal.domain.workflow import Action
from portal.extensions import db
from portal.models import BenefitClaim, Document, OutboxMessage
from portal.services import documents, requests
from tests.builders import give_feed_token, make_employee, make_location, sign_in
from tests.document_files import jpeg_bytes, pdf_bytes, png_bytes

TODAY = date.today()
MARKER = re.compile(r"MARKER-DOC-[A-Z0-9-]+")
DOCUMENT_WORDS = re.compile(r"document|receipt|attach|\.pdf|\.png|\.jpe?g|/documents/", re.I)


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    reports = [make_employee(name=f"{name} Report", manager=manager, location=london)
               for name in ("Riley", "Rowan", "Reese", "Remy")]
    colleague = make_employee(name="Casey Colleague", manager=manager, location=london)
    hr = make_employee(name="Harper HR", is_hr=True, location=london)
    for person in (manager, colleague):
        give_feed_token(person)
    return {"manager": manager, "reports": reports, "colleague": colleague, "hr": hr}


def client_of(app, person):
    client = app.test_client()
    sign_in(client, person.email)
    return client


def add(app, person, request_id, *files):
    response = client_of(app, person).post(
        f"/leave/requests/{request_id}/documents",
        data={"documents": [(io.BytesIO(data), name) for name, data in files]},
        content_type="multipart/form-data")
    assert response.status_code == 302


def give_the_reports_documents(app, people) -> tuple[list[int], list[int]]:
    """Requests in several states, each with documents named with a marker; HR asks for a
    document and downloads every one."""
    approved_by, asked_of, draft_of, claimant = people["reports"]
    hr = people["hr"]

    def file(person, key, submit=True, **fields):
        values = dict(role="birthing", event="birth", event_date=TODAY + timedelta(days=60))
        values.update(fields)
        return requests.file_request(person, requests.RequestInput(**values), key, submit=submit)

    approved = file(approved_by, "approved")
    add(app, approved_by, approved.id, ("MARKER-DOC-MATB1.pdf", pdf_bytes()),
        ("MARKER-DOC-SCAN.png", png_bytes()))
    requests.act(hr, approved, approved.version, Action.APPROVE)

    asked = file(asked_of, "asked", role="adoptive", event="adoption")
    requests.act(hr, asked, asked.version, Action.REQUEST_INFORMATION,
                 "MARKER-DOC-QUESTION please send the matching certificate",
                 ask_for_document=True)
    add(app, asked_of, asked.id, ("MARKER-DOC-MATCHING-CERTIFICATE.jpg", jpeg_bytes()))

    draft = file(draft_of, "draft", submit=False)
    add(app, draft_of, draft.id, ("MARKER-DOC-DRAFT.pdf", pdf_bytes()))

    claim = BenefitClaim(
        employee_id=claimant.id, programme_id="adoption-assistance", journey_kind="adoption",
        journey_label="Our adoption", expense_kind="agency_fees", amount_minor=50_000,
        currency="EUR", expense_date=TODAY, status="submitted")
    db.session.add(claim)
    db.session.commit()
    receipt = FileStorage(io.BytesIO(pdf_bytes()), "MARKER-DOC-AGENCY-INVOICE.pdf")
    documents.add_document(claimant, claimant, documents.check_upload(receipt), claim=claim)
    db.session.commit()

    every = list(db.session.scalars(select(Document).order_by(Document.id)))
    hr_client = client_of(app, hr)
    for document in every:
        expected = 404 if document.leave_request_id == draft.id else 200  # a draft is its own
        assert hr_client.get(f"/documents/{document.id}").status_code == expected
    return [approved.id, asked.id, draft.id], [document.id for document in every]


def document_words(text: str) -> int:
    return len(DOCUMENT_WORDS.findall(text))


@pytest.mark.parametrize("who", ["manager", "colleague"])
def test_a_manager_or_colleague_never_learns_that_a_document_exists(app, people, who):
    viewer = people[who]
    client = client_of(app, viewer)
    start, _unknown = privacy.addresses(app, viewer, people, request_ids=[])
    before, _ = privacy.walk(client, start)

    request_ids, document_ids = give_the_reports_documents(app, people)
    start, unknown = privacy.addresses(app, viewer, people, request_ids + document_ids)
    assert unknown == []
    assert all(any(f"/documents/{d}" == url for url in start) for d in document_ids)
    after, server_errors = privacy.walk(client, start)
    assert server_errors == []

    leaks = []
    for url, text in after.items():
        leaks += [f"{url}: {marker}" for marker in sorted(set(MARKER.findall(text)))]
        grown = document_words(text) - document_words(before.get(url, ""))
        if grown > 0:
            leaks.append(f"{url}: says 'document' {grown} more times than before")
    for message in privacy.mail_to(viewer):
        text = f"{message.subject}\n{message.body}"
        leaks += [f"email {message.subject!r}: {m}" for m in MARKER.findall(text)]
        if document_words(text):
            leaks.append(f"email {message.subject!r} speaks of documents")
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)

    missing = client.get("/documents/999999")
    for document_id in document_ids:
        response = client.get(f"/documents/{document_id}")
        assert response.status_code == missing.status_code == 404
        assert "Content-Disposition" not in response.headers


def test_no_email_to_anyone_names_a_document(app, people):
    give_the_reports_documents(app, people)
    messages = list(db.session.scalars(select(OutboxMessage)))
    assert any("added a document" in m.subject for m in messages)
    assert any(m.subject == "HR has asked for a document for your leave request"
               for m in messages)
    assert [m.subject for m in messages if MARKER.search(f"{m.subject}\n{m.body}")] == []
