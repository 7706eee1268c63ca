"""The leave estimate: an employee's answers at their work location, computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import select

from portal.domain.case import ASKED_FOR, Case
from portal.domain.compulsory import ReturnWindow
from portal.domain.entitlement import Entitlement, compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.domain.timeline import HOLIDAY_WINDOW, Timeline, leave_timeline
from portal.domain.workdays import first_working_day_after, public_holidays
from portal.extensions import db
from portal.models import Employee, Location
from portal.services.requests import case_at
from portal.services.requests.plans import chosen_window

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
    end: date | None = None  # the last day of leave chosen; None for the longest leave


@dataclass(frozen=True)
class Estimate:
    """The entitlement, and the leave as the employee chose to take it: to ``end`` (the longest
    leave unless they chose to come back earlier), company-paid days first."""

    case: Case
    entitlement: Entitlement
    timeline: Timeline
    window: ReturnWindow
    end: date
    return_date: date

    @property
    def leave_days(self) -> int:
        return (self.end - self.entitlement.start).days + 1

    @property
    def company_days_given_up(self) -> int:
        return self.window.company_days_given_up(self.end)

    @property
    def company_days_taken(self) -> int:
        return self.entitlement.company_days - self.company_days_given_up

    @property
    def phased_return(self) -> tuple[date, date] | None:
        """The phased return, from the return date the employee chose."""
        phased = self.entitlement.phased_return
        if phased is None:
            return None
        return self.return_date, self.return_date + (phased.end - phased.start)


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
    window = chosen_window(case, entitlement, answers.end)
    end = answers.end or entitlement.end
    return_date = entitlement.return_date if end == entitlement.end else first_working_day_after(
        end, case.country, case.subdivision, case.weekend_days
    )
    timeline = _taken_until(leave_timeline(entitlement, case), case, end, return_date)
    return Estimate(case, entitlement, timeline, window, end, return_date)


def _taken_until(timeline: Timeline, case: Case, end: date, return_date: date) -> Timeline:
    """The timeline of leave that ends on ``end``: the bars cut there, the phased return moved
    to the return date, and the public holidays around it."""
    if return_date == timeline.return_date:
        return timeline
    moved = return_date - timeline.return_date
    segments = []
    for segment in timeline.segments:
        if segment.kind == "phased_return":
            segments.append(replace(segment, start=segment.start + moved,
                                    end=segment.end + moved))
        elif segment.start <= end:
            segments.append(replace(segment, end=min(segment.end, end)))
    holidays = public_holidays(
        case.country, case.subdivision, return_date - HOLIDAY_WINDOW, return_date + HOLIDAY_WINDOW
    )
    return Timeline(tuple(segments), return_date, tuple(holidays))
