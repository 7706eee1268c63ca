"""Documents on leave requests: the employee adds them, HR reads them (each download recorded),
HR asks for one, nobody else learns they exist; bad files are refused and nothing is kept."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.app import create_app
from portal.domain.workflow import Action
from portal.extensions import db
from portal.models import BenefitClaim, ClaimEvent, Document, OutboxMessage, RequestEvent
from portal.services import documents, requests
from portal.services.notifications import DOCUMENT_ASKED_SUBJECT
from portal.storage import document_store
from tests.builders import make_employee, make_location, sign_in
from tests.document_files import EXE, HTML, jpeg_bytes, pdf_bytes, png_bytes, zip_bytes
from tests.fixtures import FreshContextClient, config_for

FUTURE = date.today() + timedelta(days=120)


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    employee = make_employee(name="Erin Employee", email="erin@example.test", manager=manager,
                             location=london)
    colleague = make_employee(name="Casey Colleague", manager=manager, location=london)
    hr = make_employee(name="Harper HR", is_hr=True, location=london)
    return {"employee": employee, "manager": manager, "colleague": colleague, "hr": hr}


def file(person, key="key-1", submit=True):
    data = requests.RequestInput(role="birthing", event="birth", event_date=FUTURE)
    return requests.file_request(person, data, key, submit=submit)


def signed_in(app, person):
    client = app.test_client()
    sign_in(client, person.email)
    return client


def upload(client, request_id, *files, path=None):
    return client.post(
        path or f"/leave/requests/{request_id}/documents",
        data={"documents": [(io.BytesIO(data), name) for name, data in files]},
        content_type="multipart/form-data",
    )


def kept() -> list[Document]:
    return list(db.session.scalars(select(Document).order_by(Document.id)))


def stored_files(app) -> list[Path]:
    return sorted(Path(app.config["DOCUMENT_DIRECTORY"]).glob("*"))


def mail_to(person) -> list[OutboxMessage]:
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == person.email)
        .order_by(OutboxMessage.id)))


@pytest.fixture(autouse=True)
def own_store(app, tmp_path, monkeypatch):
    """A document directory of this test's own, so that it sees only the files it made."""
    monkeypatch.setitem(app.config, "DOCUMENT_DIRECTORY", str(tmp_path / "documents"))


# -- Adding documents ------------------------------------------------------------------------


def test_the_employee_adds_documents_to_their_request_and_both_pages_list_them(app, people):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    page = client.get(f"/leave/requests/{request.id}").get_data(as_text=True)
    assert "Add a document" in page and "up to 10 MB each; up to 5 at once" in page
    assert 'enctype="multipart/form-data"' in page

    pdf, png = pdf_bytes(), png_bytes()
    response = upload(client, request.id, ("MATB1 certificate.pdf", pdf), ("scan.png", png))
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "Your documents are added to this request. HR has been told." in page
    assert "MATB1 certificate.pdf" in page and "scan.png" in page
    assert "PDF, 1 KB, added " in page and "PNG image, 1 KB, added " in page
    assert not re.search(r"\d{4}-\d{2}-\d{2}", page.split('id="documents"')[1].split("</ul>")[0])

    rows = kept()
    assert [(d.original_name, d.content_type, d.size) for d in rows] == [
        ("MATB1 certificate.pdf", "application/pdf", len(pdf)), ("scan.png", "image/png", len(png))]
    assert {d.employee_id for d in rows} == {d.uploaded_by_id for d in rows} == \
        {people["employee"].id}
    assert {d.leave_request_id for d in rows} == {request.id}
    # Stored under random keys: nothing of the name is in the store.
    assert sorted(p.name for p in stored_files(app)) == sorted(d.storage_key for d in rows)
    assert all(len(d.storage_key) >= 40 and "MATB1" not in d.storage_key for d in rows)
    assert document_store().open(rows[0].storage_key).read() == pdf

    hr_page = signed_in(app, people["hr"]).get(f"/hr/requests/{request.id}").get_data(
        as_text=True)
    assert "MATB1 certificate.pdf" in hr_page
    assert f'href="/documents/{rows[0].id}"' in hr_page
    assert "Erin Employee: Added a document" in re.sub(r"<[^>]+>", "", hr_page)


