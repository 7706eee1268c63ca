"""HR's Locations pages: the list with head counts and statutory rules, adding, editing and
deleting a location, refusals that keep what was typed, and who may open the pages."""

import html
import re

import pytest

from portal.app import create_app
from portal.extensions import db
from portal.models import Employee, Location
from tests.builders import make_employee, make_location, sign_in, statements_for
from tests.fixtures import FreshContextClient, config_for

GOOD = {
    "name": "Berlin",
    "country": "DE",
    "subdivision": "BE",
    "timezone": "Europe/Berlin",
    "weekend": ["5", "6"],
    "submit": "Save location",
}


@pytest.fixture
def hr(app, client):
    person = make_employee(name="Harper HR", is_hr=True)
    sign_in(client, person.email)
    return person


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def row_of(page: str, location: Location) -> str:
    found = re.search(rf'<tr data-location-id="{location.id}">(.*?)</tr>', page, re.S)
    assert found, f"no row for {location.name}"
    return found.group(1)


def field_value(page: str, name: str) -> str:
    return re.search(rf'<input [^>]*name="{name}"[^>]*value="([^"]*)"', page).group(1)


def location_named(name: str) -> Location | None:
    return db.session.scalar(db.select(Location).where(Location.name == name))


# -- The list ------------------------------------------------------------------------------


def test_the_list_shows_each_location_by_name_with_the_active_people_there(hr, client):
    london = make_location(name="London", country="GB", subdivision="ENG",
                           timezone="Europe/London")
    austin = make_location(name="Austin", country="US", subdivision="TX",
                           timezone="America/Chicago", weekend_days="45")
    for _ in range(3):
        make_employee(location=london)
    make_employee(location=london, active=False)
    response = client.get("/hr/locations/")
    page = page_of(response)
    assert response.status_code == 200
    assert page.index("Austin") < page.index("London")
    assert re.search(r'data-testid="people-count">3 <span[^>]*>\(and 1 who left\)', page)
    assert 'data-testid="people-count">0</td>' in row_of(page, austin)
    texts = re.sub(r"<[^>]+>", " ", row_of(page, austin))
    for shown in ("Austin", "US", "TX", "America/Chicago", "Friday and Saturday"):
        assert shown in texts
    assert "Saturday and Sunday" in row_of(page, london)


def test_the_list_is_linked_from_every_hr_page_as_locations(hr, client):
    page = page_of(client.get("/hr/"))
    assert '<a class="nav-link" href="/hr/locations/">Locations</a>' in page
    page = page_of(client.get("/hr/locations/"))
    assert 'href="/hr/locations/" aria-current="page">Locations</a>' in page
    assert '<a class="btn btn-primary" href="/hr/locations/new">Add location</a>' in page


def test_the_statutory_rules_of_the_country_and_region_are_shown_with_their_sources(hr, client):
    california = make_location(name="San Francisco", country="US", subdivision="CA",
                               timezone="America/Los_Angeles")
    london = make_location(name="London")
    page = page_of(client.get("/hr/locations/"))
    row = row_of(page, california)
    assert ("<strong>FMLA job-protected leave</strong>: 12 weeks, after 12 months of service "
            "(the US)") in row
    assert ("<strong>CFRA bonding leave</strong>: 12 weeks, after 12 months of service "
            "(California)") in row
    assert "<strong>Reproductive loss leave</strong>: 5 days (California)" in row
    assert 'href="https://www.dol.gov/agencies/whd/fmla"' in row
    assert "from 1 Jan 2021" in row
    row = row_of(page, london)
    assert "<strong>Statutory maternity leave</strong>: 52 weeks (the UK)" in row
    assert "<summary>Unpaid parental leave (the UK)</summary>" in row
    assert 'href="https://www.gov.uk/maternity-pay-leave/leave"' in row
    assert "2007-04-01" not in row


