""""Plan my leave" and "New request": only the role and event pairs that go together, the same
questions on both, and an estimate that agrees with the request it becomes."""

import re
from datetime import date, timedelta
from html import unescape

from sqlalchemy import select

from portal.domain.case import ALLOWED_PAIRS, Event, Role
from portal.extensions import db
from portal.forms.case_questions import EVENT_CHOICES
from portal.models import LeaveRequest
from tests.builders import make_employee, make_location, sign_in

DUE = date.today() + timedelta(days=60)
QUESTIONS = ("role", "event", "event_date", "expected_date", "start", "end", "nicu_days",
             "gestation_weeks", "babies", "child_number")


def signed_in(client, location):
    person = make_employee(location=location)
    assert sign_in(client, person.email).status_code == 302
    return person


def fields_of(page: str, form_id: str) -> set[str]:
    form = page.split(f'id="{form_id}"')[1].split("</form>")[0]
    return set(re.findall(r'<(?:input|select|textarea)[^>]* name="([a-z_]+)"', form))


def test_each_event_names_the_roles_that_go_with_it(app, client):
    signed_in(client, make_location())
    page = client.get("/leave/plan").get_data(as_text=True)
    offered = {}
    for choice in EVENT_CHOICES:
        option = re.search(rf'<option [^>]*value="{choice.value}"[^>]*>', page).group(0)
        offered[choice.value] = set(re.search(r'data-roles="([^"]*)"', option).group(1).split())
    assert {(Role(r), Event(e)) for e, roles in offered.items() for r in roles} == ALLOWED_PAIRS
    assert 'data-case-pairs' in page and "case_pairs.js" in page


def test_without_javascript_a_pair_that_does_not_go_together_is_refused_in_words(app, client):
    place = make_location()
    signed_in(client, place)
    for role, event in [("adoptive", "birth"), ("birthing", "adoption"),
                        ("non_birthing", "surrogacy"), ("adoptive", "pregnancy_loss")]:
        page = client.get("/leave/plan", query_string={
            "role": role, "event": event, "event_date": DUE.isoformat(), "location": place.id,
        }).get_data(as_text=True)
        assert "This role does not go with the event you chose." in page, (role, event)
        assert 'data-testid="estimate-dates"' not in page
        response = client.post("/leave/requests/new", data={
            "role": role, "event": event, "event_date": DUE.isoformat(),
            "submission_key": "k" * 24, "submit": "Submit request"})
        assert response.status_code == 400
        assert "This role does not go with the event you chose." in response.get_data(
            as_text=True)
    assert db.session.scalar(select(LeaveRequest.id)) is None


def test_both_forms_ask_the_same_questions(app, client):
    signed_in(client, make_location())
    plan = client.get("/leave/plan").get_data(as_text=True)
    new = client.get("/leave/requests/new").get_data(as_text=True)
    assert set(QUESTIONS) <= fields_of(plan, "plan-form")
    assert set(QUESTIONS) <= fields_of(new, "request-form")
    assert fields_of(plan, "plan-form") - fields_of(new, "request-form") == {"location", "submit"}


def summary(page: str) -> tuple[str, str]:
    """The return date and the "In all" line of an estimate or a request's page."""
    back = re.search(r'data-testid="return-date">([^<]+)<', page).group(1)
    in_all = re.search(r"In all</dt>\s*<dd[^>]*>([^<]+)<", page).group(1)
    return unescape(back), unescape(in_all)


def test_the_estimate_and_the_request_agree_for_twins_a_third_child_and_an_early_birth(
    app, client
):
    paris = make_location(name="Paris", country="FR", subdivision=None, timezone="Europe/Paris")
    signed_in(client, paris)
    case = {"role": "birthing", "event": "birth", "event_date": DUE.isoformat(),
            "expected_date": (DUE + timedelta(days=14)).isoformat(), "babies": "2",
            "child_number": "3"}
    estimate = client.get("/leave/plan", query_string={**case, "location": paris.id})
    plain = client.get("/leave/plan", query_string={
        **case, "location": paris.id, "babies": "1", "child_number": "1", "expected_date": ""})
    response = client.post("/leave/requests/new", data={
        **case, "submission_key": "k" * 24, "submit": "Submit request"})
    assert response.status_code == 302
    request_page = client.get(response.headers["Location"]).get_data(as_text=True)
    stored = db.session.scalars(select(LeaveRequest)).one()

    assert summary(estimate.get_data(as_text=True)) == summary(request_page)
    # The answers counted: one baby, a first child, on time, is shorter leave.
    assert summary(plain.get_data(as_text=True)) != summary(request_page)
    assert (stored.details.babies, stored.details.child_number) == (2, 3)
    assert stored.details.expected_date == DUE + timedelta(days=14)


def test_a_draft_keeps_the_answers_to_the_new_questions(app, client):
    signed_in(client, make_location())
    response = client.post("/leave/requests/new", data={
        "role": "adoptive", "event": "adoption", "event_date": DUE.isoformat(), "babies": "2",
        "child_number": "2", "submission_key": "k" * 24, "save_draft": "Save draft"})
    assert response.status_code == 302
    draft = db.session.scalars(select(LeaveRequest)).one()
    page = client.get(f"/leave/requests/{draft.id}/edit").get_data(as_text=True)
    assert re.search(r'id="babies"[^>]*value="2"|value="2"[^>]*id="babies"', page)
    assert re.search(r'id="child_number"[^>]*value="2"|value="2"[^>]*id="child_number"', page)