def test_hr_is_told_of_added_documents_without_their_names_and_a_draft_tells_nobody(
    app, people
):
    sent, draft = file(people["employee"]), file(people["employee"], "key-2", submit=False)
    client = signed_in(app, people["employee"])
    before = len(mail_to(people["hr"]))
    assert upload(client, draft.id, ("draft-note.pdf", pdf_bytes())).status_code == 302
    assert len(mail_to(people["hr"])) == before
    assert upload(client, sent.id, ("SECRET-NAME.pdf", pdf_bytes())).status_code == 302
    told = mail_to(people["hr"])[before:]
    assert [m.subject for m in told] == ["Erin Employee added a document to a leave request"]
    assert "SECRET-NAME" not in told[0].body and f"/hr/requests/{sent.id}" in told[0].body
    assert all("SECRET-NAME" not in f"{m.subject} {m.body}"
               for m in db.session.scalars(select(OutboxMessage)))


def test_a_file_name_is_shown_as_text_never_as_markup(app, people):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    upload(client, request.id, ("<img src=x onerror=alert(1)>.pdf", pdf_bytes()))
    page = client.get(f"/leave/requests/{request.id}").get_data(as_text=True)
    assert "<img src=x" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;.pdf" in page


@pytest.mark.parametrize(("name", "data", "said"), [
    ("receipt.pdf", EXE, "is named like a PDF or a picture, but what is inside is another kind"),
    ("receipt.pdf", HTML, "is named like a PDF or a picture, but what is inside is another kind"),
    ("photo.png", zip_bytes(), "is named like a PDF or a picture, but what is inside"),
    ("photo.png", png_bytes(200_000, 200_000, pixels=False), "far larger than any photo"),
    ("empty.pdf", b"", "is empty, so there was nothing to keep"),
    ("notes.docx", zip_bytes(), "is not a kind of file we can take"),
])
def test_a_refused_file_gets_a_clear_message_and_nothing_is_kept(app, people, name, data, said):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    response = upload(client, request.id, ("good.pdf", pdf_bytes()), (name, data))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert said in page and f"“{name}”" in page
    assert 'data-testid="document-error"' in page
    assert kept() == [] and stored_files(app) == []
    assert not db.session.scalars(select(RequestEvent).where(
        RequestEvent.action == "document_added")).all()


def test_more_than_five_files_at_once_are_refused_and_none_is_kept(app, people):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    files = [(f"page-{n}.jpg", jpeg_bytes()) for n in range(6)]
    response = upload(client, request.id, *files)
    assert response.status_code == 400
    assert "You chose 6 files; we can take up to 5 at once." in response.get_data(as_text=True)
    assert kept() == [] and stored_files(app) == []
    assert upload(client, request.id, *files[:5]).status_code == 302
    assert len(kept()) == 5


