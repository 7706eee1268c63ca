"""The kind of pay of each day of an approved plan (POLICY §3-5), for payroll and the API.

POLICY §5: company-paid days are used first, in the order the blocks are taken; the days after
them are on statutory terms while the law's leave lasts (statutory pay or unpaid: the policy data
does not say which state pays, so both are `statutory`), and any day after both is `unpaid`. The
phased return (POLICY §3) starts on the plan's return date and is at full pay, part-time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

COMPANY_FULL_PAY = "company_full_pay"
STATUTORY = "statutory"
UNPAID = "unpaid"
PHASED_RETURN = "phased_return"
PAY_KINDS = (COMPANY_FULL_PAY, STATUTORY, UNPAID, PHASED_RETURN)
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class PayRange:
    """Days from start to end (both included) of one kind of pay."""

    kind: str
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def clipped(self, first: date, last: date) -> PayRange | None:
        start, end = max(self.start, first), min(self.end, last)
        return PayRange(self.kind, start, end) if start <= end else None


@dataclass(frozen=True, slots=True)
class PaidPlan:
    """What the pay split needs of an approved plan: its blocks, the company days (HR's extra
    days included), the end of statutory leave, the return date and the phased return's days."""

    blocks: tuple[tuple[date, date], ...]
    company_days: int
    statutory_end: date | None
    return_date: date
    phased_return_days: int = 0


@dataclass(frozen=True, slots=True)
class PayFigures:
    """The figures of a stored entitlement the pay split reads (HR's extra days apart): kept as
    columns beside it, so payroll and the API select plans by them without reading JSON."""

    company_days: int
    statutory_end: date | None
    phased_return_days: int


def pay_figures(entitlement: Mapping) -> PayFigures:
    """PayFigures of an entitlement as Entitlement.as_dict() gives it."""
    statutory = entitlement.get("statutory") or {}
    phased = entitlement.get("phased_return") or {}
    phased_days = 0
    if phased.get("start") and phased.get("end"):
        phased_days = (date.fromisoformat(phased["end"])
                       - date.fromisoformat(phased["start"])).days + 1
    end = statutory.get("end")
    return PayFigures(int(entitlement.get("company_days") or 0),
                      date.fromisoformat(end) if end else None, phased_days)


def _block_ranges(block: tuple[date, date], company_left: int, statutory_end: date | None):
    ranges: list[PayRange] = []
    day, end = block
    while day <= end:
        if company_left > 0:
            take = min(company_left, (end - day).days + 1)
            ranges.append(PayRange(COMPANY_FULL_PAY, day, day + timedelta(days=take - 1)))
            company_left -= take
            day += timedelta(days=take)
            continue
        if statutory_end is not None and day <= statutory_end:
            last = min(end, statutory_end)
            ranges.append(PayRange(STATUTORY, day, last))
            day = last + _ONE_DAY
            continue
        ranges.append(PayRange(UNPAID, day, end))
        day = end + _ONE_DAY
    return ranges, company_left


def pay_ranges_by_block(plan: PaidPlan) -> list[list[PayRange]]:
    """POLICY §5 day by day, as ranges: one list per block in date order; the last block's list
    ends with the phased return, when there is one."""
    company_left = plan.company_days
    found: list[list[PayRange]] = []
    for block in sorted(plan.blocks):
        ranges, company_left = _block_ranges(block, company_left, plan.statutory_end)
        found.append(ranges)
    if found and plan.phased_return_days > 0:
        last = plan.return_date + timedelta(days=plan.phased_return_days - 1)
        found[-1].append(PayRange(PHASED_RETURN, plan.return_date, last))
    return found


def days_by_kind(
    ranges: Iterable[PayRange], first: date, last: date, is_working_day: Callable[[date], bool]
) -> dict[str, int]:
    """The working days of each kind of pay from first to last (both included): payroll's
    figures for one pay period at the person's location (POLICY §1 working days)."""
    counts = dict.fromkeys(PAY_KINDS, 0)
    for pay in ranges:
        inside = pay.clipped(first, last)
        if inside is None:
            continue
        day = inside.start
        while day <= inside.end:
            if is_working_day(day):
                counts[pay.kind] += 1
            day += _ONE_DAY
    return counts
