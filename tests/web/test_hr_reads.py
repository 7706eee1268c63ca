"""Privacy, completely: every time HR reads a request's sensitive details, its history says so,
including when the queue is filtered by event (the event is one of those details)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import LeaveRequest, RequestEvent
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

FUTURE = date.today() + timedelta(days=120)


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    return {
        "london": london,
        "hr": make_employee(name="Harper HR", is_hr=True, location=london),
    }


def file(person, **fields) -> LeaveRequest:
    values = dict(role="birthing", event="birth", event_date=FUTURE)
    values.update(fields)
    return requests.file_request(person, requests.RequestInput(**values), "key-1", submit=True)


def reads(action: str) -> list[tuple[int, int]]:
    rows = db.session.execute(
        select(RequestEvent.request_id, RequestEvent.actor_id)
        .where(RequestEvent.action == action).order_by(RequestEvent.id))
    return [(request_id, actor_id) for request_id, actor_id in rows]


def test_every_opening_of_a_request_by_hr_is_recorded(app, client, people):
    leave = file(make_employee(location=people["london"]))
    sign_in(client, people["hr"].email)
    for _ in range(3):
        assert client.get(f"/hr/requests/{leave.id}").status_code == 200
    assert reads("viewed_details") == [(leave.id, people["hr"].id)] * 3


def test_filtering_the_queue_by_event_is_recorded_on_each_request_it_shows(app, client, people):
    place = people["london"]
    adoptions = [file(make_employee(location=place), role="adoptive", event="adoption")
                 for _ in range(2)]
    birth = file(make_employee(location=place))
    own = file(people["hr"], role="adoptive", event="adoption")  # HR's own: theirs to read
    sign_in(client, people["hr"].email)

    page = client.get("/hr/?event=adoption").get_data(as_text=True)

    assert all(f'data-request-id="{leave.id}"' in page for leave in (*adoptions, own))
    assert sorted(reads("listed_by_event")) == sorted(
        (leave.id, people["hr"].id) for leave in adoptions)
    db.session.expire_all()
    history = client.get(f"/hr/requests/{adoptions[0].id}").get_data(as_text=True)
    assert "Harper HR" in history and "Listed it by filtering the queue by event" in history
    assert birth.history[-1].action == "submit"


def test_the_queue_without_an_event_filter_records_nothing(app, client, people):
    file(make_employee(location=people["london"]))
    sign_in(client, people["hr"].email)
    assert client.get("/hr/?status=all").status_code == 200
    assert reads("listed_by_event") == [] and reads("viewed_details") == []
