"""The programmes in force, which of them are open to a person, and a claim's programme."""

from __future__ import annotations

from datetime import date

from portal.domain import benefits_programmes as book
from portal.domain.benefits_money import to_minor
from portal.domain.benefits_programmes import Programme
from portal.models import Employee
from portal.services.benefits.currencies import exponent


def all_programmes() -> tuple[Programme, ...]:
    return book.programme_book()


def in_force(today: date) -> tuple[Programme, ...]:
    return book.in_force(all_programmes(), today)


def open_to(person: Employee, today: date) -> tuple[Programme, ...]:
    """The programmes this person may claim from today (eligibility: programme clause
    service_months; everyone from the first day when it is 0)."""
    return tuple(p for p in in_force(today) if book.is_eligible(p, person.hire_date, today))


def programme(programme_id: str, on: date) -> Programme | None:
    """The version of a programme in force on a day (or its first version, before that)."""
    versions = [p for p in all_programmes() if p.id == programme_id]
    if not versions:
        return None
    started = [p for p in versions if p.effective_from <= on]
    if started:
        return max(started, key=lambda p: p.effective_from)
    return min(versions, key=lambda p: p.effective_from)


def names() -> dict[str, str]:
    """Programme ids to the names people read (the latest version's name)."""
    return {p.id: p.name for p in sorted(all_programmes(), key=lambda p: p.effective_from)}


def cap_minor(p: Programme) -> int:
    return to_minor(p.cap, exponent(p.cap_currency))


def lifetime_minor(p: Programme) -> int | None:
    return None if p.lifetime_cap is None else to_minor(p.lifetime_cap, exponent(p.cap_currency))
