"""Compulsory periods of leave (POLICY §4), checks of a plan or a return date against them, and
the window in which an employee may choose to come back.

A compulsory period is a rule of kind "compulsory" in a jurisdiction's data: weeks before the
expected date the employee must already be on leave (Ireland's 2 weeks), and weeks after the
birth or loss in which the law forbids work (2 weeks in GB, the whole period after the birth in
Germany, 6 weeks in Japan and Spain).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.case import Case
from portal.domain.entitlement import Entitlement
from portal.domain.errors import IneligibleCase
from portal.domain.policy import PolicyBook, Rule, load_policy_book
from portal.domain.statutory import law_dates, statutory_leave
from portal.domain.thresholds import statutory_event, threshold_for
from portal.domain.workdays import first_working_day_after

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class CompulsoryPeriod:
    """Days the law requires the employee to be on leave: from ``start`` to ``end``, both in.

    ``before`` is True for a period before the birth (leave must have begun by ``start``)."""

    rule_id: str
    title: str
    jurisdiction: str
    start: date
    end: date
    source: str
    before: bool = False


def _periods_of(rule: Rule, case: Case, start: date, whole: dict) -> list[CompulsoryPeriod]:
    dates = law_dates(case, start)
    found = []
    before = rule.figure("days_before")
    if before is not None:
        counted_back_from = dates.expected + (
            _ONE_DAY if rule.figure("before_counted_from") == "day_after_expected_date"
            else timedelta(0)
        )
        first = min(counted_back_from - timedelta(days=before), dates.event)
        last = min(counted_back_from - _ONE_DAY, dates.event)
        found.append((first, last, True))
    after_from = dates.event + (
        _ONE_DAY if rule.figure("after_counted_from") == "day_after_event" else timedelta(0)
    )
    after = rule.figure("days_after")
    if after is not None:
        found.append((after_from, after_from + timedelta(days=after - 1), False))
    target = rule.figure("whole_period_of")
    if target is not None and target in whole:
        found.append((after_from, whole[target], False))
    return [
        CompulsoryPeriod(rule.id, rule.title, "", first, last, rule.source, is_before)
        for first, last, is_before in found
        if last >= first
    ]


def compulsory_periods(
    case: Case, book: PolicyBook | None = None, start: date | None = None
) -> tuple[CompulsoryPeriod, ...]:
    """POLICY §4: the compulsory periods of the case's jurisdictions, in date order."""
    book = book if book is not None else load_policy_book()
    start = start if start is not None else case.leave_start
    jurisdictions = book.jurisdictions_for(case.country, case.subdivision)
    if not jurisdictions:
        return ()
    statutory = statutory_leave(case, start, jurisdictions)
    whole = {rule.id: rule.end for rule in statutory.rules if rule.end is not None}
    found: list[CompulsoryPeriod] = []
    for position, jurisdiction in enumerate(jurisdictions):
        threshold, _ = threshold_for(jurisdictions, position)
        event = statutory_event(case, threshold)
        for rule in jurisdiction.rules.applicable(str(case.role), event, case.event_date):
            if rule.kind != "compulsory":
                continue
            for period in _periods_of(rule, case, start, whole):
                found.append(
                    CompulsoryPeriod(
                        period.rule_id, period.title, jurisdiction.name, period.start,
                        period.end, period.source, period.before,
                    )
                )
    return tuple(sorted(found, key=lambda period: (period.start, period.end)))


def compulsory_end(periods: Iterable[CompulsoryPeriod]) -> date | None:
    """The last day of the last compulsory period after the birth, or None."""
    return max((period.end for period in periods if not period.before), default=None)


def check_return_date(
    case: Case, return_date: date, book: PolicyBook | None = None
) -> None:
    """POLICY §4: refuse a return to work inside a compulsory period, naming the first day
    the law allows."""
    for period in compulsory_periods(case, book):
        if not period.before and period.start <= return_date <= period.end:
            raise IneligibleCase(
                "return_date",
                "the law of %(jurisdiction)s does not allow work until after %(end)s "
                "(%(title)s); please come back on %(back)s or later",
                jurisdiction=period.jurisdiction, end=period.end, title=period.title,
                back=period.end + _ONE_DAY,
            )


def check_plan_compulsory(case: Case, blocks: Iterable, book: PolicyBook | None = None) -> None:
    """POLICY §4: every day of every compulsory period lies in a block of leave. Blocks are
    anything with ``start`` and ``end`` dates (domain.plan.Block)."""
    spans = sorted((block.start, block.end) for block in blocks)
    for period in compulsory_periods(case, book):
        day = period.start
        for first, last in spans:
            if first <= day <= last:
                day = last + _ONE_DAY
            if day > period.end:
                break
        if day <= period.end:
            raise IneligibleCase(
                "blocks",
                "the law of %(jurisdiction)s requires leave from %(start)s to %(end)s "
                "(%(title)s); %(day)s is not in a block",
                jurisdiction=period.jurisdiction, start=period.start, end=period.end,
                title=period.title, day=day,
            )


@dataclass(frozen=True, slots=True)
class ReturnWindow:
    """When an employee may come back (POLICY §4): the last day of leave may be any day from
    ``earliest_end`` (the end of the law's compulsory period) to ``latest_end`` (the longest
    leave the rules allow). Company-paid days come first, up to ``company_end``; days after it are
    on statutory terms. Each end comes with its return date, the first working day after it."""

    start: date
    earliest_end: date
    earliest_return: date
    company_end: date
    company_return: date
    latest_end: date
    latest_return: date
    compulsory: tuple[CompulsoryPeriod, ...]

    def allows(self, last_day: date) -> bool:
        return self.earliest_end <= last_day <= self.latest_end

    def check(self, last_day: date) -> None:
        """Refuse a last day of leave outside the window, saying which end it crosses."""
        if last_day < self.earliest_end:
            raise IneligibleCase(
                "end",
                "the law does not allow coming back before %(earliest_return)s: "
                "the last day of leave can be %(earliest_end)s at the earliest",
                earliest_return=self.earliest_return, earliest_end=self.earliest_end,
            )
        if last_day > self.latest_end:
            raise IneligibleCase(
                "end", "the longest leave ends on %(latest_end)s", latest_end=self.latest_end
            )

    def company_days_given_up(self, last_day: date) -> int:
        """Company-paid days not taken when leave ends on ``last_day``."""
        return max(0, (self.company_end - last_day).days)

    def statutory_days(self, last_day: date) -> int:
        """Days after company leave, on statutory pay or unpaid, when leave ends on it."""
        return max(0, (min(last_day, self.latest_end) - self.company_end).days)


def return_window(
    case: Case, entitlement: Entitlement, book: PolicyBook | None = None
) -> ReturnWindow:
    """POLICY §4 "come back earlier": the earliest last day of leave the law allows (the end of
    the compulsory period after the birth, or the first day of leave when there is none), the
    end of company leave, and the latest end, each with its return date."""
    periods = compulsory_periods(case, book, entitlement.start)
    latest = entitlement.end
    earliest = max(compulsory_end(periods) or entitlement.start, entitlement.start)
    earliest = min(earliest, latest)
    company_end = min(entitlement.company_end, latest)

    def back(last_day: date) -> date:
        return first_working_day_after(
            last_day, case.country, case.subdivision, case.weekend_days
        )

    return ReturnWindow(
        start=entitlement.start,
        earliest_end=earliest,
        earliest_return=back(earliest),
        company_end=company_end,
        company_return=back(company_end),
        latest_end=latest,
        latest_return=entitlement.return_date,
        compulsory=periods,
    )
