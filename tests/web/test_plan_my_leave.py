"""The "Plan my leave" estimate page: kind questions, the result, nothing stored."""

from datetime import date

from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuthSession, Employee
from tests.builders import make_employee, make_location, sign_in


def signed_in(client, **fields):
    person = make_employee(**fields)
    sign_in(client, person.email)
    return person


def plan(client, **answers):
    return client.get("/leave/plan", query_string=answers).get_data(as_text=True)


def test_the_page_is_prefilled_with_the_employees_work_location(app, client):
    berlin = make_location(name="Berlin", country="DE", subdivision="BE", timezone="Europe/Berlin")
    make_location(name="Paris", country="FR", subdivision=None, timezone="Europe/Paris")
    signed_in(client, location=berlin)
    page = plan(client)
    assert f'<option selected value="{berlin.id}">Berlin (DE-BE)</option>' in page
    assert "your leave will appear here" in page


def test_the_estimate_shows_the_dates_breakdown_and_timeline(app, client):
    # Texas: federal FMLA only, shorter than the company's 26 weeks, so the company end stands.
    office = make_location(
        name="Austin", country="US", subdivision="TX", timezone="America/Chicago"
    )
    signed_in(client, location=office)
    page = plan(client, role="birthing", event="birth", event_date="2026-03-02", location=office.id)
    assert "Monday 2 March 2026" in page
    assert "Sunday 30 August 2026" in page
    assert '<dd class="col-sm-8" data-testid="return-date">Monday 31 August 2026</dd>' in page
    assert "26 weeks parental leave (birthing parent)" in page
    assert "Phased return" in page
    assert "<svg" in page and "url(#hatch)" not in page.split("<defs>")[0]
    assert "Labor Day" in page  # a public holiday near the return, at this location


def test_statutory_only_weeks_are_drawn_hatched(app, client):
    london = make_location(name="London", country="GB", subdivision="ENG")
    signed_in(client, location=london)
    page = plan(client, role="birthing", event="birth", event_date="2026-03-02", location=london.id)
    assert 'class="segment segment-statutory"' in page
    assert "Statutory leave, statutory pay or unpaid" in page


def test_an_error_is_shown_beside_its_field_and_every_answer_is_kept(app, client):
    office = make_location()
    signed_in(client, location=office)
    page = plan(
        client, role="adoptive", event="birth", event_date="2026-03-02", start="2026-03-09",
        location=office.id,
    )
    assert "is-invalid" in page.split('id="role"')[0].rsplit("<select", 1)[1] + page.split(
        'id="role"')[1].split(">")[0]
    assert "This role does not go with the event you chose." in page
    assert 'value="2026-03-09"' in page
    assert '<option selected value="adoptive">' in page


def test_a_date_that_is_not_a_date_is_refused_kindly(app, client):
    office = make_location()
    signed_in(client, location=office)
    page = plan(client, role="birthing", event="birth", event_date="soon", location=office.id)
    assert "Not a valid date value" in page
    assert "<li>Event date: Not a valid date value.</li>" in page


def test_questions_the_event_does_not_need_stay_out_of_the_way(app, client):
    office = make_location()
    signed_in(client, location=office)
    page = plan(client, role="adoptive", event="adoption", event_date="2026-05-04",
                location=office.id, gestation_weeks="30")
    gestation = page.split('for="gestation_weeks"')[0].rsplit("<div", 1)[1]
    nicu = page.split('for="nicu_days"')[0].rsplit("<div", 1)[1]
    assert 'data-shown-for="pregnancy_loss" hidden' in gestation
    # A newborn may be placed for adoption while in neonatal care (POLICY §2).
    assert 'data-shown-for="birth adoption surrogacy"' in nicu and "hidden" not in nicu
    # A hidden answer from an earlier choice is ignored, not held against the employee.
    assert "20 weeks parental leave (adoptive parent)" in page


def test_the_partial_returns_only_the_result_for_live_updates(app, client):
    office = make_location()
    signed_in(client, location=office)
    page = plan(client, partial=1, role="birthing", event="birth", event_date="2026-03-02",
                location=office.id)
    assert "<html" not in page
    assert "Your leave" in page


def test_the_estimate_uses_the_employees_hire_date_for_statutory_eligibility(app, client):
    office = make_location(name="NY", country="US", subdivision="NY", timezone="America/New_York")
    signed_in(client, location=office, hire_date=date(2026, 1, 5))
    page = plan(client, role="non_birthing", event="birth", event_date="2026-03-02",
                location=office.id)
    assert "FMLA job-protected leave is not included: it needs 12 months of service" in page


def test_nothing_is_stored(app, client):
    office = make_location()
    signed_in(client, location=office)
    before = db.session.scalar(select(func.count()).select_from(Employee))
    plan(client, role="birthing", event="birth", event_date="2026-03-02", location=office.id)
    assert db.session.scalar(select(func.count()).select_from(Employee)) == before
    assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 1
