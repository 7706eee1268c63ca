"""Plain words: no person ever reads an internal code or a raw value.

Every page the employee, the manager and HR can reach in the test data (every GET route of the
app with real ids, built from app.url_map as the privacy scan does, and the links those pages
give), and every form on those pages posted back with bad input, in every language the portal
speaks. The text a person sees (the page's words, and the `title`, `aria-label`, `alt` and
`placeholder` a browser shows or reads out; not scripts, styles or other attribute values) may
hold no snake_case word (`non_birthing`, `Loss_date`) and no ISO date (`2026-03-02`, or a policy
id such as `company-2022-01-01`).
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from werkzeug.routing.converters import IntegerConverter

from portal.i18n import LANGUAGES
from tests.builders import give_feed_token, make_employee, make_location, sign_in
from tests.web.test_privacy import (
    REPORTS,
    addresses,
    give_the_reports_claims_in_every_state,
    give_the_reports_leave_in_every_state,
    links_in,
)
from tests.web.test_privacy import argument_values as privacy_argument_values

TODAY = date.today()
SNAKE_CASE = re.compile(r"(?<![\w./#-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w/-])")
ISO_DATE = re.compile(r"(?<!\d)\d{4}-\d{2}-\d{2}(?!\d)")
# Addresses and email addresses are the person's own data, shown to be copied: not words.
NOT_WORDS = re.compile(r"https?://\S+|\S+@\S+")
SHOWN_ATTRIBUTES = {"title", "aria-label", "alt", "placeholder"}
BUTTON_TYPES = {"submit", "button", "reset"}
# textarea: what the person typed; code and pre: identifiers set as code for the reader to type
# or match (the API's field names and example calls, a CSV file's column names), not words.
UNREAD = {"script", "style", "template", "textarea", "code", "pre"}
SKIPPED_PATHS = ("/logout", "/feeds/", "/scim/")
LINK_DEPTH = 1
# Bad input of each kind of field: no field accepts these.
BAD_TEXT = "x" * 5001
BAD_VALUES = {"date": "31/02/x", "month": "13-2026", "number": "-1x", "email": "not an email"}


def visible_text(page: str) -> str:
    parser = _VisibleText()
    parser.feed(page)
    parser.close()
    return " ".join(parser.parts)


class _VisibleText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.unread = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.parts += [value for name, value in attrs if name in SHOWN_ATTRIBUTES and value]
        if tag == "input" and attributes.get("type") in BUTTON_TYPES and attributes.get("value"):
            self.parts.append(attributes["value"])
        if tag in UNREAD:
            self.unread += 1

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in UNREAD:
            self.unread -= 1

    def handle_endtag(self, tag):
        if tag in UNREAD and self.unread:
            self.unread -= 1

    def handle_data(self, data):
        if not self.unread:
            self.parts.append(data)


def codes_in(text: str) -> list[str]:
    text = NOT_WORDS.sub(" ", text)
    return sorted(set(SNAKE_CASE.findall(text)) | set(ISO_DATE.findall(text)))


def test_the_scan_sees_codes_and_passes_plain_words():
    page = ('<p title="for non_birthing">Policy company-2022-01-01 <b>Loss_date</b>: '
            '<span aria-label="2026-03-02">x</span></p><script>var role_code = 1;</script>'
            '<input type="submit" value="event_date"><input name="event_date" value="2026-03-02">'
            '<a href="/leave/?month=2026-03-01&x_y=1" class="btn_x">Plan my leave</a>'
            '<p>Feed: https://example.com/feeds/ab_cd/mine.ics, mail riley_r@example.com</p>')
    assert codes_in(visible_text(page)) == [
        "2022-01-01", "2026-03-02", "Loss_date", "event_date", "non_birthing"]
    assert codes_in(visible_text("<p>Non-birthing parent, 2 March 2026, 11:30</p>")) == []


# -- The people and their leave ------------------------------------------------------------


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    paris = make_location(name="Paris", country="FR", subdivision=None)
    manager = make_employee(name="Morgan Manager", location=london)
    reports = [make_employee(name=f"{name} Report", manager=manager, location=london)
               for name in REPORTS]
    colleague = make_employee(name="Casey Colleague", manager=manager, location=paris)
    hr = make_employee(name="Harper HR", is_hr=True, location=london)
    for person in (manager, colleague, hr, *reports):
        give_feed_token(person)
    found = {"manager": manager, "report": reports[0], "reports": reports,
             "colleague": colleague, "hr": hr}
    found["request_ids"] = give_the_reports_leave_in_every_state(reports, hr)
    found["claim_ids"] = give_the_reports_claims_in_every_state(reports, hr)
    return found


def argument_values(name, converter, viewer, people, request_ids):
    """The privacy scan's values, with fewer months: the words are the same in every month."""
    if name == "month":
        if isinstance(converter, IntegerConverter):
            return [TODAY.month]
        return [TODAY.strftime("%Y-%m"), (TODAY + timedelta(days=31)).strftime("%Y-%m")]
    if name == "year":
        return [TODAY.year]
    if name == "claim_id":
        return people["claim_ids"]
    return privacy_argument_values(name, converter, viewer, people, request_ids)