def test_a_rule_whose_length_depends_on_the_case_says_so(hr, client):
    berlin = make_location(name="Berlin", country="DE", subdivision="BE",
                           timezone="Europe/Berlin")
    row = row_of(page_of(client.get("/hr/locations/")), berlin)
    assert ("<strong>Mutterschutz before and after the birth</strong>: the length depends on "
            "the case (Germany)") in row


def test_a_country_without_statutory_data_says_the_company_policy_alone_applies(hr, client):
    lisbon = make_location(name="Lisbon", country="PT", subdivision=None,
                           timezone="Europe/Lisbon")
    row = row_of(page_of(client.get("/hr/locations/")), lisbon)
    assert ("The portal holds no statutory leave rules for this country, so the company policy "
            "alone applies here.") in row
    assert 'data-testid="statutory-rules"' not in row


def test_the_list_makes_the_same_number_of_queries_for_2_or_20_locations(hr, client):
    def filled(count):
        for _ in range(count):
            place = make_location()
            make_employee(location=place)
            make_employee(location=place, active=False)

    filled(1)  # HR's own location makes the second
    few, page = statements_for(client, "/hr/locations/")
    assert page.count("<tr data-location-id=") == 2
    filled(18)
    many, page = statements_for(client, "/hr/locations/")
    assert page.count("<tr data-location-id=") == 20
    assert few == many


# -- Adding and editing ---------------------------------------------------------------------


def test_hr_adds_a_location_and_its_values_are_stored_as_the_holidays_package_spells_them(
    hr, client
):
    form = page_of(client.get("/hr/locations/new"))
    assert "<h1 class=\"h3\">Add location</h1>" in form
    assert re.search(r'<input checked[^>]*value="5"', form)  # Saturday and Sunday by default
    assert re.search(r'<input checked[^>]*value="6"', form)
    response = client.post("/hr/locations/new", data={
        **GOOD, "name": "  Berlin   office ", "country": "de", "subdivision": "be",
        "timezone": "europe/berlin", "weekend": ["6", "4"],
    })
    assert response.status_code == 302
    assert response.headers["Location"] == "/hr/locations/"
    berlin = location_named("Berlin office")
    assert (berlin.country, berlin.subdivision, berlin.timezone, berlin.weekend_days) == (
        "DE", "BE", "Europe/Berlin", "46")
    page = page_of(client.get("/hr/locations/"))
    assert "Berlin office is saved." in page
    assert "Friday and Sunday" in row_of(page, berlin)


def test_a_region_may_be_given_by_name_or_left_empty(hr, client):
    client.post("/hr/locations/new", data={**GOOD, "name": "LA", "country": "US",
                                           "subdivision": "California",
                                           "timezone": "America/Los_Angeles"})
    client.post("/hr/locations/new", data={**GOOD, "name": "Dublin", "country": "IE",
                                           "subdivision": "", "timezone": "Europe/Dublin"})
    assert location_named("LA").subdivision == "CA"
    assert location_named("Dublin").subdivision is None


def test_every_region_the_holidays_package_knows_fits_however_long_its_code(hr, client):
    response = client.post("/hr/locations/new", data={
        **GOOD, "name": "São Paulo", "country": "BR", "subdivision": "são paulo capital",
        "timezone": "America/Sao_Paulo"})
    assert response.status_code == 302
    assert location_named("São Paulo").subdivision == "São Paulo Capital"


def test_the_edit_form_shows_the_location_as_it_is(hr, client):
    place = make_location(name="Tel Aviv", country="IL", subdivision=None,
                          timezone="Asia/Jerusalem", weekend_days="45")
    page = page_of(client.get(f"/hr/locations/{place.id}/edit"))
    assert "<h1 class=\"h3\">Edit Tel Aviv</h1>" in page
    assert field_value(page, "name") == "Tel Aviv"
    assert field_value(page, "country") == "IL"
    assert field_value(page, "subdivision") == ""
    assert field_value(page, "timezone") == "Asia/Jerusalem"
    checked = re.findall(r'<input checked[^>]*name="weekend"[^>]*value="(\d)"', page)
    assert checked == ["4", "5"]


