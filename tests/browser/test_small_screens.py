"""Any screen: the demo organisation on a phone 390 px wide, and on paper.

No page scrolls sideways as a whole for the employee, the manager or HR (a wide table scrolls
inside its own box); the team and organisation calendars become a list of who is away, day by
day; the request form shows the leave before "Submit request"; the plan prints without the
navigation. With SAVE_SCREENSHOTS=1 the phone screenshots in the README are taken again
(portal/static/screenshots/).
"""

from __future__ import annotations

import os
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from portal.services.demo import (
    DEMO_PASSWORD,
    EMPLOYEE_EMAIL,
    HR_EMAIL,
    MANAGER_EMAIL,
    seed_demo_organisation,
)
from tests.browser.conftest import sign_in_as

PHONE = {"width": 390, "height": 844}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "portal" / "static" / "screenshots"
SKIPPED = ("/logout", "/feeds/", "/static/", "/bootstrap/", "/scim/", "/api/", "/login")
DOWNLOADS = (".csv", ".ics", "/export", "/documents/", "/receipts/")
MAX_PAGES = 60  # for each person: the pages of the navigation and the links they give
ROLES = {"employee": EMPLOYEE_EMAIL, "manager": MANAGER_EMAIL, "hr": HR_EMAIL}
# The element that widens the page, when one does: for the failure message.
WIDEST = """() => {
  const limit = document.scrollingElement.clientWidth;
  const wide = [...document.querySelectorAll("body *")].filter(element => {
    const box = element.getBoundingClientRect();
    return box.right > limit + 1 && !element.closest(".table-responsive, .cal-scroll");
  });
  return wide.slice(0, 3).map(element =>
    `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} ` +
    `(${Math.round(element.getBoundingClientRect().right)} px): ` +
    element.textContent.trim().slice(0, 40));
}"""
SIDEWAYS = ("() => document.scrollingElement.scrollWidth > "
            "document.scrollingElement.clientWidth")


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def links_of(page, live_url: str) -> list[str]:
    found = []
    for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != live_url or parts.path.startswith(SKIPPED):
            continue
        if any(mark in parts.path for mark in DOWNLOADS):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


@pytest.mark.once
def test_no_page_scrolls_sideways_on_a_phone_for_any_demo_person(app, live_url, browser):
    seed_demo_organisation()
    wide: list[str] = []
    seen_by = {}
    for role, email in ROLES.items():
        context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in_as(page, live_url, email, DEMO_PASSWORD)
        start = ["/leave/", "/leave/plan", "/leave/requests/new", "/settings", "/benefits/"]
        start += links_of(page, live_url)
        queue, seen = list(dict.fromkeys(start)), set()
        while queue and len(seen) < MAX_PAGES:
            path = queue.pop(0)
            if path in seen:
                continue
            seen.add(path)
            response = page.goto(f"{live_url}{path}")
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                continue
            if page.evaluate(SIDEWAYS):
                wide.append(f"{role} {path}: {page.evaluate(WIDEST)}")
            if path in start:
                queue += [link for link in links_of(page, live_url) if link not in seen]
        seen_by[role] = len(seen)
        context.close()
    assert all(count >= 5 for count in seen_by.values()), seen_by
    assert not wide, "Pages wider than a 390 px phone:\n" + "\n".join(wide)


def test_the_team_calendar_is_a_list_of_who_is_away_on_a_phone(app, live_url, phone):
    seed_demo_organisation()
    sign_in_as(phone, live_url, MANAGER_EMAIL, DEMO_PASSWORD)
    phone.goto(f"{live_url}/team/?everyone=1")
    days = phone.get_by_test_id("calendar-days")
    expect(days).to_be_visible()
    expect(phone.locator(".cal-scroll")).to_be_hidden()
    entries = days.locator("ul > li")
    assert entries.count() > 0
    for text in entries.all_inner_texts():
        name, label = text.split(": ", 1)
        assert name.strip()
        assert label.split(", to ")[0] in ("Parental leave", "Out of office"), text
    assert not phone.evaluate(SIDEWAYS)
    save_screenshot(phone, "team-calendar-phone.png")

    # On a wide screen the grid for the eye; the list stays, for screen readers only.
    phone.set_viewport_size({"width": 1280, "height": 900})
    expect(phone.locator(".cal-scroll")).to_be_visible()
    box = days.bounding_box()
    assert box["width"] <= 1 and box["height"] <= 1
    assert days.locator("ul > li").count() == entries.count()


