"""Approved plans as the pay split reads them, a page of requests at a time: plain columns
(the entitlement's pay figures are columns of their own), not whole rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Integer, and_, any_, exists, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import aliased

from portal.domain.pay_kinds import PaidPlan, PayRange, pay_ranges_by_block
from portal.domain.workflow import Status
from portal.extensions import db
from portal.models import Employee, LeaveRequest, Location, PlanBlock, RequestDetails

# A phased return starts on the return date, a few days after the last day of leave, and lasts
# a few weeks: plans that ended this long before a period may still have one in it (the exact
# check comes afterwards, on the pay ranges).
PHASED_LOOKBACK = timedelta(days=60)


@dataclass(frozen=True, slots=True)
class PersonRow:
    id: int
    name: str
    email: str


@dataclass(frozen=True, slots=True)
class LocationRow:
    id: int
    name: str
    country: str
    subdivision: str | None
    weekend: frozenset[int]


@dataclass(frozen=True, slots=True)
class PaidRequest:
    """One approved request: who, where, its blocks (ids and dates) and their pay ranges."""

    id: int
    employee: PersonRow
    location: LocationRow
    return_date: date
    blocks: tuple[tuple[int, date, date], ...]
    ranges_by_block: tuple[tuple[PayRange, ...], ...]

    def all_ranges(self) -> list[PayRange]:
        return [pay for ranges in self.ranges_by_block for pay in ranges]


def among(column, ids: Iterable[int]):
    """`column IN ids`: on PostgreSQL one array parameter (`= ANY`), where IN would send, and
    the driver parse, one parameter for each of a page's hundreds of ids."""
    ids = sorted(ids)
    if db.engine.dialect.name == "postgresql":
        return column == any_(literal(ids, ARRAY(Integer)))
    return column.in_(ids)


def in_force_between(first: date, last: date):
    """Approved requests (a pending change leaves the approved plan in force) whose leave or
    phased return may touch [first, last]."""
    # The return date comes after the last day of leave, so `return_date` alone bounds the
    # range from below: ix_leave_request_in_force answers it from the index.
    return and_(
        LeaveRequest.status == Status.APPROVED,
        LeaveRequest.return_date >= first - PHASED_LOOKBACK,
        LeaveRequest.start <= last,
        or_(LeaveRequest.end >= first, LeaveRequest.return_date >= first - PHASED_LOOKBACK),
    )


def paid_requests(where) -> list[PaidRequest]:
    """The requests `where` selects, by id, with their pay split (POLICY §3-5). The people,
    places and blocks are read by id, each in a query of its own: joined into the first, they
    lead PostgreSQL to scan every person for a page of requests."""
    rows = db.session.execute(
        select(
            LeaveRequest.id, LeaveRequest.employee_id, LeaveRequest.return_date,
            RequestDetails.extra_days, RequestDetails.company_days,
            RequestDetails.statutory_end, RequestDetails.phased_return_days,
        )
        .join(RequestDetails, RequestDetails.request_id == LeaveRequest.id)
        .where(where).order_by(LeaveRequest.id)
    ).all()
    if not rows:
        return []
    blocks: dict[int, list[tuple[int, date, date]]] = defaultdict(list)
    for request_id, block_id, start, end in db.session.execute(
        select(PlanBlock.request_id, PlanBlock.id, PlanBlock.start, PlanBlock.end)
        .where(among(PlanBlock.request_id, (row[0] for row in rows)))
    ):
        blocks[request_id].append((block_id, start, end))
    people, places = _people_and_places({row[1] for row in rows})
    found = []
    for (request_id, person_id, return_date, extra, company_days, statutory_end,
         phased_days) in rows:
        own = tuple(sorted(blocks[request_id], key=lambda block: block[1]))
        plan = PaidPlan(
            blocks=tuple((start, end) for _id, start, end in own),
            company_days=company_days + extra, statutory_end=statutory_end,
            return_date=return_date, phased_return_days=phased_days,
        )
        person, location_id = people[person_id]
        found.append(PaidRequest(
            request_id, person, places[location_id], return_date, own,
            tuple(tuple(ranges) for ranges in pay_ranges_by_block(plan)),
        ))
    return found


def _people_and_places(person_ids: set[int]
                       ) -> tuple[dict[int, tuple[PersonRow, int]], dict[int, LocationRow]]:
    """These people (with their location's id) by id, and their locations by id."""
    people = {
        person_id: (PersonRow(person_id, name, email), location_id)
        for person_id, name, email, location_id in db.session.execute(
            select(Employee.id, Employee.name, Employee.email, Employee.location_id)
            .where(among(Employee.id, person_ids)))
    }
    places = {
        location_id: LocationRow(location_id, name, country, subdivision,
                                 frozenset(int(day) for day in weekend))
        for location_id, name, country, subdivision, weekend in db.session.execute(
            select(Location.id, Location.name, Location.country, Location.subdivision,
                   Location.weekend_days)
            .where(among(Location.id, {location for _person, location in people.values()})))
    }
    return people, places


def touches(ranges: Iterable[PayRange], first: date, last: date) -> bool:
    return any(pay.clipped(first, last) is not None for pay in ranges)


def may_touch(first: date, last: date):
    """Approved requests in force whose leave or phased return touches [first, last] (a gap
    between blocks aside: the exact check comes afterwards, on the pay ranges)."""
    return and_(in_force_between(first, last), or_(
        LeaveRequest.end >= first,
        and_(LeaveRequest.return_date <= last, _phased_return_ends_from(first)),
    ))


def _phased_return_ends_from(first: date):
    """The phased return as the pay split counts it (from the return date, as many days as the
    entitlement's) ends on `first` or later; a subquery, read only for blocks ending earlier."""
    days = RequestDetails.phased_return_days
    if db.engine.dialect.name == "sqlite":
        reaches = (func.julianday(LeaveRequest.return_date) + days - 1
                   >= func.julianday(first.isoformat()))
    else:
        reaches = LeaveRequest.return_date + days - 1 >= first
    return exists().where(RequestDetails.request_id == LeaveRequest.id, days > 0, reaches)


def block_candidates_between(first: date, last: date, after: int, limit: int
                             ) -> list[tuple[int, int]]:
    """(block id, request id) of plan blocks of approved requests above `after`, by block id,
    that may touch [first, last]: the block's own days do, or it is the plan's last block and
    the phased return after it may (the exact check comes afterwards, on the pay ranges)."""
    later = aliased(PlanBlock)
    last_block = ~exists().where(later.request_id == PlanBlock.request_id,
                                 later.start > PlanBlock.start)
    return [tuple(row) for row in db.session.execute(
        select(PlanBlock.id, PlanBlock.request_id)
        .join(LeaveRequest, LeaveRequest.id == PlanBlock.request_id)
        .where(
            in_force_between(first, last), PlanBlock.start <= last, PlanBlock.id > after,
            or_(PlanBlock.end >= first,
                and_(LeaveRequest.return_date <= last, _phased_return_ends_from(first),
                     last_block)),
        )
        .order_by(PlanBlock.id).limit(limit)
    )]
