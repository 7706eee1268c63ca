"""What HR reads: the queue of requests to decide.

Deciding goes through services.requests, and so does opening one request (request_for). Drafts
are the employee's own until they are sent, so HR never sees them here. Filtering by event reads
the sensitive details, so it is recorded in the history of each request it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import contains_eager

from portal.domain import workflow
from portal.domain.workflow import Status
from portal.extensions import db
from portal.models import Employee, LeaveRequest, Location, RequestDetails, RequestEvent

PER_PAGE = 25
LAST_PAGE = 100_000  # beyond any real queue; keeps a typed page number from overflowing SQL
WAITING = "waiting"  # the default: everything that waits for HR
EVERYTHING = "all"

# The states HR may filter by, in the order a person thinks of them (never drafts).
STATES = (
    Status.SUBMITTED,
    Status.INFORMATION_REQUESTED,
    workflow.CHANGE_PENDING,
    Status.APPROVED,
    Status.REJECTED,
    Status.WITHDRAWN,
    Status.CANCELLED,
)
WAITING_STATES = (Status.SUBMITTED, Status.INFORMATION_REQUESTED, workflow.CHANGE_PENDING)
# The history's word for "this request was listed by a filter on its event".
LISTED_BY_EVENT = "listed_by_event"


@dataclass(frozen=True)
class QueueFilter:
    """Which requests to list; None means "any"."""

    status: str = WAITING
    location_id: int | None = None
    event: str | None = None
    start_month: date | None = None  # the first day of the month


def _state_clause(state: str):
    if state == workflow.CHANGE_PENDING:
        return and_(LeaveRequest.status == Status.APPROVED, LeaveRequest.change_pending)
    if state == Status.APPROVED:
        return and_(LeaveRequest.status == Status.APPROVED, ~LeaveRequest.change_pending)
    return LeaveRequest.status == state


def _states_for(status: str) -> tuple[str, ...]:
    if status == WAITING:
        return WAITING_STATES
    if status == EVERYTHING:
        return STATES
    return (status,)


def _next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def queue_statement(chosen: QueueFilter):
    """The queue's query: oldest submission first, with each row's employee and location."""
    statement = (
        select(LeaveRequest)
        .join(LeaveRequest.employee)
        .join(Employee.location)
        .options(contains_eager(LeaveRequest.employee).contains_eager(Employee.location))
        .where(or_(*(_state_clause(state) for state in _states_for(chosen.status))))
        .order_by(LeaveRequest.submitted_at.asc().nulls_last(), LeaveRequest.id.asc())
    )
    if chosen.location_id is not None:
        statement = statement.where(Employee.location_id == chosen.location_id)
    if chosen.event is not None:
        statement = statement.join(LeaveRequest.details).where(RequestDetails.event == chosen.event)
    if chosen.start_month is not None:
        statement = statement.where(
            LeaveRequest.start >= chosen.start_month,
            LeaveRequest.start < _next_month(chosen.start_month),
        )
    return statement


def hr_queue(chosen: QueueFilter, page: int = 1, per_page: int = PER_PAGE, *, viewer: Employee):
    """One page of the queue (two queries: the count and the rows). Listed by their event, the
    requests on the page say something of their details, so each one's history records that
    this HR person saw it there (one row per request shown, as opening it would)."""
    def one_page():
        return db.paginate(
            queue_statement(chosen), page=min(max(page, 1), LAST_PAGE), per_page=per_page,
            error_out=False, count=True,
        )

    result = one_page()
    if chosen.event is None or not _record_listing(viewer, result.items):
        return result
    return one_page()  # the commit let go of the rows read before it: read them again


def _record_listing(hr: Employee, shown: list[LeaveRequest]) -> bool:
    reads = [
        RequestEvent(request_id=request.id, actor_id=hr.id, action=LISTED_BY_EVENT, note="")
        for request in shown
        if request.employee_id != hr.id
    ]
    if reads:
        db.session.add_all(reads)
        db.session.commit()
    return bool(reads)


def locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.name)))
