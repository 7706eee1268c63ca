"""Leave as the API gives it: periods (one per person and plan block, with the kinds of pay)
and requests in HR's view, the sensitive details only for tokens allowed them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from portal.domain.pay_kinds import PayRange
from portal.domain.workflow import Status
from portal.extensions import db
from portal.models import Employee, LeaveRequest, PlanBlock
from portal.services.api.plans import PaidRequest, block_ids_between, paid_requests, touches

# HR's queue never shows drafts: they are the employee's own until sent.
SHOWN_TO_HR = tuple(status for status in Status if status != Status.DRAFT)


@dataclass(frozen=True)
class LeavePeriod:
    """One block of an approved plan and its days by kind of pay (the last block's ranges end
    with the phased return)."""

    block_id: int
    request: PaidRequest
    start: date
    end: date
    pay: tuple[PayRange, ...]


def leave_periods(first: date, last: date, after: int, limit: int
                  ) -> tuple[list[LeavePeriod], int | None]:
    """The periods touching [first, last] among the blocks with an id above `after`, and the
    id to continue after (None on the last page). A page may hold fewer than `limit` items."""
    scanned = block_ids_between(first, last, after, limit)
    more = len(scanned) > limit
    scanned = scanned[:limit]
    if not scanned:
        return [], None
    wanted = set(scanned)
    periods = []
    for paid in paid_requests(LeaveRequest.id.in_(
        select(PlanBlock.request_id).where(PlanBlock.id.in_(scanned))
    )):
        for (block_id, start, end), ranges in zip(paid.blocks, paid.ranges_by_block,
                                                  strict=True):
            if block_id in wanted and touches(ranges, first, last):
                periods.append(LeavePeriod(block_id, paid, start, end, ranges))
    periods.sort(key=lambda period: period.block_id)
    return periods, (scanned[-1] if more else None)


def requests_page(after: int, limit: int) -> tuple[list[LeaveRequest], bool]:
    """Requests HR can see (never drafts), by id above `after`; and whether there are more."""
    found = list(db.session.scalars(
        select(LeaveRequest)
        .options(joinedload(LeaveRequest.details), selectinload(LeaveRequest.blocks),
                 joinedload(LeaveRequest.employee).joinedload(Employee.location))
        .where(LeaveRequest.id > after, LeaveRequest.status.in_(SHOWN_TO_HR))
        .order_by(LeaveRequest.id).limit(limit + 1)
    ).unique())
    return found[:limit], len(found) > limit