def test_changing_the_time_zone_moves_everyone_at_that_location_to_it(hr, client):
    office = make_location(name="Chicago", country="US", subdivision="IL",
                           timezone="America/Chicago")
    here = [make_employee(location=office), make_employee(location=office, active=False)]
    elsewhere = make_employee()
    response = client.post(f"/hr/locations/{office.id}/edit", data={
        **GOOD, "name": "Chicago", "country": "US", "subdivision": "IL",
        "timezone": "America/New_York",
    })
    assert response.status_code == 302
    assert db.session.get(Location, office.id).timezone == "America/New_York"
    for person in here:
        assert db.session.get(Employee, person.id).timezone == "America/New_York"
    assert db.session.get(Employee, elsewhere.id).timezone == "Europe/London"


def test_a_location_may_keep_its_own_name_in_other_letters(hr, client):
    office = make_location(name="Paris", country="FR", subdivision=None, timezone="Europe/Paris")
    response = client.post(f"/hr/locations/{office.id}/edit", data={
        **GOOD, "name": "PARIS", "country": "FR", "subdivision": "", "timezone": "Europe/Paris",
    })
    assert response.status_code == 302
    assert db.session.get(Location, office.id).name == "PARIS"


@pytest.mark.parametrize("typed,field,message", [
    ({"country": "XX"}, "country", "“XX” is not a country code we know"),
    ({"country": "G1"}, "country", "Two letters, such as GB, DE or US."),
    ({"country": ""}, "country", "Please give the country's two-letter code, such as GB."),
    ({"subdivision": "Narnia"}, "subdivision", "“Narnia” is not a region of DE we know."),
    ({"timezone": "Europe/Atlantis"}, "timezone", "“Europe/Atlantis” is not a time zone we know"),
    ({"weekend": []}, "weekend", "Please tick at least one weekend day."),
    ({"weekend": [str(day) for day in range(7)]}, "weekend",
     "Please leave at least one working day unticked."),
    ({"weekend": ["9"]}, "weekend", "not a valid choice"),
    ({"name": ""}, "name", "Please give the location a name."),
])
def test_a_wrong_value_is_named_beside_its_field_and_what_was_typed_stays(
    hr, client, typed, field, message
):
    data = {**GOOD, "name": "Typed name", "subdivision": "BE", "timezone": "Europe/Berlin",
            **typed}
    response = client.post("/hr/locations/new", data=data)
    page = page_of(response)
    assert response.status_code == 400
    assert re.search(r'<div class="invalid-feedback[^"]*">[^<]*' + re.escape(message), page)
    assert 'is-invalid' in page
    for kept in ("name", "country", "subdivision", "timezone"):
        assert field_value(page, kept) == data[kept]
    assert db.session.scalar(db.select(db.func.count(Location.id))) == 1  # HR's own


def test_every_wrong_value_is_named_at_once(hr, client):
    response = client.post("/hr/locations/new", data={
        **GOOD, "subdivision": "Narnia", "timezone": "Nowhere/Town", "weekend": []})
    page = page_of(response)
    assert response.status_code == 400
    assert "“Narnia” is not a region of DE we know." in page
    assert "“Nowhere/Town” is not a time zone we know." in page
    assert "Please tick at least one weekend day." in page


def test_a_name_already_used_in_any_letters_is_refused_and_nothing_changes(hr, client):
    make_location(name="Munich", country="DE", subdivision="BY", timezone="Europe/Berlin")
    other = make_location(name="Hamburg", country="DE", subdivision="HH",
                          timezone="Europe/Berlin")
    response = client.post("/hr/locations/new", data={**GOOD, "name": "munich"})
    assert response.status_code == 400
    page = page_of(response)
    assert "Another location is already called “munich”. Please choose another name." in page
    assert field_value(page, "name") == "munich"
    response = client.post(f"/hr/locations/{other.id}/edit", data={
        **GOOD, "name": "MUNICH", "timezone": "Europe/London"})
    assert response.status_code == 400
    assert db.session.get(Location, other.id).timezone == "Europe/Berlin"
    assert db.session.scalar(db.select(db.func.count(Location.id))) == 3


