"""Webhook events are written with the change that caused them: leave submitted, approved,
changed, cancelled, withdrawn or rejected, and people leaving (HR or the identity provider) or
coming back, and people added (by HR, an import or the identity provider). Payloads carry
ids, dates, status and pay dates, never a health detail."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.domain.errors import StaleRequest
from portal.domain.webhook_events import EVENTS, LEAVE_FIELDS, PERSON_FIELDS
from portal.domain.workflow import Action
from portal.extensions import db
from portal.models import WebhookDelivery
from portal.services import leavers, people_import, requests
from portal.services.people import PersonValues, save_person
from portal.services.scim.tokens import create_token
from portal.services.webhooks import endpoints
from tests.builders import make_employee, make_location

FUTURE = date.today() + timedelta(days=120)
MARKER = "HEALTH-MARKER-5c1e"
HEALTH_WORDS = ("nicu", "neonatal", "gestation", "loss", "pregnancy", "birth", "stillbirth",
                "event", "note", "role", "explanation", "grants", MARKER.lower())


@pytest.fixture
def people(app):
    office = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=office)
    employee = make_employee(name="Erin Employee", manager=manager, location=office,
                             email="erin@example.test", scim_external_id="ext-42")
    hr = make_employee(name="Harper HR", is_hr=True, location=office)
    other_hr = make_employee(name="Hollis HR", is_hr=True, location=office)
    return {"employee": employee, "manager": manager, "hr": hr, "other_hr": other_hr}


@pytest.fixture
def listening(people):
    """An endpoint for every event, one for approvals only, and one turned off."""
    everything, _ = endpoints.create_endpoint(people["hr"], "http://127.0.0.1:9/all", "",
                                              list(EVENTS))
    approvals, _ = endpoints.create_endpoint(people["hr"], "http://127.0.0.1:9/approved", "",
                                             ["leave.approved"])
    off, _ = endpoints.create_endpoint(people["hr"], "http://127.0.0.1:9/off", "", list(EVENTS))
    endpoints.set_active(off, False)
    return {"everything": everything, "approvals": approvals, "off": off}


def sent(endpoint=None) -> list[tuple[str, dict]]:
    db.session.expire_all()
    statement = select(WebhookDelivery).order_by(WebhookDelivery.id)
    if endpoint is not None:
        statement = statement.where(WebhookDelivery.endpoint_id == endpoint.id)
    return [(item.event_type, json.loads(item.body)) for item in db.session.scalars(statement)]


def types(endpoint) -> list[str]:
    return [event_type for event_type, _body in sent(endpoint)]


def file(person, key="key-1", **fields):
    values = dict(role="birthing", event="birth", event_date=FUTURE)
    values.update(fields)
    return requests.file_request(person, requests.RequestInput(**values), key, submit=True)


def test_approving_leave_queues_one_event_per_endpoint_that_asked_for_it(people, listening):
    request = file(people["employee"])
    requests.act(people["hr"], request, request.version, Action.APPROVE)
    assert types(listening["everything"]) == ["leave.submitted", "leave.approved"]
    assert types(listening["approvals"]) == ["leave.approved"]
    assert types(listening["off"]) == []
    (_type, body), = sent(listening["approvals"])
    data = body["data"]
    assert body["type"] == "leave.approved" and body["timestamp"].endswith("Z")
    assert data["request_id"] == request.id and data["status"] == "approved"
    assert data["person"] == {"id": people["employee"].id, "email": "erin@example.test",
                              "external_id": "ext-42"}
    assert data["start"] == request.start.isoformat()
    assert data["end"] == request.end.isoformat()
    assert data["return_date"] == request.return_date.isoformat()
    assert data["blocks"] == [{"start": request.start.isoformat(),
                               "end": request.end.isoformat()}]
    assert data["label"] == "Parental leave"
    assert set(data["pay"]) == {"statutory_end", "phased_return"}
    # The same event has one id on every endpoint.
    ids = {item.event_id for item in db.session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.event_type == "leave.approved"))}
    assert len(ids) == 1


def test_a_refused_change_queues_nothing(people, listening):
    request = file(people["employee"])
    before = len(sent())
    with pytest.raises(StaleRequest):
        requests.act(people["hr"], request, request.version - 1, Action.APPROVE)
    assert len(sent()) == before


def test_changes_cancellations_withdrawals_and_rejections_are_sent(people, listening):
    employee, hr = people["employee"], people["hr"]
    request = file(employee)
    requests.act(hr, request, request.version, Action.APPROVE)
    requests.grant_extra_days(hr, request, request.version, 5, "Twins")
    requests.act(employee, request, request.version, Action.CANCEL)
    withdrawn = file(employee, key="key-2")
    requests.act(employee, withdrawn, withdrawn.version, Action.WITHDRAW)
    rejected = file(employee, key="key-3")
    requests.act(hr, rejected, rejected.version, Action.REJECT, "Not this time")
    assert types(listening["everything"]) == [
        "leave.submitted", "leave.approved", "leave.changed", "leave.cancelled",
        "leave.submitted", "leave.withdrawn", "leave.submitted", "leave.rejected",
    ]
    changed = sent(listening["everything"])[2][1]["data"]
    assert changed["end"] == request.end.isoformat()


def test_a_draft_sends_nothing_until_it_is_submitted(people, listening):
    draft = requests.file_request(
        people["employee"], requests.RequestInput(role="birthing", event="birth",
                                                  event_date=FUTURE), "k", submit=False)
    requests.act(people["employee"], draft, draft.version, Action.WITHDRAW)
    assert sent() == []


def test_life_events_send_no_health_detail_in_any_payload(people, listening):
    employee, hr = people["employee"], people["hr"]
    request = file(employee, note_to_hr=MARKER)
    requests.act(hr, request, request.version, Action.APPROVE)
    requests.record_neonatal_care(employee, request, request.version, 20)
    lost = file(employee, key="key-2", event="pregnancy_loss",
                event_date=date.today() - timedelta(days=400), gestation_weeks=11,
                note_to_hr=MARKER)
    assert lost.status == "approved"
    everything = sent(listening["everything"])
    assert "leave.changed" in [event_type for event_type, _ in everything]
    for _event_type, body in everything:
        assert set(body) == {"type", "timestamp", "data"}
        assert set(body["data"]) <= LEAVE_FIELDS
        text = json.dumps(body).lower().replace("erin@example.test", "")
        for word in HEALTH_WORDS:
            assert word not in text, (word, body)


def test_an_integration_is_told_out_of_office_when_the_person_chose_it(people, listening):
    people["employee"].show_as_out_of_office = True
    db.session.commit()
    file(people["employee"])
    assert sent(listening["everything"])[0][1]["data"]["label"] == "Out of office"


def test_hr_deactivating_and_reactivating_someone_is_sent(people, listening):
    employee = people["employee"]
    leavers.deactivate(people["hr"], employee)
    leavers.reactivate(people["hr"], employee)
    assert types(listening["everything"]) == ["person.deactivated", "person.reactivated"]
    left = sent(listening["everything"])[0][1]["data"]["person"]
    assert left == {"id": employee.id, "email": "erin@example.test", "external_id": "ext-42",
                    "active": False}
    assert set(left) <= PERSON_FIELDS


def test_the_identity_provider_deprovisioning_someone_is_sent(app, people, listening):
    token = create_token("okta")
    person = make_employee(email="bjensen@example.com", scim_user_name="bjensen@example.com")
    response = app.test_client().delete(
        f"/scim/v2/Users/{person.id}", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 204
    ((event_type, body),) = sent(listening["everything"])
    assert event_type == "person.deactivated"
    assert body["data"]["person"]["id"] == person.id


def test_a_refused_deactivation_sends_nothing(people, listening):
    with pytest.raises(Exception, match="cannot deactivate yourself"):
        leavers.deactivate(people["hr"], people["hr"])
    assert sent() == []


def test_hr_adding_someone_is_sent_with_their_id(people, listening):
    office = people["hr"].location
    added = save_person(people["hr"], None, PersonValues(
        email="nia@example.test", name="Nia New", manager_email="", location_id=office.id,
        hire_date=None, is_hr=False), date.today())
    ((event_type, body),) = sent(listening["everything"])
    assert event_type == "person.created"
    assert body["data"]["person"] == {"id": added.id, "email": "nia@example.test",
                                      "external_id": None, "active": True}


def test_an_import_sends_one_event_per_new_person_and_none_for_a_changed_one(people,
                                                                             listening):
    rows = ["email,name,manager_email,location,hire_date,hr",
            "ann@example.test,Ann Able,,London,,",
            "bo@example.test,Bo Boss,ann@example.test,London,,",
            "erin@example.test,Erin Renamed,,London,,"]
    result = people_import.apply_file("\n".join(rows).encode(), "people.csv", people["hr"])
    assert (result.new, result.changed) == (2, 1)
    created = sent(listening["everything"])
    assert [event_type for event_type, _body in created] == ["person.created"] * 2
    assert [body["data"]["person"]["email"] for _type, body in created] == [
        "ann@example.test", "bo@example.test"]


def test_the_identity_provider_creating_and_reactivating_someone_is_sent(app, people,
                                                                         listening):
    make_location(name="Headquarters", country="GB", subdivision="ENG", is_default=True)
    client, token = app.test_client(), create_token("okta")

    def call(method, path, body):
        return client.open(f"/scim/v2{path}", method=method, json=body, headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/scim+json"})

    created = call("POST", "/Users", {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
        "userName": "bjensen@example.com", "displayName": "Barbara Jensen",
        "emails": [{"value": "bjensen@example.com", "primary": True}], "active": True})
    assert created.status_code == 201
    user = f"/Users/{created.get_json()['id']}"
    for active in (False, True, True):  # the second `true` changes nothing: no event
        answer = call("PATCH", user, {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [{"op": "replace", "value": {"active": active}}]})
        assert answer.status_code in (200, 204)  # 204: nothing changed
    assert types(listening["everything"]) == [
        "person.created", "person.deactivated", "person.reactivated"]
    assert sent(listening["everything"])[0][1]["data"]["person"]["email"] == "bjensen@example.com"
