"""Privacy: a manager or colleague never sees the event, NICU days, gestation, a loss or a note.

Every sensitive field of the reports' requests holds a marker (one request a report: a person
takes one leave at a time). The test signs in as the manager
(and as a colleague), opens every GET route of the app, built from app.url_map so that new
routes are scanned without editing this file, follows the links those pages give, and reads
every email addressed to them. No marker may appear anywhere; no sensitive word may appear on a
page more often than it did before the report had any leave (the viewer's own "New request"
form rightly names the events).
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter, deque
from datetime import date, timedelta
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter, IntegerConverter

from portal.domain.workflow import CHANGE_PENDING, Action, Status
from portal.extensions import db
from portal.models import OutboxMessage
from portal.services import requests
from portal.services.benefits import claims as benefit_claims
from portal.services.benefits import decisions as benefit_decisions
from tests.benefit_builders import approve as benefit_approve
from tests.benefit_builders import make_claim, pdf_upload
from tests.builders import give_feed_token, make_employee, make_location, sign_in

TODAY = date.today()
NICU_DAYS = 41
GESTATION_WEEKS = 23
MARKER = "MARKER-"
# Free text: every occurrence is a leak, wherever it appears.
MARKERS = re.compile(r"MARKER-[A-Z-]+")
# Words and figures: a leak when a page shows more of them than before the report had leave.
SENSITIVE = {
    "NICU": r"nicu",
    "neonatal": r"neonatal",
    "pregnancy": r"pregnan",
    "loss": r"\bloss",
    "stillbirth": r"stillb",
    "adoption": r"adopt",
    "surrogacy": r"surroga",
    "birth": r"birth",
    "gestation": r"gestation",
    "miscarriage": r"miscarr",
    f"{NICU_DAYS} days": rf"\b{NICU_DAYS}\s+days",
    f"{GESTATION_WEEKS} weeks": rf"\b{GESTATION_WEEKS}\s+(completed\s+)?weeks",
}
SENSITIVE_PATTERNS = {label: re.compile(pattern, re.I) for label, pattern in SENSITIVE.items()}
SKIPPED_ENDPOINTS = {"static", "bootstrap.static"}
SKIPPED_PATHS = ("/static/", "/bootstrap/", "/logout")
LINK_DEPTH = 2  # calendars link to the next month, and the next: follow links twice, no more
MAX_PAGES = 2000

SCANNED: dict[str, dict[str, int]] = {}  # viewer -> pages and emails scanned, for the report


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


# -- The people and the report's leave, every sensitive field holding a marker -----------------


# One report for each request below: one person has one leave at a time.
REPORTS = ("Riley", "Rowan", "Reese", "Remy", "Rory", "Robin", "Ronnie", "Rene", "Rio", "Ray")


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    reports = [make_employee(name=f"{name} Report", manager=manager, location=london)
               for name in REPORTS]
    colleague = make_employee(name="Casey Colleague", manager=manager, location=london)
    hr = make_employee(name="Harper HR", is_hr=True, location=london)
    for person in (manager, colleague):
        give_feed_token(person)
    return {"manager": manager, "report": reports[0], "reports": reports,
            "colleague": colleague, "hr": hr}


def file(person, key, *, submit=True, **fields):
    return requests.file_request(person, requests.RequestInput(**fields), key, submit=submit)


def act(person, request, action, note=""):
    return requests.act(person, request, request.version, action, note)


def give_the_reports_leave_in_every_state(reports, hr) -> list[int]:
    (report, turner, griever, early_parent, adopter, answerer, refused, drafter, withdrawer,
     canceller) = reports
    # Approved, then neonatal care (approved on submission), then extra days from HR.
    nicu = file(report, "nicu", role="non_birthing", event="birth", event_date=day(-10),
                note_to_hr="MARKER-NOTE-NICU")
    act(hr, nicu, Action.APPROVE, "MARKER-APPROVAL-NOTE")
    requests.record_neonatal_care(report, nicu, nicu.version, NICU_DAYS)
    requests.grant_extra_days(hr, nicu, nicu.version, 5, "MARKER-EXTRA-DAYS-REASON")

    # Approved birth leave that a loss at 23 weeks turned into pregnancy-loss leave.
    # The employee chose to tell their manager the new dates now: the manager's email is scanned.
    turned = file(turner, "turned", role="birthing", event="birth", event_date=day(40),
                  start=day(15), note_to_hr="MARKER-NOTE-TURNED")
    act(hr, turned, Action.APPROVE)
    requests.record_pregnancy_loss(turner, turned, turned.version, day(-1), GESTATION_WEEKS,
                                   tell_manager=True)

    # Pregnancy-loss leave asked for directly: approved on submission.
    loss = file(griever, "loss", role="birthing", event="pregnancy_loss", event_date=day(-5),
                gestation_weeks=GESTATION_WEEKS, note_to_hr="MARKER-NOTE-LOSS")

    # The baby came early: one change rejected by HR, the next one pending.
    early = file(early_parent, "early", role="birthing", event="birth", event_date=day(10),
                 start=day(-5), note_to_hr="MARKER-NOTE-EARLY")
    act(hr, early, Action.APPROVE)
    requests.record_birth(early_parent, early, early.version, day(-2))
    act(hr, early, Action.REJECT_CHANGE, "MARKER-CHANGE-REJECTED-REASON")
    requests.record_birth(early_parent, early, early.version, day(-1))

    asked = file(adopter, "asked", role="adoptive", event="adoption", event_date=day(30),
                 note_to_hr="MARKER-NOTE-ADOPTION")
    act(hr, asked, Action.REQUEST_INFORMATION, "MARKER-HR-QUESTION")
    answered = file(answerer, "answered", role="non_birthing", event="birth", event_date=day(50),
                    note_to_hr="MARKER-NOTE-ANSWERED")
    act(hr, answered, Action.REQUEST_INFORMATION, "MARKER-SECOND-QUESTION")
    act(answerer, answered, Action.ANSWER, "MARKER-ANSWER")

    rejected = file(refused, "rejected", role="intended", event="surrogacy", event_date=day(60),
                    note_to_hr="MARKER-NOTE-SURROGACY")
    act(hr, rejected, Action.REJECT, "MARKER-REJECTION-REASON")

    draft = file(drafter, "draft", submit=False, role="non_birthing", event="birth",
                 event_date=day(90), note_to_hr="MARKER-NOTE-DRAFT")

    withdrawn = file(withdrawer, "withdrawn", role="adoptive", event="adoption",
                     event_date=day(100))
    act(withdrawer, withdrawn, Action.WITHDRAW, "MARKER-WITHDRAWAL-NOTE")

    cancelled = file(canceller, "cancelled", role="intended", event="surrogacy",
                     event_date=day(45), note_to_hr="MARKER-NOTE-CANCELLED")
    act(hr, cancelled, Action.APPROVE)
    act(canceller, cancelled, Action.CANCEL, "MARKER-CANCEL-NOTE")

    made = [nicu, turned, loss, early, asked, answered, rejected, draft, withdrawn, cancelled]
    assert {requests.state(r) for r in made} == {*Status, CHANGE_PENDING}
    assert turned.details.event == loss.details.event == "pregnancy_loss"
    return [r.id for r in made]


def give_the_reports_claims_in_every_state(reports, hr) -> list[int]:
    """A benefit claim in every state, markers in every free text and a receipt's name."""
    claims = []
    for n, (status, steps) in enumerate([
        ("draft", ()), ("submitted", ()), ("withdrawn", ("withdraw",)),
        ("information_requested", ("ask",)), ("answered", ("ask", "answer")),
        ("rejected", ("reject",)), ("approved", ("approve",)), ("paid", ("approve", "pay")),
    ]):
        claim = make_claim(reports[n], submit=status != "draft", receipts=[
            pdf_upload("MARKER-RECEIPT-NAME.pdf")], journey_label="MARKER-JOURNEY-LABEL",
            description=f"MARKER-CLAIM-DESCRIPTION-{status.upper().replace('_', '-')}")
        for step in steps:
            if step == "withdraw":
                benefit_claims.withdraw(claim.employee, claim, claim.version)
            elif step == "ask":
                benefit_decisions.request_information(hr, claim, claim.version, "MARKER-QUESTION")
            elif step == "answer":
                benefit_claims.answer(claim.employee, claim, claim.version, "MARKER-ANSWER-C", [])
            elif step == "reject":
                benefit_decisions.reject(hr, claim, claim.version, "MARKER-CLAIM-REASON")
            elif step == "approve":
                benefit_approve(hr, claim, "700.00")
            else:
                benefit_decisions.mark_paid(hr, claim, claim.version, "MARKER-PAYMENT-REF")
        claims.append(claim.id)
    return claims


