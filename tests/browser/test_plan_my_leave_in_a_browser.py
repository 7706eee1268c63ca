"""The estimator in a real browser: fill it in, read the return date, change an answer."""

from playwright.sync_api import expect

from portal.services.demo import DEMO_PASSWORD, seed_demo_organisation
from tests.browser.conftest import sign_in_as


def test_an_employee_plans_their_leave_and_reads_the_return_date(app, live_url, page):
    seed_demo_organisation()
    sign_in_as(page, live_url, "employee@example.com", DEMO_PASSWORD)
    page.get_by_role("link", name="Plan my leave").click()

    page.get_by_label("Role").select_option(label="Birthing parent")
    page.get_by_label("Event", exact=True).select_option(label="Birth")
    page.get_by_label("Event date").fill("2026-03-02")
    page.get_by_label("Work location").select_option(label="New York (US-NY)")
    page.get_by_role("button", name="Show my leave").click()

    expect(page.get_by_test_id("return-date")).to_have_text("Monday 31 August 2026")
    expect(page.get_by_test_id("timeline-legend")).to_contain_text("Phased return")


def test_changing_an_answer_updates_the_result_and_keeps_the_others(app, live_url, page):
    seed_demo_organisation()
    sign_in_as(page, live_url, "employee@example.com", DEMO_PASSWORD)
    page.goto(f"{live_url}/leave/plan")
    gestation = page.get_by_label("Completed weeks of pregnancy")
    expect(gestation).to_be_hidden()

    page.get_by_label("Event date").fill("2026-03-02")
    page.get_by_label("Event date").blur()
    expect(page.get_by_test_id("explanation")).to_contain_text("26 weeks parental leave")

    page.get_by_label("Role").select_option(label="Non-birthing parent")
    expect(page.get_by_test_id("explanation")).to_contain_text("20 weeks parental leave")
    expect(page.get_by_label("Event date")).to_have_value("2026-03-02")

    page.get_by_label("Event", exact=True).select_option(label="Pregnancy loss")
    expect(gestation).to_be_visible()
    expect(page.get_by_label("Days in neonatal care")).to_be_hidden()
    expect(page.get_by_test_id("answers-needed")).to_contain_text("Completed weeks of pregnancy")
    gestation.fill("10")
    gestation.blur()
    expect(page.get_by_test_id("explanation")).to_contain_text("4 weeks pregnancy loss leave")
    expect(page.get_by_label("Role")).to_have_value("non_birthing")
