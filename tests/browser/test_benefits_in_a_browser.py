"""The demo employee claims adoption assistance in euros with a PDF receipt; HR approves part
of it in dollars at the suggested rate and marks it paid; the employee sees what is left of the
cap; the manager's pages show nothing of it."""

from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import BenefitClaim, Employee, OutboxMessage
from portal.services.demo import DEMO_PASSWORD, seed_demo_organisation
from tests.benefit_builders import PDF
from tests.browser.conftest import sign_in_as

DESCRIPTION = "Agency fee for our adoption, first instalment"


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_claim_goes_from_the_employee_to_hr_and_back_and_the_manager_sees_nothing(
    app, live_url, page
):
    seed_demo_organisation()
    sign_in_as(page, live_url, "employee@example.com", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Benefits").click()
    expect(page.get_by_text("Adoption assistance").first).to_be_visible()
    page.get_by_role("link", name="New claim").click()
    page.get_by_label("Programme").select_option(label="Adoption assistance")
    page.get_by_label("Journey").fill("Our adoption")
    page.get_by_label("What the expense was for").select_option(label="Agency fees")
    page.get_by_label("Amount", exact=True).fill("1,000.00")
    page.get_by_label("Currency").select_option("EUR")
    page.get_by_label("Date of expense").fill((date.today() - timedelta(days=7)).isoformat())
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Receipts").set_input_files(
        files=[{"name": "agency-invoice.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Submit claim").click()
    expect(page.get_by_test_id("status")).to_have_text("Waiting for HR")
    expect(page.get_by_role("link", name="agency-invoice.pdf")).to_be_visible()
    expect(page.get_by_test_id("claimed-amount")).to_have_text("EUR\u00a01,000.00")
    claim_url = page.url
    sign_out(page)

    sign_in_as(page, live_url, "hr@example.com", DEMO_PASSWORD)
    page.goto(f"{live_url}/hr/claims/")
    page.get_by_role("row").filter(has_text="Alex Rivera").get_by_role("link").click()
    expect(page.get_by_test_id("suggestion")).to_contain_text("1.055 USD for 1 EUR")
    expect(page.get_by_label("Approved amount")).to_have_value("1055.00")
    page.get_by_label("Approved amount").fill("800.00")
    page.get_by_role("button", name="Approve").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, approve").click()
    expect(page.get_by_test_id("status")).to_have_text("Approved")
    expect(page.get_by_test_id("approved-amount")).to_contain_text("USD\u00a0800.00")
    page.get_by_label("Payment reference").fill("PAY-2026-0042")
    page.get_by_role("button", name="Mark as paid").click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, mark as paid").click()
    expect(page.get_by_test_id("status")).to_have_text("Paid")
    sign_out(page)

    sign_in_as(page, live_url, "employee@example.com", DEMO_PASSWORD)
    page.goto(f"{live_url}/benefits/")
    expect(page.get_by_test_id("left").filter(has_text="Our adoption")).to_contain_text(
        "USD\u00a09,200.00 left")
    expect(page.get_by_role("table").filter(has_text="Our adoption")).to_contain_text("Paid")
    sign_out(page)

    sign_in_as(page, live_url, "manager@example.com", DEMO_PASSWORD)
    for path in ("/leave/", "/team/", "/benefits/", claim_url.removeprefix(live_url)):
        page.goto(f"{live_url}{path}")
        text = page.content()
        assert "Our adoption" not in text and DESCRIPTION not in text
        assert "agency-invoice" not in text and "800.00" not in text
    expect(page.get_by_role("heading", level=1)).to_contain_text("not")  # the claim: a 404

    db.session.expire_all()
    claim = db.session.scalars(select(BenefitClaim).where(
        BenefitClaim.description == DESCRIPTION)).one()
    assert (claim.approved_minor, claim.rate_source) == (80000, "ECB")
    manager = db.session.scalars(select(Employee).where(
        Employee.email == "manager@example.com")).one()
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == manager.email)).all() == []
