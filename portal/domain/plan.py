"""The leave plan: the blocks of dates an employee takes their leave in (POLICY §3 windows)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.case import Case, Event, Role, first_anniversary
from portal.domain.entitlement import Entitlement
from portal.domain.errors import DomainError, IneligibleCase
from portal.domain.workdays import first_working_day_after

MAX_BLOCKS = 3
MIN_BLOCK_DAYS = 7


@dataclass(frozen=True, slots=True)
class Block:
    """Leave from start to end, both days included (POLICY §1)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class SplitNoLongerFits(DomainError):
    """A life event changed the case, and the employee's blocks no longer fit the policy's
    windows (`reason` says how). The employee chooses blocks again; nothing changes until then.
    `suggested` is their plan carried over as far as it goes, to start from."""

    def __init__(self, reason: str, suggested: tuple[Block, ...]) -> None:
        self.reason = reason
        self.suggested = suggested
        super().__init__(reason)


def default_plan(entitlement: Entitlement) -> tuple[Block, ...]:
    """One continuous block from the first day to the last day of full-time leave."""
    return (Block(entitlement.start, entitlement.end),)


def check_plan(case: Case, entitlement: Entitlement, blocks: tuple[Block, ...]) -> None:
    """POLICY §3: parental and NICU leave in at most 3 blocks of at least 7 days within 12 months
    of the event, a birthing parent's first block starting by the birth; loss leave is one block.
    A single block is the default plan and may run into statutory-only weeks; split blocks hold
    company days only."""
    if not blocks:
        raise IneligibleCase("blocks", "please give at least one block of leave")
    ordered = sorted(blocks, key=lambda block: block.start)
    if len(ordered) == 1:
        if ordered[0] != default_plan(entitlement)[0]:
            raise IneligibleCase(
                "blocks",
                "one block runs from the first day of leave to the last; "
                "change the first day of leave to move it",
            )
        return
    if only_one_block(case):
        raise IneligibleCase("blocks", "pregnancy loss leave is taken as one block")
    if len(ordered) > MAX_BLOCKS:
        raise IneligibleCase(
            "blocks", "leave can be split into at most %(most)d blocks", most=MAX_BLOCKS
        )
    for block in ordered:
        if block.end < block.start:
            raise IneligibleCase("blocks", "each block must end on or after its first day")
        if block.days < MIN_BLOCK_DAYS:
            raise IneligibleCase(
                "blocks", "each block must be at least %(least)d days", least=MIN_BLOCK_DAYS
            )
    for earlier, later in zip(ordered, ordered[1:], strict=False):
        if later.start <= earlier.end:
            raise IneligibleCase("blocks", "blocks must not overlap")
    if ordered[0].start < entitlement.start:
        raise IneligibleCase("blocks", "the first block cannot start before the first day of leave")
    if case.role == Role.BIRTHING and ordered[0].start > case.event_date:
        raise IneligibleCase(
            "blocks", "a birthing parent's first block starts no later than the birth"
        )
    last_day = first_anniversary(case.event_date) - timedelta(days=1)
    if ordered[-1].end > last_day:
        raise IneligibleCase(
            "blocks", "leave is taken within 12 months of the event, by %(last_day)s",
            last_day=last_day,
        )
    taken = sum(block.days for block in ordered)
    if taken > entitlement.company_days:
        raise IneligibleCase(
            "blocks",
            "the blocks add up to %(taken)d days, more than the %(company_days)d days "
            "of company leave",
            taken=taken, company_days=entitlement.company_days,
        )


def carried_plan(blocks: tuple[Block, ...], days_change: int) -> tuple[Block, ...]:
    """A split plan after a life event changed the company days (POLICY §3: NICU leave comes on
    top of parental leave): every block stays where the employee put it, and the last one grows
    or shrinks by the change. Whether the result still fits is for check_plan to say."""
    *kept, last = sorted(blocks, key=lambda block: block.start)
    return (*kept, Block(last.start, last.end + timedelta(days=days_change)))


def only_one_block(case: Case) -> bool:
    """POLICY §3: pregnancy-loss leave (before 24 weeks) is one block; there is no split to keep."""
    return case.event == Event.PREGNANCY_LOSS and not case.is_stillbirth


def plan_return_date(case: Case, blocks: tuple[Block, ...]) -> date:
    """The first working day after the plan's last block (POLICY §1)."""
    last = max(block.end for block in blocks)
    return first_working_day_after(last, case.country, case.subdivision, case.weekend_days)
