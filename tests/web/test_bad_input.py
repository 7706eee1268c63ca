"""Input that once reached the database or date arithmetic unchecked: a clear answer, no 500."""

import pytest

from tests.builders import make_employee, make_location, sign_in

HUGE = "1" + "0" * 21


@pytest.fixture
def hr_manager(app, client):
    person = make_employee(is_hr=True)
    make_employee(manager=person)
    sign_in(client, person.email)
    return person


@pytest.mark.parametrize("path,status", [
    ("/hr/?month=0000-01", 200),
    ("/hr/?month=9999-12", 200),
    (f"/hr/?page={HUGE}", 200),
    (f"/hr/people?page={HUGE}", 200),
    (f"/team/?page={HUGE}", 200),
    (f"/hr/calendar?page={HUGE}", 200),
    ("/team/?month=0000-00", 200),
    (f"/hr/requests/{HUGE}", 404),
    (f"/leave/requests/{HUGE}", 404),
])
def test_odd_addresses_get_a_page_or_a_404_never_a_500(hr_manager, client, path, status):
    assert client.get(path).status_code == status


def test_a_mistyped_year_on_plan_my_leave_is_named_beside_the_field(app, client):
    office = make_location()
    person = make_employee(location=office)
    sign_in(client, person.email)
    response = client.get("/leave/plan", query_string={
        "role": "birthing", "event": "birth", "event_date": "9999-12-31", "location": office.id})
    assert response.status_code == 200
    assert "please check the year: 9999 looks mistyped" in response.get_data(as_text=True)


def test_a_mistyped_year_on_a_new_request_keeps_what_was_typed(app, client):
    person = make_employee()
    sign_in(client, person.email)
    response = client.post("/leave/requests/new", data={
        "role": "birthing", "event": "birth", "event_date": "9999-12-31",
        "submission_key": "k" * 20, "submit": "Submit request", "note_to_hr": "Hello HR"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please check the year: 9999 looks mistyped" in page
    assert "Hello HR" in page
