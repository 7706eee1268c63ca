"""Accessibility: axe-core finds no violation, of any impact, on any page of the three demo
accounts (and the pages before signing in), in English and in German.

axe-core comes from the npm package in tests/node (installed by tests/node_tools.py) and is
injected into each page; the browser context bypasses the portal's CSP for that script only.
The pages are every GET route of the app, built from app.url_map with ids the viewer may open
(one request and one claim in each status, a few people), and the links those pages give, one
of each kind (a path with its numbers taken out, and the names of its query). Forms are also
checked showing their errors.
"""

from __future__ import annotations

import html
import re
import threading
from collections import defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.extensions import db, limiter
from portal.models import BenefitClaim, Employee, LeaveRequest, Location
from portal.services.demo import (
    DEMO_PASSWORD,
    EMPLOYEE_EMAIL,
    HR_EMAIL,
    MANAGER_EMAIL,
    seed_demo_organisation,
)
from tests import node_tools
from tests.browser.conftest import sign_in_as
from tests.fixtures import empty_all_tables

node_tools.require_node()

AXE = Path(node_tools.NODE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ROLES = {"employee": EMPLOYEE_EMAIL, "manager": MANAGER_EMAIL, "hr": HR_EMAIL}
LANGUAGES = ("en", "de")
SKIPPED_ENDPOINTS = {"static", "bootstrap.static", "company_sign_in.start",
                     "company_sign_in.callback", "scim.endpoint", "health.healthz",
                     "passwords.choose_password"}
SKIPPED_PATHS = ("/static/", "/bootstrap/", "/logout", "/scim/", "/feeds/", "/documents/",
                 "/login/oidc")
# Every rule axe has for WCAG 2.0, 2.1 and 2.2 A and AA, and its best practices.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
    "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def demo_url(_session_app):  # noqa: F811
    """The demo organisation on a live server, for the whole module (seeding costs seconds)."""
    node_tools.install()
    with _session_app.app_context():
        seed_demo_organisation()
    server = make_server("127.0.0.1", 0, _session_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()
    with _session_app.app_context():
        empty_all_tables()
    limiter.reset()


def ids_for(role: str) -> dict[str, list[int]]:
    """Ids each URL argument is tried with: what the viewer may open, one of each kind."""
    person = db.session.scalar(select(Employee).where(Employee.email == ROLES[role]))
    requests = db.session.scalars(select(LeaveRequest).order_by(LeaveRequest.id)).all()
    claims = db.session.scalars(select(BenefitClaim).order_by(BenefitClaim.id)).all()
    if role != "hr":
        requests = [r for r in requests if r.employee_id == person.id]
        claims = [c for c in claims if c.employee_id == person.id]

    def one_each(rows, kind):
        chosen = {}
        for row in rows:
            chosen.setdefault(kind(row), row.id)
        return sorted(chosen.values())

    people = [person.id]
    if role == "hr":
        people += [p.id for p in db.session.scalars(select(Employee).where(
            Employee.email == EMPLOYEE_EMAIL))]
    location = db.session.scalar(select(Location.id).order_by(Location.id))
    return {
        "request_id": one_each(requests, lambda r: (r.status, r.change_pending)),
        "claim_id": one_each(claims, lambda c: c.status),
        "person_id": people,
        "location_id": [location],
    }


def shape(url: str) -> str:
    """A page's kind: its path without numbers, and the names of its query (another month of a
    calendar is the same kind of page)."""
    parts = urlsplit(url)
    names = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair} - {"month"})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(names)


def addresses(app, role: str) -> list[str]:
    adapter = app.url_map.bind("localhost")
    with app.app_context():
        ids = ids_for(role)
    found = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        names = sorted(rule.arguments - set(rule.defaults or {}))
        if len(names) > 1 or any(name not in ids for name in names):
            continue
        values = ids[names[0]] if names else [None]
        for value in values:
            found.append(adapter.build(rule.endpoint, {names[0]: value} if names else {},
                                       method="GET"))
    return found


