"""Reading requests: who may open which, a person's requests, a request's state and waiting change,
and the record of every time HR reads the details."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.domain import workflow
from portal.domain.overlaps import OtherLeave
from portal.domain.workflow import Actor, Status
from portal.extensions import db
from portal.models import INTEGER_MAX, Employee, LeaveRequest, RequestEvent
from portal.records import blocks_of_request
from portal.services.requests.unit_of_work import unit_of_work

VIEWED_DETAILS = "viewed_details"


def state(request: LeaveRequest) -> str:
    """The request's state: its status, or "change pending" for approved leave whose change
    waits for HR."""
    return workflow.state_of(request.status, request.change_pending)


def get_request(request_id: int) -> LeaveRequest | None:
    """Any request by its id, for the services' own use: pages ask request_for."""
    if not 0 < request_id <= INTEGER_MAX:
        return None
    # A request's page shows its whole history with each actor: load them together.
    return db.session.get(
        LeaveRequest, request_id,
        options=[selectinload(LeaveRequest.history).joinedload(RequestEvent.actor)],
    )


def request_for(viewer: Employee, request_id: int, *, audience: Actor = Actor.EMPLOYEE
                ) -> LeaveRequest | None:
    """The request this person may open, or None as if it did not exist. On the employee's pages
    a person opens only their own requests; on HR's pages an HR person opens any request that
    has been sent (a draft is its author's alone)."""
    request = get_request(request_id)
    if request is None:
        return None
    if audience == Actor.EMPLOYEE:
        return request if request.employee_id == viewer.id else None
    if viewer.is_hr and viewer.active and request.status != Status.DRAFT:
        return request
    return None


def requests_of(employee: Employee) -> list[LeaveRequest]:
    """An employee's own requests, newest first."""
    return list(
        db.session.scalars(
            select(LeaveRequest)
            .where(LeaveRequest.employee_id == employee.id)
            .order_by(LeaveRequest.created_at.desc(), LeaveRequest.id.desc())
        )
    )


def other_requests(request: LeaveRequest) -> list[LeaveRequest]:
    """The same person's other requests that HR can see (never drafts), by first day of leave."""
    return list(
        db.session.scalars(
            select(LeaveRequest)
            .where(LeaveRequest.employee_id == request.employee_id,
                   LeaveRequest.id != request.id, LeaveRequest.status != Status.DRAFT)
            .order_by(LeaveRequest.start, LeaveRequest.id)
        )
    )


def other_leave(employee_id: int, except_id: int | None) -> list[OtherLeave]:
    """The person's other requests as the overlap rule reads them: state and blocks."""
    statement = (
        select(LeaveRequest)
        .where(LeaveRequest.employee_id == employee_id,
               LeaveRequest.status.in_([Status.SUBMITTED, Status.INFORMATION_REQUESTED,
                                        Status.APPROVED]))
        .options(selectinload(LeaveRequest.blocks))
    )
    if except_id is not None:
        statement = statement.where(LeaveRequest.id != except_id)
    return [
        OtherLeave(other.id, state(other), blocks_of_request(other))
        for other in db.session.scalars(statement)
    ]


def record_details_read(hr: Employee, request: LeaveRequest) -> None:
    """HR opened the sensitive details: recorded in the history, without the details, every
    time. (An HR person's own request is theirs to read.)"""
    if hr.id == request.employee_id:
        return
    with unit_of_work(request):
        request.history.append(RequestEvent(actor_id=hr.id, action=VIEWED_DETAILS, note=""))