# -- Building every GET address from the url_map --------------------------------------------


def argument_values(name, converter, viewer, people, request_ids) -> list | None:
    """Values to try for one URL argument, or None when this test does not know the argument."""
    employee_ids = [people[who].id for who in ("manager", "colleague")] + [
        report.id for report in people["reports"]]
    if name.endswith("request_id"):
        return request_ids
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)
    if name in ("employee_id", "person_id", "member_id", "report_id", "user_id"):
        return employee_ids
    if "token" in name:
        return [viewer.feed_token]
    if name == "year":
        return [TODAY.year - 1, TODAY.year, TODAY.year + 1]
    if name == "month":
        if isinstance(converter, IntegerConverter):
            return list(range(1, 13))
        first = TODAY.replace(day=1)
        return sorted({(first + timedelta(days=31 * n)).strftime("%Y-%m") for n in range(-6, 13)})
    if name == "page":
        return [1, 2]
    if name == "rest":  # SCIM: with a session cookie and no bearer token, every path is a 401
        return ["Users", *(f"Users/{person}" for person in employee_ids), "Schemas"]
    if isinstance(converter, IntegerConverter):
        return request_ids + employee_ids
    return None


def addresses(app, viewer, people, request_ids) -> tuple[list[str], list[str]]:
    """Every GET address of the app for this data, and the arguments nobody told us about."""
    adapter = app.url_map.bind("localhost")
    found, unknown = [], []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        names = sorted(rule.arguments - set(rule.defaults or {}))
        choices = []
        for name in names:
            values = argument_values(name, rule._converters.get(name), viewer, people,
                                     request_ids)
            if values is None:
                unknown.append(f"{rule.endpoint}: <{name}>")
                values = []
            choices.append(values)
        for combination in itertools.product(*choices):
            found.append(adapter.build(rule.endpoint, dict(zip(names, combination, strict=True)),
                                       method="GET"))
    return found, unknown