def test_the_organisation_calendar_is_a_list_on_a_phone(app, live_url, phone):
    seed_demo_organisation()
    sign_in_as(phone, live_url, HR_EMAIL, DEMO_PASSWORD)
    phone.goto(f"{live_url}/hr/calendar")
    expect(phone.get_by_test_id("calendar-days")).to_be_visible()
    expect(phone.locator(".cal-scroll")).to_be_hidden()
    assert not phone.evaluate(SIDEWAYS)


def test_the_request_form_shows_the_leave_before_submit_request_on_a_phone(
    app, live_url, phone
):
    seed_demo_organisation()
    sign_in_as(phone, live_url, EMPLOYEE_EMAIL, DEMO_PASSWORD)
    phone.goto(f"{live_url}/leave/requests/new")
    due = date.today() + timedelta(days=400)
    phone.get_by_label("Role").select_option("birthing")
    phone.get_by_label("Event date").fill(due.isoformat())
    phone.get_by_label("Event date").dispatch_event("change")
    preview = phone.locator("#request-preview")
    expect(preview.get_by_test_id("plan-dates")).to_be_visible()
    submit = phone.get_by_role("button", name="Submit request")
    assert preview.bounding_box()["y"] < submit.bounding_box()["y"]
    assert not phone.evaluate(SIDEWAYS)
    # The events offered go with the role: a birthing parent adopts no child here.
    options = phone.locator("#event option").all_inner_texts()
    assert options == ["Birth", "Pregnancy loss"]
    phone.get_by_label("Role").select_option("adoptive")
    assert phone.locator("#event option").all_inner_texts() == ["Adoption"]
    phone.get_by_label("Role").select_option("birthing")
    phone.get_by_label("Event", exact=True).select_option("birth")
    phone.get_by_label("Event date").fill(due.isoformat())
    phone.get_by_label("Event date").dispatch_event("change")
    expect(preview.get_by_test_id("plan-dates")).to_be_visible()
    phone.locator("body").click(position={"x": 5, "y": 5})  # no focus ring in the picture
    # The end of the questions, the leave they make, and the buttons under it.
    top = phone.get_by_label("Note to HR").bounding_box()["y"] - 40
    bottom = submit.bounding_box()["y"] + submit.bounding_box()["height"] + 16
    save_screenshot(phone, "request-form-phone.png",
                    clip={"x": 0, "y": top, "width": PHONE["width"], "height": bottom - top})


def test_the_plan_prints_with_its_dates_and_timeline_and_no_navigation(app, live_url, page):
    seed_demo_organisation()
    sign_in_as(page, live_url, EMPLOYEE_EMAIL, DEMO_PASSWORD)
    due = date.today() + timedelta(days=120)
    page.goto(f"{live_url}/leave/plan?role=birthing&event=birth&event_date={due.isoformat()}")
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_hidden()
    expect(page.locator("#plan-form")).to_be_hidden()
    expect(page.get_by_test_id("estimate-dates")).to_be_visible()
    expect(page.locator("#estimate svg").first).to_be_visible()
    assert page.locator("#estimate").bounding_box()["width"] > 900  # the plan across the page
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


# -- Screenshots for the README ---------------------------------------------------------------


def save_screenshot(page, name: str, clip: dict | None = None) -> None:
    if os.environ.get("SAVE_SCREENSHOTS") != "1":
        return
    png = page.screenshot(full_page=clip is not None, animations="disabled",
                          clip=clip or {"x": 0, "y": 0, **PHONE})
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / name).write_bytes(smaller_png(png))


def smaller_png(png: bytes) -> bytes:
    """The same picture with its pixel data compressed harder (Chromium writes PNGs fast)."""
    chunks, position = [], 8
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        chunks.append((kind, png[position + 8:position + 8 + length]))
        position += 12 + length
    pixels = zlib.decompress(b"".join(data for kind, data in chunks if kind == b"IDAT"))
    out, wrote_pixels = [png[:8]], False
    for kind, data in chunks:
        if kind == b"IDAT":
            if wrote_pixels:
                continue
            kind, data, wrote_pixels = b"IDAT", zlib.compress(pixels, 9), True
        elif kind not in (b"IHDR", b"PLTE", b"IEND", b"tRNS"):
            continue
        out.append(struct.pack(">I", len(data)) + kind + data
                   + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    return b"".join(out)
