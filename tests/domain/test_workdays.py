"""Working days, public holidays and the return date (POLICY §1)."""

from datetime import date

from portal.domain.case import Case, Event, Role
from portal.domain.entitlement import compute_entitlement
from portal.domain.workdays import (
    first_working_day_after,
    holiday_dates,
    is_working_day,
    public_holidays,
)

SAT_SUN = frozenset({5, 6})


def test_a_weekend_day_is_not_a_working_day():
    assert not is_working_day(date(2026, 8, 29), "US", None, SAT_SUN)
    assert is_working_day(date(2026, 8, 31), "US", None, SAT_SUN)


def test_a_public_holiday_is_not_a_working_day():
    assert not is_working_day(date(2026, 12, 25), "GB", "ENG", SAT_SUN)


def test_subdivision_holidays_count():
    # St Andrew's Day (30 Nov 2026, a Monday) is a bank holiday in Scotland, not England.
    assert not is_working_day(date(2026, 11, 30), "GB", "SCT", SAT_SUN)
    assert is_working_day(date(2026, 11, 30), "GB", "ENG", SAT_SUN)


def test_the_return_date_skips_a_weekend_and_a_holiday():
    # Friday 2026-08-28 ends; 31 August 2026 is the English summer bank holiday.
    assert first_working_day_after(date(2026, 8, 28), "GB", "ENG", SAT_SUN) == date(2026, 9, 1)


def test_the_return_date_crosses_into_a_new_year():
    assert first_working_day_after(date(2026, 12, 31), "US", None, SAT_SUN) == date(2027, 1, 4)


def test_a_friday_saturday_weekend_is_respected():
    # 2026-03-05 is a Thursday; with Friday and Saturday off, Sunday is the next working day.
    assert first_working_day_after(date(2026, 3, 5), "BR", None, frozenset({4, 5})) == date(
        2026, 3, 8
    )


def test_holiday_sets_are_cached_frozensets():
    first = holiday_dates("DE", "BE", 2026)
    assert isinstance(first, frozenset)
    assert holiday_dates("DE", "BE", 2026) is first


def test_public_holidays_are_listed_with_names_in_date_order():
    found = public_holidays("GB", "ENG", date(2026, 12, 20), date(2027, 1, 5))
    assert [day for day, _ in found] == [
        date(2026, 12, 25),
        date(2026, 12, 26),
        date(2026, 12, 28),
        date(2027, 1, 1),
    ]
    assert all(isinstance(name, str) and name for _, name in found)


def test_the_entitlement_return_date_uses_the_location_holidays():
    case = Case(
        role=Role.NON_BIRTHING,
        event=Event.BIRTH,
        event_date=date(2026, 4, 13),
        country="GB",
        subdivision="ENG",
    )
    result = compute_entitlement(case)
    assert result.end == date(2026, 8, 30)
    assert result.return_date == date(2026, 9, 1)
