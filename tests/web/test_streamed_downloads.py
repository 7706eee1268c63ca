"""Every streamed download, fetched from a real HTTP server as a browser would.

The test client reads a streamed body inside the request that made it (tests/fixtures.py); a
real server (flask run, gunicorn) reads it after the request has ended and its database session
is closed. Here the portal runs in werkzeug's server on a loopback port, HR signs in through
/login, and each download must arrive whole, its header row in HR's own language.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from datetime import date, timedelta

import pytest
import requests as http
from sqlalchemy import select
from werkzeug.serving import make_server

from portal.extensions import db
from portal.models import Document
from portal.services import requests
from tests import fixtures
from tests.benefit_builders import PDF, approve, make_claim, pdf_upload
from tests.builders import PASSWORD, give_feed_token, make_employee, make_location
from tests.web.api_helpers import approved_birth

BIRTH = date(2027, 3, 15)  # company pay for the whole of June 2027 (tests/web/test_api_payroll)
# A browser's own request, which the portal may compress (a streamed, deflated body), and a
# client that says nothing of where it comes from, which gets the body as it is.
BROWSER = {"Sec-Fetch-Site": "same-origin", "Accept-Encoding": "deflate"}
PLAIN = {"Accept-Encoding": "identity"}

app_with = fixtures.app_with


@pytest.fixture
def live_url(app, app_with):
    """The portal as `flask run` serves it: not in testing mode (so each request prints the
    mail it wrote, ending with its own rollback), CSRF on, on a loopback port."""
    live = app_with(TESTING=False, MAIL_BACKEND="console", WTF_CSRF_ENABLED=True,
                    DOCUMENT_DIRECTORY=app.config["DOCUMENT_DIRECTORY"])
    server = make_server("127.0.0.1", 0, live, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture
def hr_in_german(app):
    """An HR person who reads the portal in German, and something in every download."""
    office = make_location(name="Berlin", country="DE", subdivision="BE",
                           timezone="Europe/Berlin")
    hr = make_employee(name="Harper HR", email="harper@example.test", is_hr=True,
                       location=office, language="de")
    approved_birth(BIRTH, name="Robin Payroll")
    colleague = make_employee(name="Ada Away", location=office)
    request = requests.file_request(
        colleague,
        requests.RequestInput(role="non_birthing", event="birth", event_date=BIRTH),
        "key-streamed-downloads", submit=True,
    )
    requests.act(hr, request, request.version, "approve")
    approve(hr, make_claim(colleague, amount="100.00", currency="USD",
                           receipts=[pdf_upload("receipt.pdf")]), "100.00")
    db.session.commit()
    return hr


def signed_in(live_url: str, person) -> http.Session:
    browser = http.Session()
    form = browser.get(f"{live_url}/login", timeout=10)
    assert form.status_code == 200
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form.text)
    assert token, "the sign-in form carries no CSRF token"
    data = {"email": person.email, "password": PASSWORD, "csrf_token": token[1]}
    answer = browser.post(f"{live_url}/login", data=data, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    return browser


def downloaded(browser: http.Session, url: str, headers: dict) -> list[list[str]]:
    answer = browser.get(url, headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text[:500]
    assert answer.headers["Content-Type"].startswith("text/csv")
    assert answer.headers.get("Content-Encoding", "identity") == headers["Accept-Encoding"]
    return list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("headers", [BROWSER, PLAIN], ids=["compressed", "plain"])
def test_every_streamed_download_arrives_whole_from_a_real_server(live_url, hr_in_german,
                                                                  headers):
    browser = signed_in(live_url, hr_in_german)

    payroll = downloaded(browser, f"{live_url}/hr/payroll.csv?month=2027-06", headers)
    assert payroll[0][:5] == ["Name", "E-Mail", "Standort", "Abrechnungszeitraum",
                              "Arbeitstage"]
    assert sorted(row[0] for row in payroll[1:]) == ["Ada Away", "Robin Payroll"]

    claims = downloaded(browser, f"{live_url}/hr/claims/export.csv", headers)
    assert "Beantragter Betrag" in claims[0]
    assert [row[1] for row in claims[1:]] == ["Ada Away"]

    start, end = BIRTH - timedelta(days=31), BIRTH + timedelta(days=31)
    leave = downloaded(
        browser, f"{live_url}/hr/calendar.csv?start={start.isoformat()}&end={end.isoformat()}",
        headers,
    )
    assert leave[0] == ["Name", "E-Mail", "Standort", "Erster Tag", "Letzter Tag", "Status"]
    assert sorted(row[0] for row in leave[1:]) == ["Ada Away", "Robin Payroll"]

    people = downloaded(browser, f"{live_url}/hr/people/export", headers)
    assert people[0] == ["email", "name", "manager_email", "location", "hire_date", "hr"]
    assert "harper@example.test" in [row[0] for row in people[1:]]


def test_a_receipt_and_a_calendar_feed_arrive_whole_from_a_real_server(live_url, hr_in_german):
    browser = signed_in(live_url, hr_in_german)
    receipt = db.session.scalars(select(Document)).one()
    answer = browser.get(f"{live_url}/documents/{receipt.id}", headers=BROWSER, timeout=30)
    assert answer.status_code == 200 and answer.content == PDF

    token = give_feed_token(hr_in_german)
    db.session.commit()
    feed = http.get(f"{live_url}/feeds/{token}/organisation.ics", timeout=30)
    assert feed.status_code == 200 and feed.text.startswith("BEGIN:VCALENDAR")
    assert "Ada Away" in feed.text and "Robin Payroll" in feed.text
