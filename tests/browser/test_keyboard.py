"""Keyboard only: an employee files a leave request and HR approves it, with no mouse at all.

Every move is a key press (Tab, Shift+Tab, Enter, Space, arrow keys, typing). Locators are used
only to ask where the focus is and what the page says, never to click or fill.
"""

from __future__ import annotations

from datetime import date, timedelta

from playwright.sync_api import expect

from portal.services.demo import DEMO_PASSWORD, seed_demo_organisation

MAX_TABS = 120


def focused(locator) -> bool:
    return locator.count() == 1 and locator.evaluate("e => e === document.activeElement")


def tab_to(page, locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until `locator` has the focus, as a keyboard user would."""
    for _ in range(MAX_TABS):
        if focused(locator):
            return
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {locator}")


def choose(page, select, text: str) -> None:
    """Move through a select's options with the arrow keys until `text` is chosen."""
    tab_to(page, select)
    for _ in range(30):
        if select.evaluate("s => s.selectedOptions[0] && s.selectedOptions[0].text") == text:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never reached {text!r}")


def type_date(page, field, day: date) -> None:
    """A date field takes the date typed in its own order (month, day, year for en-US)."""
    tab_to(page, field)
    if field.get_attribute("type") == "date":
        page.keyboard.type(day.strftime("%m%d%Y"))
    else:
        page.keyboard.type(day.isoformat())
    expect(field).to_have_value(day.isoformat())


def sign_in(page, live_url: str, email: str) -> None:
    page.goto(f"{live_url}/login")
    tab_to(page, page.get_by_label("Email"))
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_attached()


def sign_out(page) -> None:
    tab_to(page, page.get_by_role("button", name="Sign out"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("Email")).to_be_visible()


def test_a_request_from_filing_to_approval_with_the_keyboard_alone(app, live_url, browser):
    seed_demo_organisation()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    due = date.today() + timedelta(days=60)

    # The employee: the skip link first, then "New request" on "My leave", the form, Submit.
    sign_in(page, live_url, "employee@example.com")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    tab_to(page, page.get_by_role("link", name="New request"))
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="New request")).to_be_visible()
    choose(page, page.get_by_label("Role"), "Birthing parent")
    choose(page, page.get_by_label("Event", exact=True), "Birth")
    type_date(page, page.get_by_label("Event date"), due)
    tab_to(page, page.get_by_role("button", name="Submit request"))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("status").first).to_have_text("Submitted")
    sign_out(page)

    # HR: the navigation's "HR", the request, Approve, and "Yes, approve" in the dialog; the
    # dialog opens on "Go back", and Escape would close it with nothing sent.
    sign_in(page, live_url, "hr@example.com")
    tab_to(page, page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="HR", exact=True))
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Alex Rivera").first)
    page.keyboard.press("Enter")
    approve = page.get_by_role("button", name="Approve", exact=True)
    tab_to(page, approve)
    # The focus is seen: a 3 px near-black ring (14.5:1 on the page), not Bootstrap's faint glow.
    assert approve.evaluate("e => { const s = getComputedStyle(e); return "
                            "[s.outlineStyle, s.outlineWidth, s.outlineColor]; }") == [
        "solid", "3px", "rgb(33, 37, 41)"]
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("button", name="Go back")).to_be_focused()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(approve).to_be_focused()
    page.keyboard.press("Space")
    expect(dialog.get_by_role("button", name="Go back")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(dialog.get_by_role("button", name="Yes, approve")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("status").first).to_have_text("Approved")
    context.close()
