"""Filing a request and keeping drafts: a new request saved or sent, a draft changed or sent."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.domain.workflow import Action, InvalidTransition, Status
from portal.extensions import db
from portal.models import Employee, LeaveRequest
from portal.records import RequestInput
from portal.services.requests.moves import move
from portal.services.requests.plans import Proposal, apply, one_leave_at_a_time, propose
from portal.services.requests.unit_of_work import fresh, unit_of_work


def _by_key(employee: Employee, submission_key: str) -> LeaveRequest | None:
    return db.session.scalar(
        select(LeaveRequest).where(
            LeaveRequest.employee_id == employee.id,
            LeaveRequest.submission_key == submission_key,
        )
    )


def _submit_action(proposal: Proposal) -> Action:
    return (
        Action.APPROVE_ON_SUBMISSION
        if proposal.entitlement.approved_on_submission
        else Action.SUBMIT
    )


def file_request(
    employee: Employee, data: RequestInput, submission_key: str, *, submit: bool,
    today: date | None = None,
) -> LeaveRequest:
    """Save a draft or submit a new request; the same key twice gives the same request. A
    request sent while another open or approved one holds some of its days is refused
    (OverlappingLeave); a draft may overlap until it is sent."""
    existing = _by_key(employee, submission_key)
    if existing is not None:
        return existing
    proposal = propose(employee, data)
    if submit:
        one_leave_at_a_time(employee, proposal.blocks)
    try:
        with unit_of_work() as work:
            request = LeaveRequest(
                employee=employee, employee_id=employee.id, status=Status.DRAFT,
                submission_key=submission_key,
            )
            apply(request, proposal, data)
            db.session.add(request)
            db.session.flush()  # the id, for the history and the links in the mail
            action = _submit_action(proposal) if submit else Action.SAVE_DRAFT
            move(work, request, employee, action, new=True, today=today)
    except IntegrityError:
        # The same key raced in from a second click: that request is this one.
        existing = _by_key(employee, submission_key)
        if existing is None:
            raise
        return existing
    return request


def edit_draft(
    employee: Employee, request: LeaveRequest, version: int, data: RequestInput, *, submit: bool,
    today: date | None = None,
) -> LeaveRequest:
    """Change a draft, and submit it if asked."""
    fresh(request, version)
    if employee.id != request.employee_id or request.status != Status.DRAFT:
        raise InvalidTransition("Only a draft of your own can be edited.")
    proposal = propose(employee, data)
    if submit:
        one_leave_at_a_time(employee, proposal.blocks, request)
    with unit_of_work(request) as work:
        apply(request, proposal, data)
        move(work, request, employee, _submit_action(proposal) if submit else Action.SAVE_DRAFT,
             today=today)
    return request
