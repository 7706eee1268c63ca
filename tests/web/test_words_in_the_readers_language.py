"""Words people read come in their own language and say exactly what they mean: programme and
expense names, month names, calendar tooltips, amounts with an unambiguous currency, the
calendar key on one's own calendar, and the pregnancy-loss card for a partner."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.services import requests
from tests.benefit_builders import make_claim
from tests.builders import make_employee, make_leave, make_location, sign_in

DECEMBER = "2026-12"
DUE = date.today() + timedelta(days=120)


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    return {
        "manager": manager,
        "employee": make_employee(name="Erin Employee", manager=manager, location=london),
        "hr": make_employee(name="Harper HR", is_hr=True, location=london),
    }


def page_of(app, person, url: str, language: str | None = None) -> str:
    if language:
        person.language = language
        db.session.commit()
    client = app.test_client()
    assert sign_in(client, person.email).status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


# -- Family benefits ----------------------------------------------------------------------------


def test_amounts_name_their_currency_by_its_code_so_no_dollar_is_mistaken(app, people):
    page = page_of(app, people["employee"], "/benefits/")
    assert "Up to <span data-testid=\"cap\">USD\u00a010,000.00</span> for each adoption." in page
    assert "USD\u00a020,000.00</span> for each surrogacy journey." in page
    assert "$" not in page


def test_the_benefits_page_in_german_names_the_journey_and_the_amount_in_german(app, people):
    page = page_of(app, people["employee"], "/benefits/", "de")
    assert "Bis zu <span data-testid=\"cap\">10.000,00\u00a0USD</span> je Adoption." in page
    assert "20.000,00\u00a0USD</span> je Leihmutterschaft." in page
    assert "je adoption" not in page and "je surrogacy" not in page
    assert "$" not in page


def test_the_new_claim_form_in_german_names_programmes_and_expenses_in_german(app, people):
    page = page_of(app, people["employee"], "/benefits/claims/new", "de")
    for german in ("Unterstützung bei der Adoption", "Vermittlungsgebühren",
                   "Anwalts- und Gerichtskosten", "Reise und Unterkunft"):
        assert german in page
    for english in ("Adoption assistance", "Agency fees", "Legal and court fees",
                    "Travel and lodging"):
        assert english not in page


def test_hr_reads_a_claims_expense_and_status_in_their_own_language(app, people):
    claim = make_claim(people["employee"])
    page = page_of(app, people["hr"], f"/hr/claims/{claim.id}", "de")
    assert "Ausgabe: Vermittlungsgebühren" in page
    assert "Agency fees" not in page and "Waiting for HR" not in page
    queue = page_of(app, people["hr"], "/hr/claims/")
    assert "Unterstützung bei der Adoption" in queue and "Adoption assistance" not in queue


# -- Calendars ----------------------------------------------------------------------------------


def test_my_month_in_german_names_the_month_and_the_holidays_in_german(app, people):
    make_leave(people["employee"], date(2026, 12, 7), date(2026, 12, 11))
    page = page_of(app, people["employee"], f"/leave/?month={DECEMBER}", "de")
    assert ">Dezember 2026</h2>" in page
    assert "Ihre Freistellung im Dezember 2026" in page
    assert "(Feiertag)" in page and ", genehmigt" in page
    for english in ("December", "(public holiday)", ", approved"):
        assert english not in page


def test_every_calendar_names_its_month_in_the_readers_language(app, people):
    for url in (f"/team/?month={DECEMBER}", f"/hr/calendar?month={DECEMBER}",
                f"/hr/payroll?month={DECEMBER}"):
        person = people["manager"] if url.startswith("/team") else people["hr"]
        page = page_of(app, person, url, "fr")
        assert "décembre 2026" in page and "December" not in page, url


def test_my_own_calendar_says_your_location_and_a_teams_says_their_location(app, people):
    mine = page_of(app, people["employee"], "/leave/")
    assert "Public holiday at your location" in mine and "Weekend at your location" in mine
    assert "at their location" not in mine
    team = page_of(app, people["manager"], "/team/")
    assert "Public holiday at their location" in team and "at your location" not in team
    german = page_of(app, people["employee"], "/leave/", "de")
    assert "Feiertag an Ihrem Standort" in german and "an ihrem Standort" not in german


# -- Settings -----------------------------------------------------------------------------------


def test_language_has_its_own_heading_in_settings(app, people):
    page = page_of(app, people["employee"], "/settings")
    language_heading = page.index(">Your language</h2>")
    field = page.index(">Language</label>")
    colleagues = page.index(">How colleagues see your leave</h2>")
    assert language_heading < field < colleagues


# -- A pregnancy loss ---------------------------------------------------------------------------


def request_page(app, person, role: str) -> str:
    request = requests.file_request(person, requests.RequestInput(role, "birth", DUE),
                                    f"loss-card-{role}", submit=True)
    return page_of(app, person, f"/leave/requests/{request.id}")


def test_a_partner_is_asked_about_the_pregnancy_not_their_own(app, people):
    page = request_page(app, people["employee"], "non_birthing")
    assert "If the pregnancy has ended" in page
    assert "your pregnancy" not in page


def test_the_birthing_parent_keeps_their_own_words_for_a_loss(app, people):
    page = request_page(app, people["employee"], "birthing")
    assert "If you have lost your pregnancy" in page
    assert "If the pregnancy has ended" not in page


def test_a_month_that_cannot_be_read_is_explained_in_the_readers_language(app, people):
    for person, url in ((people["employee"], "/leave/?month=soon"),
                        (people["manager"], "/team/?month=soon"),
                        (people["hr"], "/hr/calendar?month=soon")):
        page = page_of(app, person, url, "de")
        assert "We could not read that month" not in page, url


def test_hr_reads_the_queue_filters_and_a_requests_role_and_event_in_their_language(app,
                                                                                   people):
    request = requests.file_request(people["employee"], requests.RequestInput(
        "non_birthing", "birth", DUE), "hr-words", submit=True)
    page = page_of(app, people["hr"], f"/hr/requests/{request.id}")
    assert ">Non-birthing parent<" in page and ">Birth<" in page
    queue = page_of(app, people["hr"], "/hr/", "de")
    for english in ('>Approved, change pending<', '>Birth<', '>Pregnancy loss<'):
        assert english not in queue
    assert ">Genehmigt, Änderung ausstehend<" in queue and ">Geburt<" in queue
    german = page_of(app, people["hr"], f"/hr/requests/{request.id}", "de")
    assert "Non-birthing parent" not in german and ">Geburt<" in german
