"""The leave estimate: an employee's answers at their work location, computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from portal.domain.case import ASKED_FOR, Case
from portal.domain.entitlement import Entitlement, compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.domain.timeline import Timeline, leave_timeline
from portal.extensions import db
from portal.models import Employee, Location
from portal.services.requests import case_at

DEFAULTS = {"nicu_days": 0, "babies": 1, "child_number": 1}


@dataclass(frozen=True)
class Answers:
    role: str
    event: str
    event_date: date
    location_id: int
    expected_date: date | None = None
    start: date | None = None
    nicu_days: int | None = None
    gestation_weeks: int | None = None
    babies: int | None = None
    child_number: int | None = None


@dataclass(frozen=True)
class Estimate:
    case: Case
    entitlement: Entitlement
    timeline: Timeline


def work_locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.name)))


def _asked(field: str, event: str, value):
    if event not in ASKED_FOR[field] or value is None:
        return DEFAULTS.get(field)
    return value


def estimate_leave(employee: Employee, answers: Answers) -> Estimate:
    """POLICY §2-5 for this employee: their hire date, at the location they chose."""
    location = db.session.get(Location, answers.location_id)
    if location is None:
        raise IneligibleCase("location", "please choose one of the work locations listed")
    event = answers.event
    case = case_at(
        location, employee, role=answers.role, event=event, event_date=answers.event_date,
        start=answers.start,
        **{field: _asked(field, event, getattr(answers, field)) for field in ASKED_FOR},
    )
    entitlement = compute_entitlement(case)
    return Estimate(case, entitlement, leave_timeline(entitlement, case))
