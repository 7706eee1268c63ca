"""HR's Rules page: every statutory rule in force, by jurisdiction, and who may open it."""

import html

import pytest

from tests.builders import make_employee, sign_in

URL = "/hr/rules/"


def page_of(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture
def hr(app, client):
    person = make_employee(name="Harper HR", is_hr=True)
    sign_in(client, person.email)
    return person


def test_hr_sees_every_jurisdiction_with_its_rules(hr, client):
    response = client.get(URL)
    assert response.status_code == 200
    page = page_of(response)
    for code in ("AU", "CA-ON", "DE", "ES", "FR", "GB", "IE", "IN", "JP", "NL", "US", "US-CA",
                 "US-NY"):
        assert f'data-jurisdiction="{code}"' in page, code
    assert 'href="/hr/rules/" aria-current="page">Rules</a>' in page


def test_each_rule_shows_what_it_grants_what_it_is_counted_from_its_source_and_date(hr, client):
    page = page_of(client.get(URL))
    assert '<tr data-rule-id="FR.conge_maternite">' in page
    row = page.split('<tr data-rule-id="FR.conge_maternite">')[1].split("</tr>")[0]
    assert "6 weeks before the expected date and 10 weeks after the birth" in row
    assert "back from the expected date, and on from the birth" in row
    assert 'href="https://www.service-public.gouv.fr/particuliers/vosdroits/F2265"' in row
    assert "1 January 2016" in row
    gb = page.split('<tr data-rule-id="GB.maternity">')[1].split("</tr>")[0]
    assert "the first day of leave" in gb


def test_thresholds_compulsory_periods_and_notes_are_shown(hr, client):
    page = page_of(client.get(URL))
    assert "from 85 days of pregnancy (12 weeks and 1 day)" in page
    assert '<tr data-rule-id="JP.compulsory">' in page
    assert '<li data-rule-id="DE.elternzeit">' in page
    assert "German parental leave (Elternzeit)" in page


def test_rules_no_longer_in_force_are_not_listed(hr, client):
    page = page_of(client.get(URL))
    assert "ES.birth_and_care_leave_16_weeks" not in page
    assert '<tr data-rule-id="ES.birth_and_care_leave">' in page


def test_the_page_is_linked_from_the_hr_pages(hr, client):
    assert '<a class="nav-link" href="/hr/rules/">Rules</a>' in page_of(client.get("/hr/"))


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_employees_and_managers_are_refused(app, client, who):
    person = make_employee()
    if who == "manager":
        make_employee(manager=person)
    sign_in(client, person.email)
    assert client.get(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(app, client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]
