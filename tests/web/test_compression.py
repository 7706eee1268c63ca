"""Lighter pages (issue 9): Brotli or gzip for whoever asks, except where BREACH could measure a
secret: a page that carries cookies or a CSRF token is compressed only for requests the
browser says came from the portal itself or from the person (Sec-Fetch-Site)."""

import gzip
import re
from datetime import date, timedelta

import brotli
import pytest

from portal.app import create_app
from portal.domain.calendar import Month
from tests.builders import make_employee, make_leave, make_location, sign_in
from tests.fixtures import FreshContextClient, config_for

BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}
OWN = {**BROWSER, "Sec-Fetch-Site": "same-origin"}


@pytest.fixture
def manager(app, client):
    office = make_location(name="London", country="GB", subdivision="ENG")
    boss = make_employee(name="Morgan Manager", location=office)
    for n in range(30):
        report = make_employee(name=f"Report {n:02d}", manager=boss, location=office)
        make_leave(report, date.today() - timedelta(days=n), date.today() + timedelta(days=n))
    sign_in(client, boss.email)
    return boss


def decoded(response) -> bytes:
    coding = response.headers.get("Content-Encoding")
    if coding == "br":
        return brotli.decompress(response.data)
    if coding == "gzip":
        return gzip.decompress(response.data)
    assert coding is None, coding
    return response.data


def test_a_page_asked_for_on_the_portal_itself_comes_compressed_with_brotli(manager, client):
    plain = client.get("/team/")
    response = client.get("/team/", headers=OWN)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert len(response.data) < len(plain.data) / 5
    page = decoded(response).decode()
    assert "Report 00" in page and "Who is away in" in page
    assert {"Accept-Encoding", "Sec-Fetch-Site"} <= set(response.headers["Vary"].split(", "))


def test_a_browser_that_takes_only_gzip_gets_gzip(manager, client):
    response = client.get("/team/", headers={"Accept-Encoding": "gzip",
                                             "Sec-Fetch-Site": "same-origin"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert b"Report 00" in decoded(response)


def test_a_page_typed_into_the_address_bar_is_compressed_too(manager, client):
    response = client.get("/team/", headers={**BROWSER, "Sec-Fetch-Site": "none"})
    assert response.headers["Content-Encoding"] == "br"


@pytest.mark.parametrize("site", ["cross-site", "same-site", None])
def test_a_signed_in_page_another_site_makes_the_browser_fetch_is_never_compressed(
    manager, client, site
):
    """BREACH: another site's page can make the browser ask with guesses in the address
    (here the month and the search of people), but it never gets a compressed size back."""
    headers = dict(BROWSER, **({"Sec-Fetch-Site": site} if site else {}))
    for url in ("/team/?month=2026-03&everyone=1", "/leave/", "/settings"):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        assert "Content-Encoding" not in response.headers, (url, site)
        assert 'name="csrf_token"' in response.get_data(as_text=True)


@pytest.fixture
def csrf_app(app, database_url_for_tests):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    return checked


def test_a_sign_in_page_with_a_fresh_csrf_token_is_compressed_only_for_the_portal_itself(
    csrf_app
):
    """No cookie yet, but a token made for this answer: a secret all the same."""
    stranger = csrf_app.test_client().get("/login", headers={**BROWSER,
                                                              "Sec-Fetch-Site": "cross-site"})
    assert re.search(r'name="csrf_token" type="hidden" value="[^"]+"', stranger.text)
    assert "Content-Encoding" not in stranger.headers
    own = csrf_app.test_client().get("/login", headers=OWN)
    assert own.headers["Content-Encoding"] == "br"
    assert b'name="csrf_token"' in decoded(own)


def test_static_files_are_compressed_for_anyone(client):
    response = client.get("/static/calendar.css", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert b".cal" in decoded(response)


def test_hr_csv_export_is_compressed_as_it_streams(app, client):
    hr = make_employee(is_hr=True)
    for n in range(40):
        person = make_employee(name=f"Person {n:02d}")
        make_leave(person, date(2026, 3, 2), date(2026, 3, 20))
    sign_in(client, hr.email)
    response = client.get("/hr/calendar.csv?start=2026-03-01&end=2026-03-31", headers=OWN)
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert decoded(response).count(b"\n") == 41


def test_a_client_that_asks_for_no_compression_gets_none(manager, client):
    response = client.get("/team/", headers={"Sec-Fetch-Site": "same-origin"})
    assert "Content-Encoding" not in response.headers
    assert Month.of(date.today()).label in response.get_data(as_text=True)
