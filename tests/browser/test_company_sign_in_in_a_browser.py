"""Signing in with the company account in Chromium, through a real OpenID provider."""

from __future__ import annotations

import threading

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from tests import fixtures, node_tools
from tests.builders import make_employee

node_tools.require_node()
app_with = fixtures.app_with
oidc_provider = node_tools.oidc_provider


@pytest.fixture
def company_live_url(app_with, oidc_provider):
    """A live portal that signs in through the provider; its own address is its base URL, so
    the callback the provider sends the browser to is this server."""
    company_app = app_with(**oidc_provider.settings("http://127.0.0.1"))
    server = make_server("127.0.0.1", 0, company_app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    company_app.config["PORTAL_BASE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield url
    server.shutdown()
    thread.join()


def sign_in_with_the_company_account(page, live_url: str, login: str) -> None:
    page.goto(f"{live_url}/login")
    page.get_by_role("link", name="Sign in with your company account").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("any password")
    page.get_by_role("button", name="Sign-in").click()


def test_an_hr_person_signs_in_with_the_company_account_and_sees_hrs_navigation(
    app, page, company_live_url
):
    make_employee(email="harriet.hr@example.test", name="Harriet", is_hr=True)
    sign_in_with_the_company_account(page, company_live_url, "harriet")
    expect(page.get_by_text("Welcome, Harriet.")).to_be_visible()
    assert page.url == f"{company_live_url}/leave/"
    navigation = page.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name="HR", exact=True)).to_be_visible()
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("Harriet")


def test_an_employee_sees_no_hr_navigation(app, page, company_live_url):
    make_employee(email="erin@example.test", name="Erin")
    sign_in_with_the_company_account(page, company_live_url, "erin")
    expect(page.get_by_text("Welcome, Erin.")).to_be_visible()
    navigation = page.get_by_role("navigation", name="Main navigation")
    expect(navigation.get_by_role("link", name="HR", exact=True)).to_have_count(0)


def test_an_unknown_email_is_refused_kindly(app, page, company_live_url):
    sign_in_with_the_company_account(page, company_live_url, "stranger")
    heading = page.get_by_role("heading", name="We couldn't find you in the leave portal")
    expect(heading).to_be_visible()
    expect(page.get_by_text("Please ask HR")).to_be_visible()
    expect(page.get_by_text("stranger@example.test")).to_be_visible()