def test_pressing_add_with_no_file_chosen_asks_for_one(app, people):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    response = client.post(f"/leave/requests/{request.id}/documents",
                           data={"documents": (io.BytesIO(b""), "")},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Please choose a file to add." in response.get_data(as_text=True)


def test_only_routes_that_take_files_accept_more_than_one_megabyte(app, people):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    big = pdf_bytes() + b"\x00" * (3 * 1024 * 1024)
    assert upload(client, request.id, *[(f"scan-{n}.pdf", big) for n in range(3)]).status_code \
        == 302
    assert len(kept()) == 3
    # Any other form keeps the 1 MB limit.
    response = client.post("/leave/requests/new", data={"note_to_hr": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413


def test_more_than_fifty_megabytes_at_once_is_refused_with_the_page_and_nothing_kept(
    app, people
):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    big = pdf_bytes() + b"\x00" * (9 * 1024 * 1024)
    response = upload(client, request.id, *[(f"scan-{n}.pdf", big) for n in range(6)])
    assert response.status_code == 413
    page = response.get_data(as_text=True)
    assert "That was more than we can take at once: up to 5 files of 10 MB each." in page
    assert "Leave from" in page  # the request's own page, not an error page
    assert kept() == [] and stored_files(app) == []


def test_a_store_that_cannot_be_written_keeps_nothing_and_says_so(app, people, tmp_path,
                                                                 monkeypatch):
    not_a_directory = tmp_path / "file"
    not_a_directory.write_text("x")
    monkeypatch.setitem(app.config, "DOCUMENT_DIRECTORY", str(not_a_directory))
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    response = upload(client, request.id, ("scan.pdf", pdf_bytes()))
    assert response.status_code == 400
    assert "We could not keep your documents just now, so nothing was saved." in \
        response.get_data(as_text=True)
    assert kept() == []


# -- Downloading -----------------------------------------------------------------------------


def test_hr_downloads_a_document_as_an_attachment_and_the_history_records_it(app, people):
    request = file(people["employee"])
    pdf = pdf_bytes("MATB1")
    upload(signed_in(app, people["employee"]), request.id, ("MATB1 <form>; x.pdf", pdf))
    document = kept()[0]

    hr = signed_in(app, people["hr"])
    response = hr.get(f"/documents/{document.id}")
    assert response.status_code == 200
    assert response.data == pdf
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == 'attachment; filename="MATB1 _form_ x.pdf"'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"

    events = db.session.scalars(select(RequestEvent).where(
        RequestEvent.action == "document_downloaded")).all()
    assert [(e.request_id, e.actor_id, e.note) for e in events] == [
        (request.id, people["hr"].id, "MATB1 <form>; x.pdf")]
    page = re.sub(r"<[^>]+>", "", hr.get(f"/hr/requests/{request.id}").get_data(as_text=True))
    assert "Harper HR: Downloaded a document" in page
    mine = signed_in(app, people["employee"]).get(f"/leave/requests/{request.id}")
    assert "Harper HR: Downloaded a document" in re.sub(r"<[^>]+>", "",
                                                        mine.get_data(as_text=True))


def test_the_owner_downloads_their_own_document_without_a_history_line(app, people):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    upload(client, request.id, ("photo.jpg", jpeg_bytes()))
    response = client.get(f"/documents/{kept()[0].id}")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"] == "attachment; filename=photo.jpg"
    assert not db.session.scalars(select(RequestEvent).where(
        RequestEvent.action == "document_downloaded")).all()


def test_a_download_is_named_for_what_the_file_really_is(app, people):
    request = file(people["employee"])
    client = signed_in(app, people["employee"])
    upload(client, request.id, ("invoice.exe", pdf_bytes()), ("Überweisung.png", png_bytes()))
    first, second = kept()
    assert client.get(f"/documents/{first.id}").headers["Content-Disposition"] == \
        "attachment; filename=invoice.exe.pdf"
    assert client.get(f"/documents/{second.id}").headers["Content-Disposition"] == \
        "attachment; filename=Uberweisung.png; filename*=UTF-8''%C3%9Cberweisung.png"


@pytest.mark.parametrize("who", ["manager", "colleague"])
def test_a_manager_or_colleague_gets_the_same_404_as_for_a_document_that_never_existed(
    app, people, who
):
    request = file(people["employee"])
    upload(signed_in(app, people["employee"]), request.id, ("scan.pdf", pdf_bytes()))
    client = signed_in(app, people[who])
    existing = client.get(f"/documents/{kept()[0].id}")
    missing = client.get("/documents/999999")
    assert existing.status_code == missing.status_code == 404
    assert existing.get_data(as_text=True).count("scan") == 0


def test_hr_cannot_open_a_document_of_a_draft_its_author_can(app, people):
    draft = file(people["employee"], submit=False)
    upload(signed_in(app, people["employee"]), draft.id, ("scan.pdf", pdf_bytes()))
    document = kept()[0]
    assert signed_in(app, people["hr"]).get(f"/documents/{document.id}").status_code == 404
    assert signed_in(app, people["employee"]).get(f"/documents/{document.id}").status_code == 200


def test_nobody_can_add_documents_to_someone_elses_request(app, people):
    request = file(people["employee"])
    for who in ("manager", "hr", "colleague"):
        response = upload(signed_in(app, people[who]), request.id, ("scan.pdf", pdf_bytes()))
        assert response.status_code == 404
    assert kept() == []


def claim_of(person, status: str) -> BenefitClaim:
    claim = BenefitClaim(
        employee_id=person.id, programme_id="adoption-assistance", journey_kind="adoption",
        journey_label="Our adoption", expense_kind="agency_fees", amount_minor=12_000,
        currency="EUR", expense_date=date.today(), status=status,
    )
    db.session.add(claim)
    db.session.commit()
    return claim


def receipt_on(claim, person) -> Document:
    """A receipt added the way the claims service adds one: checked, added, committed by it."""
    sent = FileStorage(io.BytesIO(pdf_bytes("Agency invoice")), "invoice.pdf")
    document = documents.add_document(person, person, documents.check_upload(sent), claim=claim)
    db.session.commit()
    return document


def test_an_hr_download_of_a_receipt_is_recorded_on_its_claim(app, people):
    claim = claim_of(people["employee"], "submitted")
    document = receipt_on(claim, people["employee"])
    hr = signed_in(app, people["hr"])
    assert hr.get(f"/documents/{document.id}").status_code == 200
    events = db.session.scalars(select(ClaimEvent)).all()
    assert [(e.claim_id, e.actor_id, e.action, e.note) for e in events] == [
        (claim.id, people["hr"].id, "receipt_downloaded", "")]
    draft = claim_of(people["employee"], "draft")
    hidden = receipt_on(draft, people["employee"])
    assert hr.get(f"/documents/{hidden.id}").status_code == 404


def test_hr_cannot_open_a_receipt_of_a_draft_that_was_deleted(app, people):
    deleted = claim_of(people["employee"], "deleted")
    hidden = receipt_on(deleted, people["employee"])
    assert signed_in(app, people["hr"]).get(f"/documents/{hidden.id}").status_code == 404
    assert db.session.scalars(select(ClaimEvent)).all() == []


# -- HR asks for a document -------------------------------------------------------------------


def test_hr_asks_for_a_document_and_the_employee_reads_it_on_their_page_and_in_their_email(
    app, people
):
    request = file(people["employee"])
    hr = signed_in(app, people["hr"])
    assert "Ask for a document" in hr.get(f"/hr/requests/{request.id}").get_data(as_text=True)
    response = hr.post(f"/hr/requests/{request.id}/request-information", data={
        "version": request.version, "message": "Could you send the MATB1?",
        "ask_for_document": "y"})
    assert response.status_code == 302
    assert 'data-testid="document-asked"' in hr.get(response.location).get_data(as_text=True)

    email = mail_to(people["employee"])[-1]
    assert email.subject == DOCUMENT_ASKED_SUBJECT
    assert "asks you for a document" in email.body and "MATB1" not in email.body
    client = signed_in(app, people["employee"])
    page = client.get(f"/leave/requests/{request.id}").get_data(as_text=True)
    assert "HR has asked you for a document" in page and "Could you send the MATB1?" in page

    upload(client, request.id, ("MATB1.pdf", pdf_bytes()))
    db.session.refresh(request)
    requests.act(people["employee"], request, request.version, Action.ANSWER, "Attached.")
    page = client.get(f"/leave/requests/{request.id}").get_data(as_text=True)
    assert "HR has asked you for a document" not in page and "MATB1.pdf" in page


def test_a_question_without_the_box_ticked_asks_for_no_document(app, people):
    request = file(people["employee"])
    signed_in(app, people["hr"]).post(
        f"/hr/requests/{request.id}/request-information",
        data={"version": request.version, "message": "When is the due date?"})
    assert mail_to(people["employee"])[-1].subject == "HR has a question about your leave request"
    page = signed_in(app, people["employee"]).get(f"/leave/requests/{request.id}")
    assert "HR has asked you for a document" not in page.get_data(as_text=True)


# -- Keeping and removing ---------------------------------------------------------------------


def test_purge_removes_only_files_released_longer_ago_than_the_retention(app, people, runner,
                                                                        monkeypatch):
    now = datetime.now(UTC)
    claim = claim_of(people["employee"], "withdrawn")
    old, recent, kept_on_claim = (receipt_on(claim, people["employee"]) for _ in range(3))
    request = file(people["employee"])
    upload(signed_in(app, people["employee"]), request.id, ("MATB1.pdf", pdf_bytes()))
    on_request = kept()[-1]
    documents.release_documents(claim=claim, now=now - timedelta(days=91))
    recent.released_at = now - timedelta(days=89)
    kept_on_claim.released_at = None
    db.session.commit()
    stored_before = {p.name for p in stored_files(app)}

    monkeypatch.setitem(app.config, "DOCUMENT_RETENTION_DAYS", "90")
    result = runner.invoke(args=["documents", "purge"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Removed 1 document released before ")
    assert f"document {old.id}, 1 KB, released on " in result.output
    assert not re.search(r"\d{4}-\d{2}-\d{2}", result.output)

    db.session.expire_all()
    assert {p.name for p in stored_files(app)} == stored_before - {old.storage_key}
    assert db.session.get(Document, old.id).purged_at is not None
    assert [d.purged_at for d in (db.session.get(Document, x.id)
                                  for x in (recent, kept_on_claim, on_request))] == [None] * 3
    assert len(kept()) == 4  # the rows stay, as the history refers to them
    assert signed_in(app, people["hr"]).get(f"/documents/{old.id}").status_code == 404

    again = runner.invoke(args=["documents", "purge"])
    assert again.exit_code == 0 and again.output.startswith("Nothing to remove")


@pytest.mark.parametrize("setting", ["", "ninety", "0", "-5", "1.5", "99999999"])
def test_purge_with_a_bad_retention_setting_stops_with_a_clear_error(app, runner, monkeypatch,
                                                                     setting):
    monkeypatch.setitem(app.config, "DOCUMENT_RETENTION_DAYS", setting)
    result = runner.invoke(args=["documents", "purge"])
    assert result.exit_code == 2
    assert "Error: DOCUMENT_RETENTION_DAYS=" in result.output
    assert "is not a number of days from 1 to 36500" in result.output


# -- With CSRF checking on, as in production ----------------------------------------------------


def test_adding_documents_needs_the_forms_csrf_token(app, people, database_url_for_tests):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True,
                                    DOCUMENT_DIRECTORY=app.config["DOCUMENT_DIRECTORY"]))
    checked.test_client_class = FreshContextClient
    client = checked.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": people["employee"].email,
                                "password": "correct horse battery staple", "csrf_token": token})
    request = file(people["employee"])
    page = client.get(f"/leave/requests/{request.id}").get_data(as_text=True)
    form = page.split('enctype="multipart/form-data"')[1]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)

    refused = upload(client, request.id, ("scan.pdf", pdf_bytes()))
    assert refused.status_code == 400 and kept() == []
    response = client.post(f"/leave/requests/{request.id}/documents", data={
        "csrf_token": token, "documents": (io.BytesIO(pdf_bytes()), "scan.pdf")},
        content_type="multipart/form-data")
    assert response.status_code == 302 and len(kept()) == 1
    db.session.rollback()


def test_asking_for_a_document_without_a_message_keeps_the_box_ticked(app, people):
    request = file(people["employee"])
    response = signed_in(app, people["hr"]).post(
        f"/hr/requests/{request.id}/request-information",
        data={"version": request.version, "message": "  ", "ask_for_document": "y"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please write what you would like to know." in page
    assert re.search(r'<input [^>]*checked[^>]*name="ask_for_document"', page)
    assert mail_to(people["employee"]) == []


def test_a_head_request_by_hr_downloads_nothing_and_records_nothing(app, people):
    request = file(people["employee"])
    upload(signed_in(app, people["employee"]), request.id, ("scan.pdf", pdf_bytes()))
    response = signed_in(app, people["hr"]).head(f"/documents/{kept()[0].id}")
    assert response.status_code == 200 and response.data == b""
    assert not db.session.scalars(select(RequestEvent).where(
        RequestEvent.action == "document_downloaded")).all()
