"""The whole flow in a real browser: file, approve, see it approved; a loss approved at once."""

from datetime import date, timedelta

from playwright.sync_api import expect

from portal.services.demo import DEMO_PASSWORD, seed_demo_organisation
from tests.browser.conftest import sign_in_as


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def file_a_birth_request(page, live_url: str, due: date) -> None:
    page.goto(f"{live_url}/leave/")
    page.get_by_role("link", name="New request").click()
    page.get_by_label("Role").select_option(label="Birthing parent")
    page.get_by_label("Event", exact=True).select_option(label="Birth")
    page.get_by_label("Event date").fill(due.isoformat())
    page.get_by_role("button", name="Submit request").click()


def test_an_employee_files_hr_approves_and_a_loss_is_approved_at_once(app, live_url, page):
    seed_demo_organisation()
    sign_in_as(page, live_url, "employee@example.com", DEMO_PASSWORD)
    file_a_birth_request(page, live_url, date.today() + timedelta(days=60))
    expect(page.get_by_test_id("status").first).to_have_text("Submitted")
    request_url = page.url
    sign_out(page)

    sign_in_as(page, live_url, "hr@example.com", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="HR").click()
    page.get_by_role("link", name="Alex Rivera").click()
    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_role("dialog").get_by_role("button", name="Yes, approve").click()
    expect(page.get_by_test_id("status").first).to_have_text("Approved")
    sign_out(page)

    sign_in_as(page, live_url, "employee@example.com", DEMO_PASSWORD)
    page.goto(request_url)
    expect(page.get_by_test_id("status").first).to_have_text("Approved")

    # A later child: one leave at a time, so well after the first leave ends.
    file_a_birth_request(page, live_url, date.today() + timedelta(days=450))
    expect(page.get_by_test_id("status").first).to_have_text("Submitted")
    loss = page.locator("details").filter(has_text="If you have lost your pregnancy")
    loss.locator("summary").click()
    loss.get_by_label("Date", exact=True).fill((date.today() - timedelta(days=1)).isoformat())
    loss.get_by_label("Completed weeks of pregnancy").fill("10")
    loss.get_by_role("button", name="Update my leave").click()
    expect(page.get_by_test_id("status").first).to_have_text("Approved")
