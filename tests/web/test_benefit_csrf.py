"""With CSRF checking on: the claim forms carry a token, and a claim sent without one is
refused with nothing saved."""

import io
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.app import create_app
from portal.extensions import db
from portal.models import BenefitClaim, Document
from portal.services.benefits import decisions
from tests.benefit_builders import PDF, make_claim
from tests.builders import PASSWORD, make_employee
from tests.fixtures import FreshContextClient, config_for

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"|name="csrf_token" type="hidden" '
                   r'value="([^"]+)"')


@pytest.fixture
def csrf_client(app, database_url_for_tests):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True,
                                    DOCUMENT_DIRECTORY=app.config["DOCUMENT_DIRECTORY"]))
    checked.test_client_class = FreshContextClient
    return checked.test_client()


def token_in(page: str) -> str:
    found = TOKEN.search(page)
    return found.group(1) or found.group(2)


def test_a_claim_needs_the_forms_token(app, csrf_client):
    person = make_employee()
    login = csrf_client.get("/login").get_data(as_text=True)
    csrf_client.post("/login", data={"email": person.email, "password": PASSWORD,
                                     "csrf_token": token_in(login)})
    page = csrf_client.get("/benefits/claims/new").get_data(as_text=True)
    claim = {"programme_id": "adoption_assistance", "journey_label": "Our adoption",
             "expense_kind": "travel", "amount": "10", "currency": "GBP",
             "expense_date": (date.today() - timedelta(days=1)).isoformat(),
             "submit_claim": "1"}
    assert csrf_client.post("/benefits/claims/new", data=claim).status_code == 400
    assert db.session.scalars(select(BenefitClaim)).all() == []
    response = csrf_client.post("/benefits/claims/new",
                                data={**claim, "csrf_token": token_in(page)})
    assert response.status_code == 302
    assert db.session.scalars(select(BenefitClaim)).one().amount_minor == 1000


def test_a_claim_with_receipts_over_a_megabyte_is_taken_with_the_token_checked(
        app, csrf_client):
    person = make_employee()
    login = csrf_client.get("/login").get_data(as_text=True)
    csrf_client.post("/login", data={"email": person.email, "password": PASSWORD,
                                     "csrf_token": token_in(login)})
    token = token_in(csrf_client.get("/benefits/claims/new").get_data(as_text=True))
    claim = {"programme_id": "adoption_assistance", "journey_label": "Our adoption",
             "expense_kind": "travel", "amount": "10", "currency": "GBP",
             "expense_date": (date.today() - timedelta(days=1)).isoformat(),
             "submit_claim": "1"}
    scan = PDF + b"\0" * (3 * 1024 * 1024)
    refused = csrf_client.post("/benefits/claims/new", content_type="multipart/form-data",
                               data={**claim, "receipts": [(io.BytesIO(scan), "scan.pdf")]})
    assert refused.status_code == 400
    response = csrf_client.post(
        "/benefits/claims/new", content_type="multipart/form-data",
        data={**claim, "csrf_token": token,
              "receipts": [(io.BytesIO(scan), f"scan-{n}.pdf") for n in range(2)]})
    assert response.status_code == 302
    saved = db.session.scalars(select(BenefitClaim)).one()
    assert len(db.session.scalars(select(Document).where(Document.claim_id == saved.id)).all()) \
        == 2
    too_much = csrf_client.post(
        "/benefits/claims/new", content_type="multipart/form-data",
        data={**claim, "csrf_token": token,
              "receipts": [(io.BytesIO(PDF + b"\0" * (11 * 1024 * 1024)), f"scan-{n}.pdf")
                           for n in range(5)]})
    assert too_much.status_code == 413
    page = too_much.get_data(as_text=True)
    assert "up to 5 files of 10 MB each" in page and ">Submit claim</button>" in page
    assert len(db.session.scalars(select(BenefitClaim)).all()) == 1


def test_an_answer_to_hr_with_a_receipt_over_a_megabyte_is_taken(app, csrf_client):
    person = make_employee()
    hr = make_employee(name="Harper HR", is_hr=True)
    claim = make_claim(person, currency="GBP")
    decisions.request_information(hr, claim, claim.version, "The hotel invoice, please?")
    login = csrf_client.get("/login").get_data(as_text=True)
    csrf_client.post("/login", data={"email": person.email, "password": PASSWORD,
                                     "csrf_token": token_in(login)})
    page = csrf_client.get(f"/benefits/claims/{claim.id}").get_data(as_text=True)
    response = csrf_client.post(
        f"/benefits/claims/{claim.id}/answer", content_type="multipart/form-data",
        data={"csrf_token": token_in(page), "version": claim.version, "note": "Here it is",
              "receipts": [(io.BytesIO(PDF + b"\0" * (2 * 1024 * 1024)), "hotel.pdf")]})
    assert response.status_code == 302
    db.session.expire_all()
    assert claim.status == "submitted"
    assert [d.original_name for d in db.session.scalars(select(Document))] == ["hotel.pdf"]
