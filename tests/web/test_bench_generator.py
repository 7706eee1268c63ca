"""The benchmark's organisation generator (bench/generate.py), at a small size."""

from collections import Counter
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from bench.generate import MAX_DEPTH, MAX_SPAN, build_organisation
from portal.domain import workflow
from portal.domain.workflow import Action, Status
from portal.extensions import db
from portal.models import (
    Employee,
    LeaveRequest,
    Location,
    PlanBlock,
    RequestDetails,
    RequestEvent,
    RequestRevision,
)
from portal.services import demo, requests
from tests.builders import make_employee, sign_in
from tests.fixtures import empty_all_tables

PEOPLE = 300


@pytest.fixture
def org(app):
    return build_organisation(PEOPLE, seed=7)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _people() -> dict[int, Employee]:
    return {person.id: person for person in db.session.scalars(select(Employee))}


def _depths(people: dict[int, Employee]) -> dict[int, int]:
    depths = {}
    for person in people.values():
        depth, boss, seen = 0, person.manager_id, {person.id}
        while boss is not None:
            assert boss not in seen, "the management tree has a loop"
            seen.add(boss)
            depth, boss = depth + 1, people[boss].manager_id
        depths[person.id] = depth
    return depths


def _below(people: dict[int, Employee], manager_id: int) -> set[int]:
    found, waiting = set(), [manager_id]
    while waiting:
        boss = waiting.pop()
        reports = [p.id for p in people.values() if p.manager_id == boss]
        found.update(reports)
        waiting.extend(reports)
    return found


def test_the_generator_makes_the_people_locations_hr_and_requests_asked_for(org):
    assert _count(Employee) == PEOPLE == org.employees
    assert {location.name for location in db.session.scalars(select(Location))} == {
        spec.name for spec in demo.LOCATIONS
    }
    assert db.session.scalar(select(func.count()).where(Employee.is_hr)) == 2
    assert _count(LeaveRequest) == org.requests
    assert 0.55 * PEOPLE <= org.requests <= 0.6 * PEOPLE
    assert _count(RequestDetails) == org.requests
    assert len({person.location_id for person in _people().values()}) == len(demo.LOCATIONS)


def test_the_management_tree_has_one_head_and_is_at_most_eight_wide_and_six_deep(org):
    people = _people()
    assert [p.id for p in people.values() if p.manager_id is None] == [1]
    spans = Counter(p.manager_id for p in people.values() if p.manager_id is not None)
    assert max(spans.values()) <= MAX_SPAN
    assert spans[1] == MAX_SPAN  # the top of the organisation is full
    assert max(_depths(people).values()) <= MAX_DEPTH


def test_requests_come_in_every_state_with_details_blocks_and_history(org):
    states = Counter(
        workflow.state_of(status, pending)
        for status, pending in db.session.execute(
            select(LeaveRequest.status, LeaveRequest.change_pending)
        )
    )
    assert set(states) == {*Status, workflow.CHANGE_PENDING}
    assert states[Status.APPROVED] > states[Status.SUBMITTED] > states[Status.DRAFT]
    assert org.statuses == states
    now = datetime.now(UTC)
    for request in db.session.scalars(select(LeaveRequest)):
        assert 1 <= len(request.blocks) <= 3
        assert request.start == request.blocks[0].start and request.end == request.blocks[-1].end
        assert request.return_date > request.end
        assert request.policy_id == request.details.entitlement["policy"]
        assert request.history and all(e.created_at <= now for e in request.history)
        assert [e.created_at for e in request.history] == sorted(e.created_at for e in
                                                                  request.history)
        assert (request.submitted_at is None) == (request.status == Status.DRAFT)
        if request.change_pending:
            assert [r.status for r in request.revisions] == ["pending"]


def test_leave_lies_around_today_in_the_past_present_and_future(org):
    today = datetime.now(UTC).date()
    starts = list(db.session.scalars(select(LeaveRequest.start)))
    assert min(starts).year <= today.year - 2
    assert max(starts) > today
    assert any(request.start <= today <= request.end for request in
               db.session.scalars(select(LeaveRequest).where(LeaveRequest.status == "approved")))


def test_the_fixed_accounts_sign_in_and_the_manager_has_a_team_below(org, client):
    people = _people()
    by_email = {person.email: person for person in people.values()}
    employee, manager, hr = (by_email[email] for email in demo.FIXED_ACCOUNTS)
    assert employee.manager_id == manager.id == org.manager_id
    assert hr.is_hr and hr.id == org.hr_id and not manager.is_hr
    assert len(_below(people, manager.id)) == org.team_size == PEOPLE // 8
    assert all(person.feed_token_digest for person in (employee, manager, hr))
    for email in demo.FIXED_ACCOUNTS:
        assert sign_in(client, email, demo.DEMO_PASSWORD).status_code == 302, email
        client.post("/logout")


def test_the_demo_employee_is_on_approved_leave_today(org):
    today = datetime.now(UTC).date()
    approved = db.session.scalars(select(LeaveRequest).where(
        LeaveRequest.employee_id == org.employee_id, LeaveRequest.status == Status.APPROVED))
    assert any(request.start <= today <= request.end for request in approved)


def test_every_foreign_key_points_at_a_row(org):
    checked = 0
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            column, target = key.parent, key.column
            dangling = db.session.scalar(
                select(func.count()).select_from(table).where(
                    column.is_not(None), column.not_in(select(target))
                )
            )
            assert dangling == 0, f"{table.name}.{column.name}"
            checked += 1
    assert checked >= 8
    assert _count(PlanBlock) >= org.requests
    assert _count(RequestEvent) >= org.requests
    assert _count(RequestRevision) == org.statuses[workflow.CHANGE_PENDING]


def test_rows_added_after_the_generator_get_new_ids(org):
    assert make_employee().id == PEOPLE + 1


def test_the_generator_refuses_a_database_that_has_people(app):
    make_employee()
    with pytest.raises(ValueError, match="empty database"):
        build_organisation(PEOPLE)


def test_the_same_seed_builds_the_same_organisation(app):
    def shape():
        people = db.session.execute(
            select(Employee.name, Employee.manager_id, Employee.location_id).order_by(Employee.id)
        ).all()
        requests = db.session.execute(
            select(LeaveRequest.employee_id, LeaveRequest.status, LeaveRequest.start)
            .order_by(LeaveRequest.id)
        ).all()
        return people, requests

    build_organisation(120, seed=3)
    first = shape()
    empty_all_tables()
    build_organisation(120, seed=3)
    assert shape() == first


def test_the_services_take_generated_requests_further(org):
    """Generated rows are what the workflow would have written: HR can decide on them."""
    hr = db.session.get(Employee, org.hr_id)
    pending = db.session.scalars(
        select(LeaveRequest).where(LeaveRequest.change_pending, LeaveRequest.employee_id != hr.id)
    ).all()
    waiting = db.session.scalars(select(LeaveRequest).where(
        LeaveRequest.status == Status.SUBMITTED, LeaveRequest.employee_id != hr.id)).first()
    for leave in pending:
        requests.act(hr, leave, leave.version, Action.APPROVE_CHANGE)
        assert requests.state(leave) == Status.APPROVED and not requests.pending_revision(leave)
    requests.act(hr, waiting, waiting.version, Action.APPROVE)
    assert waiting.status == Status.APPROVED