def start_addresses(app, viewer, people) -> list[str]:
    import tests.web.test_privacy as privacy

    original = privacy.argument_values
    privacy.argument_values = argument_values
    try:
        found, _unknown = addresses(app, viewer, people, people["request_ids"])
    finally:
        privacy.argument_values = original
    return [url for url in found if not url.startswith(SKIPPED_PATHS)]


# -- Forms posted back with bad input --------------------------------------------------------


class _Forms(HTMLParser):
    """The POST forms of a page: action, and each field's name, kind and value."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            if attributes.get("method", "get").lower() == "post":
                self.current = {"action": attributes.get("action", ""), "fields": [],
                                "multipart": "multipart" in attributes.get("enctype", "")}
                self.forms.append(self.current)
            return
        if self.current is None or "name" not in attributes:
            return
        kind = {"select": "select", "textarea": "textarea"}.get(
            tag, attributes.get("type", "text") if tag == "input" else None)
        if kind is not None:
            self.current["fields"].append((attributes["name"], kind, attributes.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


def bad_input(fields) -> dict:
    data = {}
    for name, kind, value in fields:
        if kind in ("hidden",) or name == "csrf_token":
            data[name] = value
        elif kind in BUTTON_TYPES:
            data.setdefault(name, value or "y")
        elif kind in ("checkbox", "radio", "select"):
            data[name] = "not-a-choice"
        elif kind == "file":
            continue
        else:
            data[name] = BAD_VALUES.get(kind, BAD_TEXT)
    return data


def posted_pages(client, url: str, page: str) -> dict[str, str]:
    parser = _Forms()
    parser.feed(page)
    found = {}
    for form in parser.forms:
        action = urlsplit(urljoin(f"http://localhost{url}", form["action"] or url))
        target = action.path + (f"?{action.query}" if action.query else "")
        if action.path.startswith(SKIPPED_PATHS):
            continue
        for label, data in (("bad", bad_input(form["fields"])),
                            ("empty", {n: v for n, k, v in form["fields"] if k == "hidden"})):
            response = client.post(target, data=data)
            found[f"POST {target} ({label} input, from {url})"] = response
    return found


# -- The scan --------------------------------------------------------------------------------


def scan(client, start: list[str], post_forms: bool) -> tuple[dict[str, list[str]], list[str]]:
    found: dict[str, list[str]] = {}
    errors: list[str] = []
    seen: set[str] = set()
    queue = [(url, 0) for url in start]
    while queue:
        url, depth = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        responses = {f"GET {url}": response}
        if depth < LINK_DEPTH:
            queue += [(link, depth + 1) for link in links_in(url, response)
                      if not link.startswith(SKIPPED_PATHS)]
        if post_forms and response.mimetype == "text/html":
            responses.update(posted_pages(client, url, response.get_data(as_text=True)))
        for name, answer in responses.items():
            if answer.status_code >= 500:
                errors.append(f"{name}: {answer.status_code}")
            if answer.mimetype != "text/html":
                continue
            codes = codes_in(visible_text(answer.get_data(as_text=True)))
            if codes:
                found[name] = codes
    return found, errors


@pytest.mark.once
@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_no_page_or_form_error_shows_a_code_in_any_language(app, people, language):
    problems: list[str] = []
    server_errors: list[str] = []
    scanned = 0
    # HR last: HR's forms posted back may change what the others would see.
    viewers = [*((f"employee {r.name}", r) for r in people["reports"]),
               ("manager", people["manager"]), ("hr", people["hr"])]
    for who, viewer in viewers:
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        assert sign_in(client, viewer.email).status_code == 302
        start = start_addresses(app, viewer, people)
        # Every employee's own request pages; one employee and the others walk everything.
        if who.startswith("employee") and viewer is not people["report"]:
            start = [u for u in start if u.startswith("/leave/requests/")]
        found, errors = scan(client, start, post_forms=True)
        scanned += len(start)
        problems += [f"{who}, {page}: {', '.join(codes)}" for page, codes in found.items()]
        server_errors += [f"{who}, {error}" for error in errors]
        page = client.get("/leave/").get_data(as_text=True)
        assert f'lang="{language}"' in page
    assert scanned > 100
    assert not problems, f"{len(problems)} pages in {LANGUAGES[language]} show codes:\n" + \
        "\n".join(problems)
    assert server_errors == []
