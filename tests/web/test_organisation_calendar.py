"""HR's organisation calendar and CSV export, and the employee's own month on My leave."""

import csv
import io
from datetime import date, timedelta

import pytest

from portal.formatting import spreadsheet_safe
from portal.services import requests
from tests.builders import (
    build_team,
    make_employee,
    make_leave,
    make_location,
    sign_in,
    statements_for,
)


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


def test_the_organisation_month_runs_as_many_queries_for_5_people_as_for_200(app, client):
    small_office = make_location(name="Small office")
    big_office = make_location(name="Big office")
    start = date.today() - timedelta(days=3)
    build_team(make_employee(location=small_office), 5, start)
    build_team(make_employee(location=big_office), 200, start)
    hr = make_employee(is_hr=True)
    sign_in(client, hr.email)
    small, _ = statements_for(client, f"/hr/calendar?location={small_office.id}")
    big, page = statements_for(client, f"/hr/calendar?location={big_office.id}")
    rows = page.count('<th scope="row">Team') + page.count('<th scope="row">Person')
    assert rows == 50  # one page of 50: the office's manager and 49 of the team
    assert small == big


def test_my_leave_runs_as_many_queries_with_one_request_as_with_thirty(app, client):
    few, many = make_employee(), make_employee()
    start = date.today() - timedelta(days=40)
    make_leave(few, start, start + timedelta(days=9))
    for n in range(30):
        make_leave(many, start + timedelta(days=11 * n), start + timedelta(days=11 * n + 9))
    sign_in(client, few.email)
    one, _ = statements_for(client, "/leave/")
    client.post("/logout")
    sign_in(client, many.email)
    thirty, page = statements_for(client, "/leave/")
    assert page.count("Leave from") == 30
    assert one == thirty
