"""Payroll figures for one pay period: for each person with leave in it, the working days of
each kind of pay at their location (POLICY §1, §3-5)."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from portal.domain.pay_kinds import PAY_KINDS, days_by_kind
from portal.domain.workdays import is_working_day
from portal.extensions import db
from portal.models import LeaveRequest
from portal.services.api.plans import (
    LocationRow,
    PersonRow,
    among,
    in_force_between,
    may_touch,
    paid_requests,
    touches,
)


@dataclass(frozen=True)
class PayPeriod:
    """A calendar month, from its first day to its last."""

    first: date
    last: date

    @classmethod
    def month(cls, year: int, month: int) -> PayPeriod:
        return cls(date(year, month, 1), date(year, month, monthrange(year, month)[1]))


@dataclass(frozen=True)
class PayrollLine:
    """One person's figures for the period: working days in it, and days of each kind."""

    employee: PersonRow
    location: LocationRow
    working_days: int
    days: dict[str, int]


def working_days_at(location: LocationRow, period: PayPeriod) -> frozenset[date]:
    """POLICY §1: the days of the period that are neither weekend nor public holiday there."""
    weekend = location.weekend
    days = (period.first + timedelta(days=offset)
            for offset in range((period.last - period.first).days + 1))
    return frozenset(day for day in days if is_working_day(
        day, location.country, location.subdivision, weekend))


def payroll_page(period: PayPeriod, after: int, limit: int
                 ) -> tuple[list[PayrollLine], int | None]:
    """People with leave in the period, by id above `after`, and the id to continue after."""
    where = may_touch(period.first, period.last)
    scanned = list(db.session.scalars(
        select(LeaveRequest.employee_id).where(where, LeaveRequest.employee_id > after)
        .group_by(LeaveRequest.employee_id).order_by(LeaveRequest.employee_id).limit(limit + 1)
    ))
    more = len(scanned) > limit
    scanned = scanned[:limit]
    if not scanned:
        return [], None
    by_person: dict[int, list] = {}
    # The pay ranges decide which plans touch the period (a plain filter is cheaper here).
    in_force = in_force_between(period.first, period.last)
    for paid in paid_requests(in_force & among(LeaveRequest.employee_id, scanned)):
        if touches(paid.all_ranges(), period.first, period.last):
            by_person.setdefault(paid.employee.id, []).append(paid)
    lines = []
    working: dict[int, frozenset[date]] = {}  # per location: the period's working days
    for person_id in sorted(by_person):
        found_for = by_person[person_id]
        location = found_for[0].location
        if location.id not in working:
            working[location.id] = working_days_at(location, period)
        open_days = working[location.id].__contains__
        counted = dict.fromkeys(PAY_KINDS, 0)
        for paid in found_for:
            found = days_by_kind(paid.all_ranges(), period.first, period.last, open_days)
            for kind in PAY_KINDS:
                counted[kind] += found[kind]
        first = found_for[0]
        lines.append(PayrollLine(first.employee, first.location, len(working[location.id]),
                                 counted))
    return lines, (scanned[-1] if more else None)


def whole_payroll(period: PayPeriod, page_size: int = 500) -> list[PayrollLine]:
    """Every line of the period, a page at a time (the HR page's CSV)."""
    lines: list[PayrollLine] = []
    after: int | None = 0
    while after is not None:
        page, after = payroll_page(period, after, page_size)
        lines.extend(page)
    return lines
