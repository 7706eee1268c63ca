"""The three demo accounts sign in in a real browser and see their navigation."""

import pytest

from portal.services.demo import DEMO_PASSWORD, seed_demo_organisation
from tests.browser.conftest import sign_in_as


@pytest.mark.parametrize("email,links,role", [
    ("employee@example.com", ["My leave", "Benefits"], "Employee"),
    ("manager@example.com", ["My leave", "Benefits", "Team"], "Manager"),
    ("hr@example.com", ["My leave", "Benefits", "HR"], "HR"),
])
def test_each_demo_account_signs_in_and_sees_its_navigation(
    app, live_url, page, email, links, role
):
    seed_demo_organisation()
    sign_in_as(page, live_url, email, DEMO_PASSWORD)
    page.wait_for_url(f"{live_url}/leave/")
    nav = page.get_by_role("navigation", name="Main navigation")
    assert nav.locator(".nav-link").all_inner_texts() == links
    assert role in page.get_by_test_id("signed-in-as").inner_text()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_url}/login")
    assert "You have signed out." in page.content()


def test_a_wrong_password_keeps_the_email_in_the_browser(app, live_url, page):
    seed_demo_organisation()
    sign_in_as(page, live_url, "employee@example.com", "not the password")
    assert page.get_by_label("Email").input_value() == "employee@example.com"
    assert "don't match an account" in page.content()
