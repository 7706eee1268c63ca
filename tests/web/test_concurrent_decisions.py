"""Two HR people deciding the same request at the same moment: one decision, never two.

Real threads, each in its own app context (its own session and connection), on the test
database: a SQLite file, or PostgreSQL when TEST_DATABASE_URL names one. A barrier makes both
load the same version before either commits.
"""

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.domain.errors import StaleRequest
from portal.domain.workflow import Action, Status
from portal.extensions import db
from portal.models import Employee, RequestEvent
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

ROUNDS = 5
DECISIONS = {Action.APPROVE: Status.APPROVED, Action.REJECT: Status.REJECTED}
FUTURE = date.today() + timedelta(days=120)


@pytest.fixture
def people(app):
    office = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=office)
    return {
        "employee": make_employee(name="Erin Employee", manager=manager, location=office),
        "hr": make_employee(name="Harper HR", is_hr=True, location=office),
        "other_hr": make_employee(name="Hollis HR", is_hr=True, location=office),
    }


def file(employee, key: str):
    data = requests.RequestInput(role="birthing", event="birth", event_date=FUTURE)
    return requests.file_request(employee, data, key, submit=True)


def decide_at_once(app, request_id: int, deciders: list[tuple[int, Action, str]]) -> list:
    """Each decider loads the request in its own thread, waits for the others, then acts.
    Returns what happened to each: the action that was recorded, or the exception raised."""
    barrier = threading.Barrier(len(deciders))
    outcomes: list = [None] * len(deciders)

    def decide(slot: int, hr_id: int, action: Action, note: str) -> None:
        with app.app_context():
            try:
                hr = db.session.get(Employee, hr_id)
                leave_request = requests.get_request(request_id)
                opened = leave_request.version
                barrier.wait(timeout=10)
                requests.act(hr, leave_request, opened, action, note)
                outcomes[slot] = action
            except Exception as error:  # what the other person would have seen
                outcomes[slot] = error
            finally:
                db.session.rollback()
                db.session.remove()

    threads = [
        threading.Thread(target=decide, args=(slot, *decider))
        for slot, decider in enumerate(deciders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_hr_people_deciding_at_once_record_exactly_one_decision(app, people):
    report = []
    for round_number in range(ROUNDS):
        # A person of their own each round: one leave at a time per person.
        parent = make_employee(name=f"Erin {round_number}", location=people["employee"].location)
        leave_request = file(parent, f"race-{round_number}")
        request_id = leave_request.id
        outcomes = decide_at_once(app, request_id, [
            (people["hr"].id, Action.APPROVE, ""),
            (people["other_hr"].id, Action.REJECT, "The dates overlap"),
        ])
        report.append(outcomes)

        winners = [outcome for outcome in outcomes if isinstance(outcome, Action)]
        assert len(winners) == 1, f"round {round_number}: {outcomes!r}"
        db.session.expire_all()
        decisions = db.session.scalars(
            select(RequestEvent.action).where(
                RequestEvent.request_id == request_id,
                RequestEvent.action.in_([Action.APPROVE, Action.REJECT]),
            )
        ).all()
        assert decisions == [winners[0]]
        assert requests.get_request(request_id).status == DECISIONS[winners[0]]
    print(f"\n{ROUNDS} races on {db.engine.dialect.name}: " + ", ".join(
        f"{'/'.join(type(o).__name__ if isinstance(o, Exception) else o for o in round_)}"
        for round_ in report))
    # The other person is told the request changed, whichever step of the save noticed it.
    losers = [o for round_ in report for o in round_ if not isinstance(o, Action)]
    assert all(isinstance(loser, StaleRequest) for loser in losers), losers
    assert all("changed since you opened it" in str(loser) for loser in losers)


def test_the_second_person_to_decide_on_the_page_gets_409_and_the_page_as_it_stands(
    app, people
):
    leave_request = file(people["employee"], "page-race")
    harper, hollis = app.test_client(), app.test_client()
    sign_in(harper, people["hr"].email)
    sign_in(hollis, people["other_hr"].email)
    path = f"/hr/requests/{leave_request.id}"
    assert harper.get(path).status_code == hollis.get(path).status_code == 200
    opened = leave_request.version

    assert harper.post(f"{path}/approve", data={"version": opened}).status_code == 302
    response = hollis.post(f"{path}/reject", data={"version": opened, "reason": "Overlaps"})

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This request changed since you opened it" in page
    assert 'data-testid="status">Approved<' in page
    assert 'type="submit">Reject</button>' not in page  # no longer a choice
    db.session.expire_all()
    assert leave_request.status == Status.APPROVED
    actions = [entry.action for entry in leave_request.history]
    assert actions.count("approve") == 1 and "reject" not in actions


def test_what_the_second_person_typed_stays_on_the_page_with_the_new_version(app, people):
    leave_request = file(people["employee"], "typed-race")
    harper, hollis = app.test_client(), app.test_client()
    sign_in(harper, people["hr"].email)
    sign_in(hollis, people["other_hr"].email)
    path = f"/hr/requests/{leave_request.id}"
    opened = leave_request.version

    assert harper.post(f"{path}/approve", data={"version": opened}).status_code == 302
    response = hollis.post(f"{path}/extra-days", data={
        "version": opened, "days": "12", "reason": "A long hospital stay"})

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert 'value="12"' in page and "A long hospital stay</textarea>" in page
    db.session.expire_all()
    assert f'<input name="version" type="hidden" value="{leave_request.version}">' in page
    assert leave_request.details.extra_days == 0
