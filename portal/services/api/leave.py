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
from portal.models import Employee, LeaveRequest
from portal.services.api.plans import (
    PaidRequest,
    among,
    block_candidates_between,
    paid_requests,
    touches,
)

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
    """Up to `limit` periods touching [first, last] among the blocks with an id above `after`,
    by block id, and the block id to continue after (None on the last page). The database
    narrows the blocks down by their dates; the pay ranges decide, and a page is filled up
    from further blocks until it holds `limit` periods or there are no more."""
    periods: list[LeavePeriod] = []
    while True:
        # A few more than needed: the odd phased return ends before the range.
        wanted_more = limit - len(periods) + 1
        batch = block_candidates_between(first, last, after, wanted_more + wanted_more // 16)
        if not batch:
            return periods, None
        wanted = {block_id for block_id, _request_id in batch}
        found: dict[int, LeavePeriod] = {}
        for paid in paid_requests(among(LeaveRequest.id, {r for _b, r in batch})):
            for (block_id, start, end), ranges in zip(paid.blocks, paid.ranges_by_block,
                                                      strict=True):
                if block_id in wanted and touches(ranges, first, last):
                    found[block_id] = LeavePeriod(block_id, paid, start, end, ranges)
        for block_id, _request_id in batch:
            period = found.get(block_id)
            if period is None:
                continue
            if len(periods) == limit:
                # One more period exists: the page ends with the one before it.
                return periods, periods[-1].block_id
            periods.append(period)
        after = batch[-1][0]
        if len(batch) < wanted_more + wanted_more // 16:
            return periods, None


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
