"""Input that once reached the database or date arithmetic unchecked: a clear answer, no 500."""

import io
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import LeaveRequest
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

HUGE = "1" + "0" * 21
FUTURE = date.today() + timedelta(days=120)


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


# -- Input the fuzzer found giving 500s: each family is refused where all input comes in -------


def leave_requests_in_the_database() -> int:
    return db.session.scalar(select(func.count()).select_from(LeaveRequest))


@pytest.mark.parametrize("body", [
    {"note_to_hr": 1, "event_date": None, "role": "birthing", "event": "birth"},
    [1, 2],
    "text",
])
def test_a_json_body_on_a_form_route_gets_a_friendly_415_and_saves_nothing(app, client, body):
    person = make_employee()
    sign_in(client, person.email)
    response = client.post("/leave/requests/new", json=body)
    assert response.status_code == 415
    assert "not sent the way this page sends it" in response.get_data(as_text=True)
    assert leave_requests_in_the_database() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/json"])
def test_every_form_route_refuses_a_body_that_is_not_a_form(hr_manager, client, content_type):
    for path in ("/settings", "/hr/people/new", "/hr/locations/new", "/password/forgot"):
        response = client.post(path, data="email=a%40example.test", content_type=content_type)
        assert response.status_code == 415, path


def test_form_encoded_and_multipart_bodies_and_empty_posts_are_still_accepted(hr_manager, client):
    assert client.post("/hr/locations/new", data={"name": ""}).status_code == 400  # shown again
    upload = {"csv_file": (io.BytesIO(b"email,name\n"), "people.csv")}
    assert client.post("/hr/people/import", data=upload).status_code in (200, 400)
    assert client.post("/hr/people/new").status_code == 400  # no body at all: shown again


@pytest.mark.parametrize("method,path,data,status", [
    ("GET", "/feeds/%00/mine.ics", None, 404),
    ("GET", "/feeds/a%00b/organisation.ics", None, 404),
    ("GET", "/hr/people?q=a%00b", None, 400),
    ("GET", "/hr/calendar?manager=a%00b%40example.test", None, 400),
    ("POST", "/password/forgot", {"email": "a\x00b@example.test"}, 400),
    ("POST", "/hr/people/new", {"email": "a@example.test", "name": "A\x00B"}, 400),
])
def test_nul_characters_anywhere_are_refused_before_they_reach_the_database(
    hr_manager, client, method, path, data, status
):
    response = client.open(path, method=method, data=data)
    assert response.status_code == status
    assert response.headers["X-Request-ID"] in response.get_data(as_text=True)


def test_a_nul_character_in_the_sign_in_email_is_refused(app, client):
    response = client.post("/login", data={"email": "a\x00b@example.test", "password": "x" * 12})
    assert response.status_code == 400


@pytest.mark.parametrize("path", [
    "/hr/requests/2147483648",
    "/hr/requests/2147483648/approve",
    "/hr/people/2147483648",
    "/hr/people/2147483648/edit",
    "/hr/locations/2147483648/edit",
    "/leave/requests/2147483648",
    "/leave/requests/2147483648/edit",
    "/hr/requests/2147483647",
])
def test_an_id_beyond_a_database_integer_is_a_404(hr_manager, client, path):
    method = "POST" if path.endswith("/approve") else "GET"
    assert client.open(path, method=method).status_code == 404


def test_an_id_in_other_digits_than_ascii_names_nothing(app, client):
    person = make_employee()
    sign_in(client, person.email)
    filed = requests.file_request(
        person, requests.RequestInput(role="birthing", event="birth", event_date=FUTURE), "k" * 20,
        submit=False)
    arabic_indic = str(filed.id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert client.get(f"/leave/requests/{filed.id}").status_code == 200
    assert client.get(f"/leave/requests/{arabic_indic}").status_code == 404


@pytest.mark.parametrize("path", [
    "/leave/?month=0001-01", "/team/?month=0001-01", "/hr/calendar?month=0001-01",
    "/leave/?month=1899-12", "/team/?month=2200-01", "/hr/calendar?month=9999-12",
])
def test_a_month_out_of_any_real_range_shows_this_month_with_a_note(hr_manager, client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert "We could not read that month, so here is this month instead." in (
        response.get_data(as_text=True))


def test_a_year_one_month_in_the_hr_queue_filter_is_named_and_ignored(hr_manager, client):
    response = client.get("/hr/?month=0001-01&status=everything")
    assert response.status_code == 200
    assert "is not a month written as YYYY-MM" in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["%C2%B2", "%D9%A1", "9" * 5000, "-1", "2147483648"])
def test_a_location_filter_that_is_no_known_location_is_ignored_with_a_note(
    hr_manager, client, value
):
    for path in ("/hr/calendar", "/hr/people"):
        response = client.get(f"{path}?location={value}")
        assert response.status_code == 200, path
        assert "That location is not one we know" in response.get_data(as_text=True), path


@pytest.mark.parametrize("value", ["%C2%B2", "9" * 5000, "2147483648"])
def test_starting_a_request_from_an_unreadable_one_starts_an_empty_form(app, client, value):
    person = make_employee()
    sign_in(client, person.email)
    assert client.get(f"/leave/requests/new?from={value}").status_code == 200


def test_a_nul_in_the_name_of_an_upload_larger_than_ordinary_forms_is_refused_too(
    hr_manager, client
):
    rows = "".join(f"p{n:05}@example.test,Person {n:05}\n" for n in range(50_000))
    upload = io.BytesIO(("email,name\n" + rows).encode())
    assert upload.getbuffer().nbytes > 1024 * 1024  # read by its view, with its own limit
    response = client.post("/hr/people/import", data={"csv_file": (upload, "people\x00.csv")})
    assert response.status_code == 400
    assert "Something in that request was not right" in response.get_data(as_text=True)
