"""Bringing an organisation in, in a real browser: an import with a bad row, then the fixed file,
an invitation followed to a first sign-in, and a leaver signed out of a live session."""

from __future__ import annotations

import re

from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Employee, OutboxMessage
from tests.browser.conftest import sign_in_as
from tests.builders import PASSWORD, make_employee, make_location

HEADER = "email,name,manager_email,location,hire_date,hr\n"
ROWS = (
    "nia.new@example.test,Nia New,mo.lead@example.test,{place},2026-02-02,no\n"
    "mo.lead@example.test,Mo Lead,,London,2019-05-06,no\n"
)
CHOSEN = "a long and unusual sentence about otters"


def check(page, live_url: str, tmp_path, text: str) -> None:
    upload = tmp_path / "people.csv"
    upload.write_text(text, encoding="utf-8")
    page.goto(f"{live_url}/hr/people")
    page.get_by_role("link", name="Import people").click()
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Check file").click()


def people_count() -> int:
    db.session.rollback()  # read what the live server committed
    return db.session.scalar(select(func.count()).select_from(Employee))


def test_hr_imports_a_file_fixes_a_bad_row_and_a_new_person_signs_in(app, live_url, page,
                                                                     browser, tmp_path):
    london = make_location(name="London")
    make_employee(name="Harper HR", email="harper@example.test", is_hr=True, location=london)
    sign_in_as(page, live_url, "harper@example.test", PASSWORD)
    before = people_count()

    check(page, live_url, tmp_path, HEADER + ROWS.format(place="Lisbon"))
    expect(page.get_by_text(re.compile(r"Row 2.*Lisbon"))).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=True)).to_have_count(0)
    assert people_count() == before

    check(page, live_url, tmp_path, HEADER + ROWS.format(place="London"))
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_role("link", name="Nia New")).to_be_visible()
    assert people_count() == before + 2

    db.session.rollback()
    invitation = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "nia.new@example.test")
    )
    link = re.search(r"https?://\S+/password/\S+", invitation.body).group(0)
    newcomer = browser.new_context().new_page()
    newcomer.goto(live_url + link[link.index("/password/"):])
    newcomer.get_by_label("New password").fill(CHOSEN)
    newcomer.get_by_label("Confirm password").fill(CHOSEN)
    newcomer.get_by_role("button", name="Set password").click()
    expect(newcomer.get_by_test_id("signed-in-as")).to_contain_text("Nia New")
    newcomer.context.close()


def test_hr_deactivates_someone_signed_in_elsewhere_and_their_next_page_is_sign_in(
    app, live_url, page, browser
):
    london = make_location(name="London")
    make_employee(name="Harper HR", email="harper@example.test", is_hr=True, location=london)
    leaver = make_employee(name="Lou Leaving", email="lou@example.test", location=london)
    elsewhere = browser.new_context().new_page()
    sign_in_as(elsewhere, live_url, "lou@example.test", PASSWORD)
    expect(elsewhere.get_by_test_id("signed-in-as")).to_contain_text("Lou Leaving")

    sign_in_as(page, live_url, "harper@example.test", PASSWORD)
    page.goto(f"{live_url}/hr/people/{leaver.id}")
    page.get_by_role("link", name="Deactivate").click()
    page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_test_id("person-status")).to_have_text("Has left")

    elsewhere.reload()
    expect(elsewhere).to_have_url(re.compile(r"/login"))
    expect(elsewhere.get_by_role("button", name="Sign in")).to_be_visible()
    elsewhere.context.close()
