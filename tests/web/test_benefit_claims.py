"""Family benefits on the web: the employee's claims, HR's decisions, the cap, rates, export."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from portal.domain.benefits_claims import ClaimStatus
from portal.extensions import db
from portal.models import BenefitClaim, ClaimEvent, Document, ExchangeRate, OutboxMessage
from portal.services.benefits import claims, rates
from portal.services.benefits.unit import StaleClaim
from tests.benefit_builders import (
    ECB_SAMPLE,
    PDF,
    approve,
    claim_input,
    make_claim,
    pdf_upload,
)
from tests.builders import make_employee, make_location, sign_in

TODAY = date.today()


@pytest.fixture
def people(app):
    office = make_location(name="Paris office", country="FR", subdivision=None,
                           timezone="Europe/Paris")
    manager = make_employee(name="Morgan Manager", location=office)
    return {
        "employee": make_employee(name="Erin Employee", manager=manager, location=office),
        "manager": manager,
        "hr": make_employee(name="Harper HR", is_hr=True, location=office),
        "other_hr": make_employee(name="Hollis HR", is_hr=True, location=office),
    }


def signed_in(app, person):
    client = app.test_client()
    assert sign_in(client, person.email).status_code == 302
    return client


def claim_form(**fields) -> dict:
    data = {
        "programme_id": "adoption_assistance", "journey_label": "Our adoption",
        "expense_kind": "agency_fees", "amount": "1,250.50", "currency": "EUR",
        "expense_date": (TODAY - timedelta(days=3)).isoformat(),
        "description": "Agency fee", "submit_claim": "1",
    }
    data.update(fields)
    return data


def load_sample_rates(hr):
    rates.load_ecb_file(hr, ECB_SAMPLE.read_bytes())


# -- The employee -----------------------------------------------------------------------------


def test_everyone_has_benefits_in_the_navigation_and_sees_the_programmes_and_caps(app, people):
    page = signed_in(app, people["employee"]).get("/benefits/").get_data(as_text=True)
    assert '>Benefits</a>' in page
    assert "Adoption assistance" in page and "Surrogacy assistance" in page
    assert "USD\u00a010,000.00" in page and "USD\u00a020,000.00" in page
    assert "$" not in page  # a dollar sign alone says neither US nor Australian dollars
    assert "adoption_assistance" not in page


def test_the_new_claim_form_defaults_to_the_currency_of_the_persons_location(app, people):
    page = signed_in(app, people["employee"]).get("/benefits/claims/new").get_data(as_text=True)
    assert re.search(r'<option selected value="EUR">', page)
    for label in ("Amount", "Currency", "Date of expense", "Description", "Receipts"):
        assert f">{label}</label>" in page
    assert ">Submit claim</button>" in page


def test_a_claim_with_a_pdf_receipt_goes_to_hr_with_an_email_and_its_history(app, people):
    client = signed_in(app, people["employee"])
    response = client.post("/benefits/claims/new", data={
        **claim_form(), "receipts": [(io.BytesIO(PDF), "invoice.pdf")]},
        content_type="multipart/form-data")
    assert response.status_code == 302
    claim = db.session.scalars(select(BenefitClaim)).one()
    assert claim.status == ClaimStatus.SUBMITTED
    assert (claim.amount_minor, claim.currency) == (125050, "EUR")
    assert [d.original_name for d in db.session.scalars(select(Document))] == ["invoice.pdf"]
    assert [e.action for e in claim.history] == ["submitted", "receipts_added"]
    mail = db.session.scalars(select(OutboxMessage)).all()
    assert {m.recipient for m in mail} == {people["hr"].email, people["other_hr"].email}
    assert all("1,250" not in m.body and "invoice" not in m.body for m in mail)
    page = client.get(response.location).get_data(as_text=True)
    assert "EUR\u00a01,250.50" in page and "invoice.pdf" in page and "Waiting for HR" in page
    assert "invoice.pdf</a> <span class=\"text-body-secondary small\">(1 KB)" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"amount": "-5"}, "more than zero"),
    ({"amount": "0"}, "more than zero"),
    ({"amount": "99999999999"}, "larger than any claim"),
    ({"amount": "12.345"}, "2 decimal places at most"),
    ({"amount": "12.5", "currency": "JPY"}, "no decimals"),
    ({"amount": "ten"}, "in figures"),
    ({"currency": "XYZ"}, "choose a currency"),
    ({"expense_date": (TODAY + timedelta(days=5)).isoformat()}, "in the future"),
    ({"expense_date": (TODAY - timedelta(days=800)).isoformat()}, "365 days after the expense"),
    ({"expense_date": "31/02/2026"}, "day, month and year"),
    ({"journey_label": ""}, "name the journey"),
    ({"programme_id": "nonsense"}, "programmes open to you"),
    ({"expense_kind": "surrogate_medical"},
     "Adoption assistance does not cover that kind of expense. It covers: Agency fees; Legal"),
])
def test_bad_input_gets_a_clear_message_keeps_what_was_typed_and_saves_nothing(
    app, people, fields, message
):
    client = signed_in(app, people["employee"])
    response = client.post("/benefits/claims/new", data=claim_form(**fields),
                           content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert 'value="Our adoption"' in page or fields.get("journey_label") == ""
    assert "Agency fee</textarea>" in page
    assert db.session.scalars(select(BenefitClaim)).all() == []


@pytest.mark.parametrize(("content", "name", "message"), [
    (b"", "empty.pdf", "empty"),
    (b"MZ\x90\x00 this is a program", "invoice.pdf", "PDF"),
])
def test_a_file_that_is_empty_or_lies_about_its_type_is_refused_and_nothing_is_stored(
    app, people, content, name, message
):
    client = signed_in(app, people["employee"])
    response = client.post("/benefits/claims/new", data={
        **claim_form(), "receipts": [(io.BytesIO(PDF), "good.pdf"), (io.BytesIO(content), name)]},
        content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert name in page and message in page
    assert db.session.scalars(select(BenefitClaim)).all() == []
    assert db.session.scalars(select(Document)).all() == []


def test_six_receipts_are_too_many_for_one_claim(app, people):
    client = signed_in(app, people["employee"])
    files = [(io.BytesIO(PDF), f"r{n}.pdf") for n in range(6)]
    response = client.post("/benefits/claims/new", data={**claim_form(), "receipts": files},
                           content_type="multipart/form-data")
    assert response.status_code == 400
    assert "5 receipts at most" in response.get_data(as_text=True)


def test_a_draft_can_be_edited_then_sent_or_deleted_and_hr_hears_nothing_of_drafts(app, people):
    client = signed_in(app, people["employee"])
    response = client.post("/benefits/claims/new", data={
        **claim_form(), "submit_claim": None, "save_draft": "1"})
    assert response.status_code == 302
    claim = db.session.scalars(select(BenefitClaim)).one()
    assert claim.status == ClaimStatus.DRAFT
    assert db.session.scalars(select(OutboxMessage)).all() == []
    assert signed_in(app, people["hr"]).get(f"/hr/claims/{claim.id}").status_code == 404

    edit = client.get(f"/benefits/claims/{claim.id}/edit").get_data(as_text=True)
    assert 'value="1250.50"' in edit
    bad = client.post(f"/benefits/claims/{claim.id}/edit", data={
        **claim_form(amount="-1"), "version": claim.version})
    assert bad.status_code == 400
    db.session.expire_all()
    assert claim.amount_minor == 125050  # what was saved stays saved

    response = client.post(f"/benefits/claims/{claim.id}/delete", data={"version": claim.version})
    assert response.status_code == 302
    db.session.expire_all()
    assert claim.status == ClaimStatus.DELETED
    assert client.get(f"/benefits/claims/{claim.id}").status_code == 404
    assert "Our adoption" not in client.get("/benefits/").get_data(as_text=True)


def test_a_draft_changed_elsewhere_meanwhile_keeps_no_file_of_the_edit_that_lost(app, people):
    draft = make_claim(people["employee"], submit=False)
    opened = draft.version
    before = set(Path(app.config["DOCUMENT_DIRECTORY"]).iterdir())
    # Another tab saves the draft between this edit's checks and its commit.
    with db.engine.begin() as elsewhere:
        elsewhere.execute(update(BenefitClaim).where(BenefitClaim.id == draft.id)
                          .values(version=opened + 1))
    with pytest.raises(StaleClaim):
        claims.save_claim(people["employee"], claim_input(), [pdf_upload()], submit=False,
                          today=TODAY, claim=draft, version=opened)
    assert set(Path(app.config["DOCUMENT_DIRECTORY"]).iterdir()) == before
    assert db.session.scalars(select(Document)).all() == []


def test_a_claim_can_be_withdrawn_before_hr_decides_but_not_after(app, people):
    claim = make_claim(people["employee"], receipts=[pdf_upload()])
    client = signed_in(app, people["employee"])
    assert client.post(f"/benefits/claims/{claim.id}/withdraw",
                       data={"version": claim.version}).status_code == 302
    db.session.expire_all()
    assert claim.status == ClaimStatus.WITHDRAWN
    receipt = db.session.scalars(select(Document)).one()
    assert receipt.released_at is not None and receipt.purged_at is None  # kept for retention
    in_order = select(OutboxMessage).order_by(OutboxMessage.id)
    assert [m.subject for m in db.session.scalars(in_order)][-2:] == [
        "Erin Employee withdrew a benefit claim"] * 2

    other = make_claim(people["employee"])
    approve(people["hr"], other, "100.00", "1")
    response = client.post(f"/benefits/claims/{other.id}/withdraw",
                           data={"version": other.version})
    assert response.status_code == 409
    assert "no longer possible" in response.get_data(as_text=True)


def test_hr_asks_a_question_and_the_employee_answers_with_another_receipt(app, people):
    claim = make_claim(people["employee"])
    hr = signed_in(app, people["hr"])
    response = hr.post(f"/hr/claims/{claim.id}/request-information",
                       data={"version": claim.version, "question": "Is this the full invoice?"})
    assert response.status_code == 302
    db.session.expire_all()
    assert claim.status == ClaimStatus.INFORMATION_REQUESTED
    asked = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == people["employee"].email)).one()
    assert asked.subject == "HR has a question about your benefit claim"

    employee = signed_in(app, people["employee"])
    assert "Is this the full invoice?" in employee.get(
        f"/benefits/claims/{claim.id}").get_data(as_text=True)
    response = employee.post(f"/benefits/claims/{claim.id}/answer", data={
        "version": claim.version, "note": "Here is the second page.",
        "receipts": [(io.BytesIO(PDF), "page-2.pdf")]}, content_type="multipart/form-data")
    assert response.status_code == 302
    db.session.expire_all()
    assert claim.status == ClaimStatus.SUBMITTED
    assert [e.action for e in claim.history][-2:] == ["receipts_added", "answered"]


# -- HR ---------------------------------------------------------------------------------------


def test_hr_sees_the_rate_suggested_and_approves_part_of_the_claim_then_marks_it_paid(
    app, people
):
    load_sample_rates(people["hr"])
    claim = make_claim(people["employee"], amount="1000.00")
    hr = signed_in(app, people["hr"])
    page = hr.get(f"/hr/claims/{claim.id}").get_data(as_text=True)
    assert "1.055 USD for 1 EUR" in page and "Friday 27 November 2026" in page
    assert 'value="1055.00"' in page

    response = hr.post(f"/hr/claims/{claim.id}/approve",
                       data={"version": claim.version, "amount": "800.00", "rate": "1.055000"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (claim.status, claim.approved_minor, claim.approved_currency) == (
        ClaimStatus.APPROVED, 80000, "USD")
    assert (claim.rate_used, claim.rate_date, claim.rate_source) == (
        "1.055", date(2026, 11, 27), "ECB")

    response = hr.post(f"/hr/claims/{claim.id}/mark-paid",
                       data={"version": claim.version, "reference": "PAY-2026-0042"})
    assert response.status_code == 302
    db.session.expire_all()
    assert claim.status == ClaimStatus.PAID and claim.payment_reference == "PAY-2026-0042"
    assert [e.action for e in claim.history][-2:] == ["approved", "paid"]
    subjects = [m.subject for m in db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == people["employee"].email).order_by(OutboxMessage.id))]
    assert subjects == ["Your benefit claim is approved", "Your benefit claim has been paid"]

    mine = signed_in(app, people["employee"]).get("/benefits/").get_data(as_text=True)
    assert "USD\u00a09,200.00 left" in mine


def test_hr_can_type_its_own_rate_on_the_claim_and_the_approval_records_it(app, people):
    claim = make_claim(people["employee"], amount="500.00")
    hr = signed_in(app, people["hr"])
    assert "No exchange rates for EUR" in hr.get(f"/hr/claims/{claim.id}").get_data(as_text=True)
    response = hr.post(f"/hr/claims/{claim.id}/approve",
                       data={"version": claim.version, "amount": "540.00", "rate": "1.08"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (claim.rate_used, claim.rate_source) == ("1.08", "typed")


def test_a_rate_too_long_or_too_far_out_to_keep_gets_a_message_not_an_error(app, people):
    claim = make_claim(people["employee"], amount="500.00")
    hr = signed_in(app, people["hr"])
    for rate, message in [("1." + "0" * 60 + "1", "significant figures"),
                          ("1E-50", "far outside any real exchange rate")]:
        response = hr.post(f"/hr/claims/{claim.id}/approve",
                           data={"version": claim.version, "amount": "5.00", "rate": rate})
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    for content in (b"Date, USD,\n27 November 2026, 1." + b"0" * 60 + b"1,\n",
                    b"Date, USD,\n27 November 2026, 1e-50,\n"):
        response = hr.post("/hr/claims/rates", data={
            "rates_file": (io.BytesIO(content), "eurofxref.csv")},
            content_type="multipart/form-data")
        assert response.status_code == 400 and "The rate for USD" in response.get_data(
            as_text=True)
    db.session.expire_all()
    assert claim.status == ClaimStatus.SUBMITTED
    assert db.session.scalars(select(ExchangeRate)).all() == []


def test_hr_cannot_approve_more_than_the_claim_or_the_cap_and_is_told_why(app, people):
    big = make_claim(people["employee"], amount="9000.00", currency="USD")
    approve(people["hr"], big, "9000.00")
    second = make_claim(people["employee"], amount="2000.00", currency="USD")
    hr = signed_in(app, people["hr"])
    too_much = hr.post(f"/hr/claims/{second.id}/approve",
                       data={"version": second.version, "amount": "2500.00"})
    assert too_much.status_code == 400
    assert "more than the claim" in too_much.get_data(as_text=True)
    long_note = hr.post(f"/hr/claims/{second.id}/approve", data={
        "version": second.version, "amount": "1000.00", "note": "n" * 2001})
    assert long_note.status_code == 400
    assert "Please keep this under 2000 characters." in long_note.get_data(as_text=True)
    over_cap = hr.post(f"/hr/claims/{second.id}/approve",
                       data={"version": second.version, "amount": "1500.00"})
    assert over_cap.status_code == 400
    assert "more than is left of the cap" in over_cap.get_data(as_text=True)
    assert hr.post(f"/hr/claims/{second.id}/approve",
                   data={"version": second.version, "amount": "1000.00"}).status_code == 302
    # Another adoption has a cap of its own.
    third = make_claim(people["employee"], amount="3000.00", currency="USD",
                       journey_label="Our second adoption")
    assert hr.post(f"/hr/claims/{third.id}/approve",
                   data={"version": third.version, "amount": "3000.00"}).status_code == 302


def test_a_rejection_carries_a_reason_the_employee_reads(app, people):
    claim = make_claim(people["employee"])
    hr = signed_in(app, people["hr"])
    empty = hr.post(f"/hr/claims/{claim.id}/reject", data={"version": claim.version})
    assert empty.status_code == 400 and "Please give a reason" in empty.get_data(as_text=True)
    assert hr.post(f"/hr/claims/{claim.id}/reject", data={
        "version": claim.version, "reason": "Travel is covered from placement only."}
    ).status_code == 302
    page = signed_in(app, people["employee"]).get(f"/benefits/claims/{claim.id}")
    assert "Travel is covered from placement only." in page.get_data(as_text=True)


def test_nobody_decides_their_own_claim(app, people):
    claim = make_claim(people["hr"])
    hr = signed_in(app, people["hr"])
    page = hr.get(f"/hr/claims/{claim.id}").get_data(as_text=True)
    assert ">Approve</button>" not in page and "your own claim" in page
    response = hr.post(f"/hr/claims/{claim.id}/approve",
                       data={"version": claim.version, "amount": "1.00", "rate": "1"})
    assert response.status_code == 409
    db.session.expire_all()
    assert claim.status == ClaimStatus.SUBMITTED


def test_the_queue_filters_by_programme_status_and_location(app, people):
    make_claim(people["employee"], description="first")
    elsewhere = make_employee(name="Sam Elsewhere", location=make_location(name="Tokyo office",
                              country="JP", subdivision=None, timezone="Asia/Tokyo"))
    make_claim(elsewhere, programme_id="surrogacy_assistance", expense_kind="surrogate_medical",
               currency="JPY", amount="300000")
    hr = signed_in(app, people["hr"])
    everyone = hr.get("/hr/claims/").get_data(as_text=True)
    assert "Erin Employee" in everyone and "Sam Elsewhere" in everyone
    assert "JPY\u00a0300,000" in everyone
    surrogacy = hr.get("/hr/claims/?programme=surrogacy_assistance").get_data(as_text=True)
    assert "Sam Elsewhere" in surrogacy and "Erin Employee" not in surrogacy
    tokyo = elsewhere.location_id
    assert "Erin Employee" not in hr.get(f"/hr/claims/?location={tokyo}").get_data(as_text=True)
    assert "No claims match" in hr.get("/hr/claims/?status=paid").get_data(as_text=True)
    assert '<option selected value="waiting">Not decided yet</option>' in everyone
    assert hr.get("/hr/claims/?status=nonsense&location=x&page=abc").status_code == 200


# -- Rates and the export ---------------------------------------------------------------------


def test_hr_loads_the_ecb_file_and_a_bad_file_gets_a_clear_message(app, people):
    hr = signed_in(app, people["hr"])
    response = hr.post("/hr/claims/rates", data={
        "rates_file": (io.BytesIO(ECB_SAMPLE.read_bytes()), "eurofxref.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 302
    assert len(db.session.scalars(select(ExchangeRate)).all()) == 30
    for content, message in [(b"", "empty"), (b"\x89PNG\r\n\x1a\n\x00\xff\xfe", "not a text"),
                             (b"hello,world\n1,2\n", "does not look like the ECB")]:
        bad = hr.post("/hr/claims/rates", data={"rates_file": (io.BytesIO(content), "x.csv")},
                      content_type="multipart/form-data")
        assert bad.status_code == 400
        assert message in bad.get_data(as_text=True)


def test_hr_types_a_rate_and_a_bad_rate_is_refused(app, people):
    hr = signed_in(app, people["hr"])
    ok = hr.post("/hr/claims/rates/typed",
                 data={"currency": "GBP", "rate": "0.85", "day": TODAY.isoformat()})
    assert ok.status_code == 302
    row = db.session.scalars(select(ExchangeRate)).one()
    assert (row.currency, row.per_euro, row.source) == ("GBP", "0.85", "typed")
    bad = hr.post("/hr/claims/rates/typed",
                  data={"currency": "GBP", "rate": "-2", "day": TODAY.isoformat()})
    assert bad.status_code == 400 and "positive number" in bad.get_data(as_text=True)


def test_the_export_lists_approved_and_paid_claims_safely_for_spreadsheets(app, people):
    formula = make_claim(people["employee"], amount="100.00", currency="USD",
                         journey_label="=HYPERLINK(\"http://evil\")")
    approve(people["hr"], formula, "100.00")
    make_claim(people["employee"], amount="50.00", currency="USD")  # still waiting: not listed
    response = signed_in(app, people["hr"]).get("/hr/claims/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Journey"].startswith("'=")
    assert (row["Approved amount"], row["Approved currency"], row["Status"]) == (
        "100.00", "USD", "Approved")


def test_the_history_is_append_only(app, people):
    claim = make_claim(people["employee"])
    event = db.session.scalars(select(ClaimEvent)).first()
    event.note = "changed"
    with pytest.raises(ValueError, match="append-only"):
        db.session.commit()
    db.session.rollback()
    assert claim.id
