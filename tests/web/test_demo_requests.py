"""`flask seed-demo` also files leave for the demo colleagues, in every state, as people would."""

from __future__ import annotations

import time
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.domain.workflow import CHANGE_PENDING, Status
from portal.extensions import db
from portal.models import Employee, LeaveRequest, OutboxMessage, RequestEvent
from portal.services import requests
from portal.services.demo import FIXED_ACCOUNTS, MANAGER_EMAIL


@pytest.fixture
def seeded(runner):
    started = time.perf_counter()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return time.perf_counter() - started


def all_requests() -> list[LeaveRequest]:
    return list(db.session.scalars(select(LeaveRequest).order_by(LeaveRequest.id)))


def actions_of(request: LeaveRequest) -> list[str]:
    return [event.action for event in request.history]


def test_there_is_a_request_in_every_state(seeded):
    states = Counter(requests.state(request) for request in all_requests())
    assert set(states) == {*Status, CHANGE_PENDING}
    assert states[Status.SUBMITTED] >= 2 and states[Status.APPROVED] >= 5


def test_some_are_on_leave_this_month_some_back_soon_and_some_yet_to_go(seeded):
    today = date.today()
    approved = [r for r in all_requests() if r.status == Status.APPROVED]
    on_leave = [r for r in approved if r.start < today < r.end]
    returning_soon = [r for r in on_leave if r.return_date <= today + timedelta(days=28)]
    upcoming = [r for r in approved if r.start > today]
    returned = [r for r in approved if r.end < today]
    assert len(on_leave) >= 4 and len(returning_soon) >= 2
    assert upcoming and returned


def test_the_demo_holds_a_pregnancy_loss_approved_on_submission_and_a_neonatal_extension(seeded):
    by_actions = {tuple(actions_of(r)): r for r in all_requests()}
    loss = by_actions[("approve_on_submission",)]
    assert loss.details.event == "pregnancy_loss" and loss.status == Status.APPROVED
    neonatal = by_actions[("submit", "approve", "apply_change")]
    assert neonatal.details.nicu_days > 0
    assert neonatal.details.entitlement["company_days"] > 140
    pending = by_actions[("submit", "approve", "propose_change")]
    assert requests.pending_revision(pending) is not None
    assert ("submit", "request_information", "answer") in by_actions


def test_every_demo_request_has_its_history_and_entitlement(seeded):
    for request in all_requests():
        assert request.history, request.id
        assert request.history[0].actor_id == request.employee_id
        assert request.details.entitlement["company_days"] > 0
        assert request.blocks and request.policy_id
    hr_moves = db.session.scalars(
        select(RequestEvent).where(RequestEvent.action.in_(["approve", "reject"]))
    ).all()
    assert all(event.actor.is_hr for event in hr_moves)


def test_the_three_fixed_accounts_have_no_requests_of_their_own(seeded):
    fixed = db.session.scalars(select(Employee.id).where(Employee.email.in_(FIXED_ACCOUNTS)))
    owners = {request.employee_id for request in all_requests()}
    assert owners.isdisjoint(set(fixed))


def test_the_fixed_managers_team_has_leave_to_show(seeded):
    manager = db.session.scalar(select(Employee).where(Employee.email == MANAGER_EMAIL))
    team = [r for r in all_requests() if r.employee.manager_id == manager.id]
    assert any(r.status == Status.APPROVED for r in team)


def test_the_mail_written_while_seeding_is_not_left_to_send(seeded):
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_seeding_twice_files_nothing_more_and_stays_quick(seeded, runner):
    count = len(all_requests())
    result = runner.invoke(args=["seed-demo"])
    assert "nothing changed" in result.output
    assert len(all_requests()) == count
    assert seeded < 10, f"seeding took {seeded:.1f} s"
