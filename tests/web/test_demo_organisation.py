"""`flask seed-demo`: a demo organisation spread over several countries."""

from collections import Counter

from sqlalchemy import select

from config import ProductionConfig
from portal.extensions import db
from portal.models import Employee, Location
from portal.services.demo import DEMO_PASSWORD
from tests.builders import sign_in


def _everyone() -> list[Employee]:
    return list(db.session.scalars(select(Employee)))


def test_seed_demo_creates_about_seventy_people_in_the_required_locations(runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert DEMO_PASSWORD in result.output
    people = _everyone()
    assert 65 <= len(people) <= 75
    places = {location.jurisdiction for location in db.session.scalars(select(Location))}
    assert {"US-CA", "US-NY", "GB-ENG", "DE-BE", "IN-KA", "FR"} <= places
    assert {"CA-ON", "AU-NSW", "ES-MD", "NL", "JP"} <= places
    assert len({person.location_id for person in people}) >= 11


def test_every_location_of_the_demo_has_people_and_statutory_rules(runner):
    runner.invoke(args=["seed-demo"])
    from portal.services.locations import statutory_rules_for

    for location in db.session.scalars(select(Location)):
        assert location.employees, location.name
        assert statutory_rules_for(location), location.name


def test_the_demo_has_four_managers_one_managing_a_manager_and_two_hr_people(runner):
    runner.invoke(args=["seed-demo"])
    people = _everyone()
    report_counts = Counter(person.manager_id for person in people if person.manager_id)
    managers = {person.id for person in people if report_counts[person.id]}
    assert len(managers) == 4
    assert any(person.manager_id in managers for person in people if person.id in managers)
    assert sum(person.is_hr for person in people) == 2


def test_the_three_fixed_accounts_exist_and_employee_reports_to_manager(runner):
    runner.invoke(args=["seed-demo"])
    by_email = {person.email: person for person in _everyone()}
    employee, manager, hr = (
        by_email[f"{who}@example.com"] for who in ("employee", "manager", "hr")
    )
    assert employee.manager_id == manager.id
    assert hr.is_hr and not manager.is_hr and not employee.is_hr


def test_every_demo_account_signs_in_with_the_demo_password(runner, client):
    runner.invoke(args=["seed-demo"])
    for who in ("employee", "manager", "hr"):
        response = sign_in(client, f"{who}@example.com", DEMO_PASSWORD)
        assert response.status_code == 302, who
        client.post("/logout")


def test_seed_demo_is_idempotent(runner):
    runner.invoke(args=["seed-demo"])
    count = len(_everyone())
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    assert "nothing changed" in result.output
    assert len(_everyone()) == count


def test_seed_demo_is_refused_under_the_production_configuration(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "NAME", ProductionConfig.NAME)
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 2
    assert "refused under the production configuration" in result.output
    assert _everyone() == []