def test_an_unknown_location_is_not_found(hr, client):
    assert client.get("/hr/locations/999999/edit").status_code == 404
    assert client.post("/hr/locations/999999/edit", data=GOOD).status_code == 404
    assert client.post("/hr/locations/999999/delete").status_code == 404


# -- Deleting ---------------------------------------------------------------------------------


def test_a_location_nobody_works_at_can_be_deleted(hr, client):
    empty = make_location(name="Empty office")
    empty_id = empty.id
    page = page_of(client.get("/hr/locations/"))
    assert f'action="/hr/locations/{empty_id}/delete"' in row_of(page, empty)
    assert 'name="csrf_token"' in row_of(page, empty)
    response = client.post(f"/hr/locations/{empty_id}/delete")
    assert response.status_code == 302
    assert db.session.get(Location, empty_id) is None
    assert "Empty office is deleted." in page_of(client.get("/hr/locations/"))


@pytest.mark.parametrize("active", [True, False])
def test_a_location_someone_works_or_worked_at_cannot_be_deleted(hr, client, active):
    office = make_location(name="Busy office")
    make_employee(location=office, active=active)
    page = page_of(client.get("/hr/locations/"))
    assert "/delete" not in row_of(page, office)
    response = client.post(f"/hr/locations/{office.id}/delete")
    assert response.status_code == 302
    assert db.session.get(Location, office.id) is not None
    page = page_of(client.get("/hr/locations/"))
    assert ("Busy office cannot be deleted: 1 person works or worked there, and their records "
            "need it. Move them to another location first.") in page


# -- Who may use the pages ------------------------------------------------------------------

PAGES = [
    ("GET", "/hr/locations/"),
    ("GET", "/hr/locations/new"),
    ("POST", "/hr/locations/new"),
    ("GET", "/hr/locations/{id}/edit"),
    ("POST", "/hr/locations/{id}/edit"),
    ("POST", "/hr/locations/{id}/delete"),
]


@pytest.mark.parametrize("method,path", PAGES)
def test_employees_and_managers_are_turned_away_and_change_nothing(app, method, path):
    manager = make_employee()
    employee = make_employee(manager=manager)
    place = make_location(name="Kept")
    for person in (employee, manager):
        client = app.test_client()
        sign_in(client, person.email)
        response = client.open(path.format(id=place.id), method=method, data=GOOD)
        assert response.status_code == 403
    assert db.session.get(Location, place.id).name == "Kept"
    assert location_named("Berlin") is None


@pytest.mark.parametrize("method,path", PAGES)
def test_signing_in_is_needed(app, client, method, path):
    place = make_location(name="Kept")
    response = client.open(path.format(id=place.id), method=method, data=GOOD)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.get(Location, place.id) is not None


def test_every_form_carries_a_csrf_token_and_needs_it(hr, database_url_for_tests):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    client = checked.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    sign_in(client, hr.email, csrf_token=token)
    empty_id = make_location(name="Empty office").id

    form = client.get("/hr/locations/new").get_data(as_text=True)
    assert 'name="csrf_token"' in form
    assert client.post("/hr/locations/new", data=GOOD).status_code == 400
    assert location_named("Berlin") is None
    assert client.post(f"/hr/locations/{empty_id}/delete").status_code == 400
    assert db.session.get(Location, empty_id) is not None

    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    assert client.post("/hr/locations/new", data={**GOOD, "csrf_token": token}).status_code == 302
    assert location_named("Berlin") is not None
    response = client.post(f"/hr/locations/{empty_id}/delete", data={"csrf_token": token})
    assert response.status_code == 302
    assert db.session.get(Location, empty_id) is None
