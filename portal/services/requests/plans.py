"""Cases and plans: what a request's answers give, making a plan the one in force, and the rule
of one leave at a time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.case import Case
from portal.domain.compulsory import ReturnWindow, return_window
from portal.domain.entitlement import Entitlement, compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.domain.overlaps import refuse_overlap
from portal.domain.plan import Block, check_plan, default_plan, plan_return_date
from portal.domain.workdays import first_working_day_after
from portal.models import Employee, LeaveRequest, PlanBlock, RequestDetails
from portal.records import RequestInput, case_of, write_details
from portal.services.requests.reading import other_leave


@dataclass(frozen=True)
class Proposal:
    """The entitlement and plan the employee sees before submitting."""

    case: Case
    entitlement: Entitlement
    blocks: tuple[Block, ...]
    end: date
    return_date: date
    window: ReturnWindow | None = None  # when one block: the days the employee may end it on


def chosen_window(case: Case, entitlement: Entitlement, end: date | None) -> ReturnWindow:
    """POLICY §4 "come back earlier": the return window, with ``end`` (the last day of leave the
    employee chose, or None for the longest leave) checked against it. A day outside it is
    refused on the "end" field, with the days allowed in words."""
    window = return_window(case, entitlement)
    if end is None or window.allows(end):
        return window
    # Whole sentences (a translator sees each one): why, then which last days are allowed.
    days = {
        "latest_end": window.latest_end, "earliest_end": window.earliest_end,
        "earliest_return": window.earliest_return, "start": window.start,
    }
    only = window.earliest_end == window.latest_end
    if end > window.latest_end:
        if only:
            raise IneligibleCase(
                "end", "the longest leave you can take ends on %(latest_end)s; the last day of "
                "leave can only be %(latest_end)s", **days)
        raise IneligibleCase(
            "end", "the longest leave you can take ends on %(latest_end)s; please choose a last "
            "day from %(earliest_end)s to %(latest_end)s", **days)
    if window.earliest_end > window.start:
        if only:
            raise IneligibleCase(
                "end", "the law asks you to stay on leave until %(earliest_end)s, so the earliest "
                "you can come back is %(earliest_return)s; the last day of leave can only be "
                "%(latest_end)s", **days)
        raise IneligibleCase(
            "end", "the law asks you to stay on leave until %(earliest_end)s, so the earliest "
            "you can come back is %(earliest_return)s; please choose a last day from "
            "%(earliest_end)s to %(latest_end)s", **days)
    if only:
        raise IneligibleCase(
            "end", "your leave starts on %(start)s; the last day of leave can only be "
            "%(latest_end)s", **days)
    raise IneligibleCase(
        "end", "your leave starts on %(start)s; please choose a last day from %(earliest_end)s "
        "to %(latest_end)s", **days)


def proposal_of(case: Case, blocks: tuple[Block, ...] = ()) -> Proposal:
    """The entitlement of a case and the plan these blocks make of it, or IneligibleCase naming
    the field. No block is the default plan, the longest leave; one block from the first day of
    leave is the employee coming back earlier (POLICY §4): it may end on any day of the return
    window, company-paid days first, and a day outside it is refused on the "end" field."""
    entitlement = compute_entitlement(case)
    blocks = tuple(sorted(blocks, key=lambda block: block.start))
    if len(blocks) == 1 and blocks[0].start == entitlement.start:
        end = blocks[0].end
        window = chosen_window(case, entitlement, end)
        if end != entitlement.end:
            return Proposal(case, entitlement, blocks, end, plan_return_date(case, blocks),
                            window)
        blocks = ()
    blocks = blocks or default_plan(entitlement)
    check_plan(case, entitlement, blocks)
    if len(blocks) == 1:
        return Proposal(case, entitlement, blocks, entitlement.end, entitlement.return_date,
                        return_window(case, entitlement))
    return Proposal(case, entitlement, blocks, blocks[-1].end, plan_return_date(case, blocks))


def propose(employee: Employee, data: RequestInput) -> Proposal:
    """Compute what this request would give, or raise IneligibleCase naming the field."""
    return proposal_of(case_of(employee, data), data.blocks)


def apply(request: LeaveRequest, proposal: Proposal, data: RequestInput) -> None:
    """Make a proposal the plan in force: dates, details, blocks and the entitlement."""
    request.start = proposal.blocks[0].start
    request.end = proposal.end
    request.return_date = proposal.return_date
    request.policy_id = proposal.entitlement.policy
    details = request.details or RequestDetails()
    write_details(details, data, proposal.entitlement.as_dict())
    request.details = details
    request.blocks = [PlanBlock(start=block.start, end=block.end) for block in proposal.blocks]
    add_extra_days(request, details.extra_days or 0)


def add_extra_days(request: LeaveRequest, days: int) -> None:
    """HR's extra days lengthen the plan's last block, whatever the plan becomes."""
    if not days:
        return
    last = request.blocks[-1]
    last.end += timedelta(days=days)
    location = request.employee.location
    request.end = max(request.end, last.end)
    request.return_date = first_working_day_after(
        request.end, location.country, location.subdivision, location.weekend
    )


def with_extra_days(request: LeaveRequest, blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The days these blocks would hold once HR's extra days are on the last one."""
    extra = request.details.extra_days if request.details else 0
    if not extra:
        return blocks
    last = blocks[-1]
    return (*blocks[:-1], Block(last.start, last.end + timedelta(days=extra)))


def one_leave_at_a_time(employee: Employee, blocks: tuple[Block, ...],
                        request: LeaveRequest | None = None) -> None:
    """Refuse leave that shares a day with another open or approved request of this person
    (OverlappingLeave names it)."""
    refuse_overlap(blocks, other_leave(employee.id, request.id if request else None))


def dates_in_force(request: LeaveRequest, proposal: Proposal) -> tuple[tuple[Block, ...], date]:
    """The blocks and return date this proposal would put in force, HR's extra days included."""
    blocks = with_extra_days(request, proposal.blocks)
    if blocks == proposal.blocks:
        return blocks, proposal.return_date
    location = request.employee.location
    return blocks, first_working_day_after(
        max(blocks[-1].end, proposal.end), location.country, location.subdivision,
        location.weekend,
    )