# -- Walking and reading -------------------------------------------------------------------


def links_in(url: str, response) -> list[str]:
    targets = []
    if response.location:
        targets.append(response.location)
    if response.mimetype == "text/html":
        targets += [html.unescape(href) for href in
                    re.findall(r'href="([^"]+)"', response.get_data(as_text=True))]
    links = []
    for target in targets:
        parts = urlsplit(urljoin(f"http://localhost{url}", target))
        if parts.scheme not in ("http", "https") or parts.hostname != "localhost":
            continue
        if parts.path.startswith(SKIPPED_PATHS):
            continue
        links.append(urlunsplit(("", "", parts.path, parts.query, "")))
    return links


def walk(client, start: list[str]) -> tuple[dict[str, str], list[str]]:
    """Open every address, then the links on those pages, LINK_DEPTH deep; the text of each."""
    pages, errors = {}, []
    queue = deque((url, 0) for url in start)
    while queue and len(pages) < MAX_PAGES:
        url, depth = queue.popleft()
        if url in pages:
            continue
        response = client.get(url)
        body = response.get_data().decode("utf-8", errors="replace")
        pages[url] = f"{response.headers}\n{body}"
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
        if depth < LINK_DEPTH:
            queue.extend((link, depth + 1) for link in links_in(url, response))
    assert len(pages) < MAX_PAGES, "the walk did not end; are links generating links?"
    return pages, errors


def sensitive_counts(text: str) -> Counter:
    return Counter({label: len(p.findall(text)) for label, p in SENSITIVE_PATTERNS.items()})


def leaks_on_pages(before: dict[str, str], after: dict[str, str]) -> list[str]:
    leaks = []
    for url, text in after.items():
        for marker in sorted(set(MARKERS.findall(text))):
            leaks.append(f"{url}: {marker}")
        grown = sensitive_counts(text) - sensitive_counts(before.get(url, ""))
        leaks += [f"{url}: {label!r} ({count} more than before)" for label, count in grown.items()]
    return leaks


def leaks_in_mail(messages: list[OutboxMessage]) -> list[str]:
    leaks = []
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        leaks += [f"email {message.subject!r}: {m}" for m in MARKERS.findall(text)]
        leaks += [f"email {message.subject!r}: {label!r}"
                  for label, count in sensitive_counts(text).items() if count]
    return leaks


def mail_to(person) -> list[OutboxMessage]:
    return list(db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == person.email)
    ))


# -- The scan ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["manager", "colleague"])
def test_nothing_sensitive_reaches_a_manager_or_colleague_on_any_page_or_email(
    app, people, who, capsys
):
    viewer = people[who]
    client = app.test_client()
    assert sign_in(client, viewer.email).status_code == 302

    start, unknown = addresses(app, viewer, people, request_ids=[])
    before, _ = walk(client, start)

    request_ids = give_the_reports_leave_in_every_state(people["reports"], people["hr"])
    request_ids += give_the_reports_claims_in_every_state(people["reports"], people["hr"])
    start, unknown = addresses(app, viewer, people, request_ids)
    assert unknown == [], (
        "These URL arguments are new to the privacy scan; teach argument_values() about them "
        f"so their pages are scanned: {unknown}"
    )
    after, server_errors = walk(client, start)
    emails = mail_to(viewer)

    assert server_errors == []
    leaks = leaks_on_pages(before, after) + leaks_in_mail(emails)
    assert not leaks, f"{len(leaks)} leaks:\n" + "\n".join(leaks)
    # The scan saw what it was meant to: every request's address, and the report's dates.
    assert all(any(f"/{rid}" in url for url in after) for rid in request_ids)
    if who == "manager":
        assert any("Riley Report" in text for text in after.values())
        assert len(emails) >= 4 and all(" Report" in e.subject for e in emails)
        assert any(e.subject == "Rowan Report will be away" for e in emails)  # after the loss
    else:
        assert emails == []

    SCANNED[who] = {"pages": len(after), "emails": len(emails)}
    with capsys.disabled():
        print(f"\nPrivacy scan as the {who}: {len(after)} pages and {len(emails)} emails "
              f"scanned, no marker and no sensitive word found.")
