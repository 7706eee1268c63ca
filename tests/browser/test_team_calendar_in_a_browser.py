"""The demo manager finds the demo employee's approved leave on the team calendar."""

from datetime import date, timedelta

from playwright.sync_api import expect
from sqlalchemy import select

from portal.extensions import db
from portal.models import Employee
from portal.services import requests
from portal.services.demo import DEMO_PASSWORD, seed_demo_organisation
from tests.browser.conftest import sign_in_as


def by_email(email: str) -> Employee:
    return db.session.scalars(select(Employee).where(Employee.email == email)).one()


def test_the_manager_sees_the_employees_approved_leave_in_the_right_month(app, live_url, page):
    seed_demo_organisation()
    employee, hr = by_email("employee@example.com"), by_email("hr@example.com")
    first_day = (date.today().replace(day=1) + timedelta(days=62)).replace(day=10)
    request = requests.file_request(
        employee,
        requests.RequestInput(role="non_birthing", event="birth", event_date=first_day),
        "browser-calendar", submit=True,
    )
    requests.act(hr, request, request.version, "approve")

    sign_in_as(page, live_url, "manager@example.com", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Team").click()
    for _ in range(2):
        page.get_by_role("link", name="Next month").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Team")
    row = page.get_by_role("row").filter(has_text="Alex Rivera")
    leave_day = row.locator("td[title*='Parental leave, approved']").first
    expect(leave_day).to_be_visible()
    assert f"{first_day:%B}" in page.locator("caption").first.inner_text()
