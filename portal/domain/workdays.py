"""Working days and public holidays of a work location (POLICY §1), from the holidays package."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

_ONE_DAY = timedelta(days=1)


@lru_cache(maxsize=1)
def _supported() -> dict[str, frozenset[str]]:
    return {
        code: frozenset(subdivs) for code, subdivs in holidays.list_supported_countries().items()
    }


def supported_subdivisions(country: str) -> frozenset[str] | None:
    """The subdivision codes the holidays package knows for a country, or None if unknown."""
    return _supported().get(country)


@lru_cache(maxsize=4096)
def _holidays_of_year(country: str, subdivision: str | None, year: int) -> dict[date, str]:
    calendar = holidays.country_holidays(country, subdiv=subdivision, years=year)
    return {day: name for day, name in calendar.items() if day.year == year}


@lru_cache(maxsize=4096)
def holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """POLICY §1: the public holidays of a location in one year, cached per location and year."""
    return frozenset(_holidays_of_year(country, subdivision, year))


def is_working_day(
    day: date, country: str, subdivision: str | None, weekend_days: Iterable[int]
) -> bool:
    """POLICY §1: not a weekend day of the location and not one of its public holidays."""
    if day.weekday() in weekend_days:
        return False
    return day not in holiday_dates(country, subdivision, day.year)


def first_working_day_after(
    day: date, country: str, subdivision: str | None, weekend_days: Iterable[int]
) -> date:
    """POLICY §1 return date: the first working day after the last day of full-time leave."""
    weekend = frozenset(weekend_days)
    if len(weekend) >= 7:
        raise ValueError("a working week needs at least one working day")
    candidate = day + _ONE_DAY
    year = candidate.year
    closed = holiday_dates(country, subdivision, year)
    while candidate.weekday() in weekend or candidate in closed:
        candidate += _ONE_DAY
        if candidate.year != year:
            year = candidate.year
            closed = holiday_dates(country, subdivision, year)
    return candidate


def public_holidays(
    country: str, subdivision: str | None, start: date, end: date
) -> list[tuple[date, str]]:
    """The public holidays from start to end (both included), by date, with their names."""
    found: list[tuple[date, str]] = []
    for year in range(start.year, end.year + 1):
        for day, name in _holidays_of_year(country, subdivision, year).items():
            if start <= day <= end:
                found.append((day, name))
    return sorted(found)
