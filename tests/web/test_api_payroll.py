"""Payroll figures (GET /api/v1/payroll and HR's "Payroll export"): working days of each kind of
pay in a month, agreeing with the entitlement and the approved plan."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from tests.builders import make_employee, sign_in
from tests.web.api_helpers import approved_birth, make_token, signed

# A birth on Monday 15 March 2027 in London: 182 company days (to 12 September 2027), then
# statutory maternity leave to 12 March 2028, back on Monday 13 March with a 28-day phased return.
BIRTH = date(2027, 3, 15)


@pytest.fixture
def leave(app):
    person, request = approved_birth(BIRTH, name="Robin Payroll")
    return person, request


def figures(client, period, token=None):
    token = token or make_token("read:leave")
    answer = client.get(f"/api/v1/payroll?period={period}", headers=signed(token))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def test_the_plan_and_entitlement_are_the_ones_the_figures_below_assume(leave):
    _person, request = leave
    entitlement = request.details.entitlement
    assert entitlement["company_days"] == 182
    assert BIRTH + timedelta(days=181) == date(2027, 9, 12)
    assert entitlement["statutory"]["end"] == "2028-03-12"
    assert request.return_date == date(2028, 3, 13)
    assert entitlement["phased_return"]["start"] == "2028-03-13"


def test_the_month_leave_starts_in_counts_its_working_days_after_the_first_day(client, leave):
    (line,) = figures(client, "2027-03")["items"]
    # 15 to 31 March: 13 weekdays, less Good Friday and Easter Monday.
    assert line["days"] == {"company_full_pay": 11, "statutory": 0, "unpaid": 0,
                            "phased_return": 0}
    assert line["working_days"] == 21


def test_a_month_the_leave_spans_is_all_company_pay(client, leave):
    (line,) = figures(client, "2027-06")["items"]
    assert line["days"]["company_full_pay"] == line["working_days"] == 22


def test_the_month_company_pay_ends_in_splits_into_company_and_statutory_days(client, leave):
    (line,) = figures(client, "2027-09")["items"]
    assert (line["days"]["company_full_pay"], line["days"]["statutory"]) == (8, 14)


def test_the_month_of_the_return_has_statutory_days_then_the_phased_return(client, leave):
    (line,) = figures(client, "2028-03")["items"]
    assert line["days"] == {"company_full_pay": 0, "statutory": 8, "unpaid": 0,
                            "phased_return": 15}
    (after,) = figures(client, "2028-04")["items"]
    assert after["days"]["phased_return"] == 5


def test_a_month_without_leave_lists_nobody_and_a_bad_period_is_a_422(client, leave):
    assert figures(client, "2026-11")["items"] == []
    token = make_token("read:leave")
    for period in ("2027-13", "March", "0001-01", ""):
        answer = client.get(f"/api/v1/payroll?period={period}", headers=signed(token))
        assert answer.status_code == 422 and answer.mimetype == "application/problem+json"


def test_the_payroll_is_paged_by_person(client, leave):
    approved_birth(BIRTH + timedelta(days=7))
    token = make_token("read:leave")
    first = client.get("/api/v1/payroll?period=2027-06&limit=1", headers=signed(token)).get_json()
    assert len(first["items"]) == 1 and first["next_cursor"]
    rest = client.get(f"/api/v1/payroll?period=2027-06&limit=1&cursor={first['next_cursor']}",
                      headers=signed(token)).get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert first["items"][0]["person"] != rest["items"][0]["person"]


def test_hr_sees_the_month_and_downloads_the_same_figures_as_a_safe_csv(client, leave):
    person, _request = leave
    person.name = "=HYPERLINK(\"http://evil.test\")"
    from portal.extensions import db
    db.session.commit()
    hr = make_employee(is_hr=True)
    sign_in(client, hr.email)
    page = client.get("/hr/payroll?month=2027-09")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Payroll export" in text and "September 2027" in text
    assert "2027-09-" not in text
    export = client.get("/hr/payroll.csv?month=2027-09")
    assert export.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(export.get_data(as_text=True))))
    assert rows[0][:5] == ["Name", "Email", "Location", "Pay period", "Working days"]
    (row,) = rows[1:]
    assert row[0].startswith("'=")
    assert row[3:] == ["2027-09", "22", "8", "14", "0", "0"]


def test_the_payroll_page_is_for_hr_only(client, leave):
    employee = make_employee()
    sign_in(client, employee.email)
    assert client.get("/hr/payroll").status_code == 403
    assert client.get("/hr/payroll.csv").status_code == 403
