"""The split of an approved plan into kinds of pay (POLICY §3-5)."""

from datetime import date

from portal.domain.pay_kinds import (
    COMPANY_FULL_PAY,
    PHASED_RETURN,
    STATUTORY,
    UNPAID,
    PaidPlan,
    PayFigures,
    PayRange,
    days_by_kind,
    pay_figures,
    pay_ranges_by_block,
)


def weekdays(day: date) -> bool:
    return day.weekday() < 5


def test_one_block_is_company_pay_first_then_statutory_leave():
    plan = PaidPlan(((date(2026, 3, 2), date(2026, 6, 30)),), 70, date(2026, 6, 30),
                    date(2026, 7, 1))
    (ranges,) = pay_ranges_by_block(plan)
    assert ranges == [
        PayRange(COMPANY_FULL_PAY, date(2026, 3, 2), date(2026, 5, 10)),
        PayRange(STATUTORY, date(2026, 5, 11), date(2026, 6, 30)),
    ]


def test_company_days_are_used_across_blocks_in_date_order():
    plan = PaidPlan(
        ((date(2026, 5, 1), date(2026, 5, 20)), (date(2026, 3, 1), date(2026, 3, 14))),
        30, None, date(2026, 5, 21),
    )
    first, second = pay_ranges_by_block(plan)
    assert first == [PayRange(COMPANY_FULL_PAY, date(2026, 3, 1), date(2026, 3, 14))]
    assert second == [
        PayRange(COMPANY_FULL_PAY, date(2026, 5, 1), date(2026, 5, 16)),
        PayRange(UNPAID, date(2026, 5, 17), date(2026, 5, 20)),
    ]


def test_days_after_company_and_statutory_leave_are_unpaid():
    plan = PaidPlan(((date(2026, 1, 1), date(2026, 1, 31)),), 10, date(2026, 1, 20),
                    date(2026, 2, 2))
    (ranges,) = pay_ranges_by_block(plan)
    assert [pay.kind for pay in ranges] == [COMPANY_FULL_PAY, STATUTORY, UNPAID]
    assert sum(pay.days for pay in ranges) == 31


def test_the_phased_return_starts_on_the_return_date_after_the_last_block():
    plan = PaidPlan(((date(2026, 1, 5), date(2026, 1, 18)),), 14, None, date(2026, 1, 19), 28)
    (ranges,) = pay_ranges_by_block(plan)
    assert ranges[-1] == PayRange(PHASED_RETURN, date(2026, 1, 19), date(2026, 2, 15))


def test_payroll_counts_only_the_working_days_inside_the_period():
    ranges = [
        PayRange(COMPANY_FULL_PAY, date(2026, 2, 20), date(2026, 3, 10)),
        PayRange(STATUTORY, date(2026, 3, 11), date(2026, 4, 5)),
    ]
    counts = days_by_kind(ranges, date(2026, 3, 1), date(2026, 3, 31), weekdays)
    assert counts == {COMPANY_FULL_PAY: 7, STATUTORY: 15, UNPAID: 0, PHASED_RETURN: 0}


def test_an_empty_plan_has_no_pay_ranges():
    assert pay_ranges_by_block(PaidPlan((), 10, None, date(2026, 1, 1), 28)) == []


def test_the_pay_figures_of_a_stored_entitlement():
    stored = {"company_days": 182, "statutory": {"end": "2026-09-30", "weeks": 52},
              "phased_return": {"start": "2026-07-06", "end": "2026-08-02",
                                "work_days_per_week": 3}}
    assert pay_figures(stored) == PayFigures(182, date(2026, 9, 30), 28)


def test_an_entitlement_without_statutory_leave_or_phased_return_has_none_of_them():
    assert pay_figures({"company_days": 140, "statutory": None, "phased_return": None}) == (
        PayFigures(140, None, 0))
