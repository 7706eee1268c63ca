"""HR's organisation calendar and CSV export, and the employee's own month on My leave."""

import csv
import io
from datetime import date, timedelta

import pytest

from portal.formatting import spreadsheet_safe
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in


def approved_leave(employee, hr, start: date):
    request = requests.file_request(
        employee,
        requests.RequestInput(role="non_birthing", event="birth", event_date=start),
        f"key-{employee.id}-{start}", submit=True,
    )
    requests.act(hr, request, request.version, "approve")
    return request


@pytest.fixture
def organisation(app):
    berlin = make_location(name="Berlin", country="DE", subdivision="BE",
                           timezone="Europe/Berlin")
    paris = make_location(name="=cmd|' /C calc'!A0", country="FR", subdivision=None,
                          timezone="Europe/Paris")
    hr = make_employee(name="Harper HR", is_hr=True, location=berlin)
    boss = make_employee(name="Bo Boss", location=berlin)
    ada = make_employee(name="Ada Away", manager=boss, location=berlin)
    pia = make_employee(name="Pia Paris", location=paris)
    start = date.today().replace(day=1) + timedelta(days=3)
    approved_leave(ada, hr, start)
    approved_leave(pia, hr, start)
    return {"hr": hr, "boss": boss, "ada": ada, "pia": pia, "berlin": berlin, "start": start}


def test_hr_sees_everyone_away_this_month_filtered_by_location_and_manager(organisation, client):
    sign_in(client, organisation["hr"].email)
    page = client.get("/hr/calendar").get_data(as_text=True)
    assert "Ada Away" in page and "Pia Paris" in page
    assert "Previous month" in page and "Next month" in page
    by_location = client.get("/hr/calendar", query_string={
        "location": organisation["berlin"].id}).get_data(as_text=True)
    assert "Ada Away" in by_location and "Pia Paris" not in by_location
    by_manager = client.get("/hr/calendar", query_string={
        "manager": organisation["boss"].email.upper()}).get_data(as_text=True)
    assert "Ada Away" in by_manager and "Pia Paris" not in by_manager


def test_unknown_filters_are_ignored_with_a_note(organisation, client):
    sign_in(client, organisation["hr"].email)
    response = client.get("/hr/calendar", query_string={
        "location": "x", "month": "13-2026", "manager": "nobody@example.test"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "That location is not one we know" in page
    assert "Nobody manages a team under" in page


def test_the_csv_export_lists_leave_in_the_range_and_is_safe_for_spreadsheets(
    organisation, client
):
    sign_in(client, organisation["hr"].email)
    start = organisation["start"]
    response = client.get("/hr/calendar.csv", query_string={
        "start": start.isoformat(), "end": (start + timedelta(days=30)).isoformat()})
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == ["Name", "Email", "Location", "First day", "Last day", "Status"]
    assert [row[0] for row in rows[1:]] == ["Ada Away", "Pia Paris"]
    assert rows[2][2].startswith("'=")
    assert all(row[5] == "Approved" for row in rows[1:])


def test_a_bad_export_range_gets_a_clear_message(organisation, client):
    sign_in(client, organisation["hr"].email)
    response = client.get("/hr/calendar.csv", query_string={"start": "2026-02-01",
                                                            "end": "2026-01-01"},
                          follow_redirects=True)
    assert "comes before its first day" in response.get_data(as_text=True)


@pytest.mark.parametrize("value,safe", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("Ada", "Ada"), (None, ""), ("2026-01-01", "2026-01-01"),
])
def test_cells_that_a_spreadsheet_would_run_get_an_apostrophe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_my_leave_shows_my_month_with_my_leave_and_public_holidays(organisation, client):
    sign_in(client, organisation["ada"].email)
    start = organisation["start"]
    page = client.get("/leave/", query_string={"month": f"{start:%Y-%m}"}).get_data(as_text=True)
    assert "Your leave in" in page
    assert "Parental leave, approved" in page
    december = client.get("/leave/", query_string={"month": f"{start.year}-12"})
    assert "Christmas Day" in december.get_data(as_text=True)