def pages_for(context, base: str, start: list[str]) -> list[str]:
    """The HTML pages among `start` (those the viewer may open) and one page of each kind the
    links on them lead to."""
    pages, seen_shapes, linked = [], set(), []
    for url in start:
        response = context.request.get(base + url, max_redirects=0)
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        pages.append(url)
        seen_shapes.add(shape(url))
        for target in re.findall(r'href="([^"]+)"', response.text()):
            parts = urlsplit(urljoin(base + url, html.unescape(target)))
            if f"{parts.scheme}://{parts.netloc}" != base or parts.path.startswith(SKIPPED_PATHS):
                continue
            linked.append(urlunsplit(("", "", parts.path, parts.query, "")))
    for url in linked:
        if shape(url) in seen_shapes:
            continue
        seen_shapes.add(shape(url))
        response = context.request.get(base + url, max_redirects=0)
        if response.status == 200 and "text/html" in response.headers.get("content-type", ""):
            pages.append(url)
    return pages


def start_axe(page) -> None:
    """Start axe on the page without waiting: the two languages' pages are checked side by side."""
    page.evaluate("options => { window.axeResult = axe.run(document, options); }", AXE_OPTIONS)


def axe_violations(page, where: str) -> list[str]:
    result = page.evaluate("() => window.axeResult")
    return [f"{where}: {violation['id']} ({violation['impact']}) at "
            f"{' '.join(map(str, node['target']))}: "
            f"{node['failureSummary'].splitlines()[-1].strip()}"
            for violation in result["violations"] for node in violation["nodes"]]


def open_page(page, base: str, url: str, language: str, role: str) -> None:
    response = page.goto(base + url)
    assert response.ok, f"{url} as {role} in {language}: {response.status}"
    lang = page.evaluate("document.documentElement.lang")
    assert lang == language, f"{url} as {role} in {language}: <html lang={lang!r}>"


def send_empty(page, base: str, url: str, role: str) -> None:
    """The form at `url`, sent empty (the browser's own checks off): the page with its errors."""
    page.goto(base + url)
    page.evaluate("document.querySelectorAll('form').forEach(f => f.noValidate = true)")
    button = page.locator("main [type=submit][name^=submit]").first
    assert button.count(), f"{url} as {role}: no form to send ({page.url})"
    with page.expect_navigation():
        button.click()
    assert page.locator(".is-invalid, [role=alert]").count(), f"{url} as {role}: no errors shown"


# Forms whose errors are checked too, sent empty with their main button.
FORMS_WITH_ERRORS = {
    "employee": ["/leave/requests/new", "/benefits/claims/new"],
    "hr": ["/hr/people/new"],
}


@pytest.mark.once
def test_axe_finds_no_violation_on_any_page_for_any_role_in_english_and_german(
        _session_app, demo_url, browser):
    violations, checked = [], defaultdict(int)
    contexts, pages = {}, {}
    for language in LANGUAGES:
        contexts[language] = browser.new_context(
            bypass_csp=True, viewport={"width": 1280, "height": 900},
            extra_http_headers={"Accept-Language": language})
        contexts[language].add_init_script(path=str(AXE))
        pages[language] = contexts[language].new_page()
        pages[language].set_default_timeout(20_000)

    def check_everywhere(role: str, url: str, sent_empty: bool = False) -> None:
        for language, page in pages.items():
            if sent_empty:
                send_empty(page, demo_url, url, role)
            else:
                open_page(page, demo_url, url, language, role)
            start_axe(page)
        for language, page in pages.items():
            what = f"{url} sent empty" if sent_empty else url
            violations.extend(axe_violations(page, f"{what} [{role}, {language}]"))
            checked[role] += 1

    for url in ("/login", "/password/forgot"):
        check_everywhere("signed out", url)
    for role, email in ROLES.items():
        for context in contexts.values():
            context.clear_cookies()
        sign_in_as(pages["en"], demo_url, email, DEMO_PASSWORD)
        pages["en"].wait_for_url(re.compile(r".*/(leave|team|hr)/?$"))
        contexts["de"].add_cookies(contexts["en"].cookies())
        for url in pages_for(contexts["en"], demo_url, addresses(_session_app, role)):
            check_everywhere(role, url)
        for url in FORMS_WITH_ERRORS.get(role, []):
            check_everywhere(role, url, sent_empty=True)
    for context in contexts.values():
        context.close()
    print(f"\naxe checked pages (each in {' and '.join(LANGUAGES)}): {dict(checked)}")
    assert not violations, f"{len(violations)} accessibility violations:\n" + "\n".join(violations)
