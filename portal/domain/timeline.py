"""The leave as a picture's data: ordered segments and the holidays around the return date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.case import Case
from portal.domain.entitlement import Entitlement
from portal.domain.workdays import public_holidays

HOLIDAY_WINDOW = timedelta(weeks=3)
SEGMENT_LABELS = {
    "parental": "Parental leave, full pay",
    "nicu": "NICU leave, full pay",
    "pregnancy_loss": "Pregnancy loss leave, full pay",
}


@dataclass(frozen=True, slots=True)
class Segment:
    """One bar of the timeline; kind is "company", "statutory" or "phased_return"."""

    kind: str
    start: date
    end: date
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True, slots=True)
class Timeline:
    """Non-overlapping segments in date order, the return date and nearby public holidays."""

    segments: tuple[Segment, ...]
    return_date: date
    holidays: tuple[tuple[date, str], ...]

    def as_dict(self) -> dict:
        return {
            "segments": [
                {
                    "kind": s.kind,
                    "start": s.start.isoformat(),
                    "end": s.end.isoformat(),
                    "label": s.label,
                }
                for s in self.segments
            ],
            "return_date": self.return_date.isoformat(),
            "holidays": [{"date": d.isoformat(), "name": n} for d, n in self.holidays],
        }


def leave_timeline(entitlement: Entitlement, case: Case) -> Timeline:
    """POLICY §4-5 on a line: company grants one after another from start, then the statutory
    days after company_end, then the phased return; holidays within 3 weeks of the return."""
    segments: list[Segment] = []
    cursor = entitlement.start
    for grant in entitlement.grants:
        if grant.kind not in SEGMENT_LABELS:
            continue
        end = cursor + timedelta(days=grant.days - 1)
        segments.append(Segment("company", cursor, end, SEGMENT_LABELS[grant.kind]))
        cursor = end + timedelta(days=1)
    if entitlement.end > entitlement.company_end:
        segments.append(
            Segment(
                "statutory",
                entitlement.company_end + timedelta(days=1),
                entitlement.end,
                "Statutory leave, statutory pay or unpaid",
            )
        )
    phased = entitlement.phased_return
    if phased is not None:
        per_week = (
            "one day" if phased.work_days_per_week == 1 else (f"{phased.work_days_per_week} days")
        )
        segments.append(
            Segment(
                "phased_return",
                phased.start,
                phased.end,
                f"Phased return, working {per_week} a week",
            )
        )
    around = entitlement.return_date
    holidays = public_holidays(
        case.country, case.subdivision, around - HOLIDAY_WINDOW, around + HOLIDAY_WINDOW
    )
    return Timeline(tuple(segments), entitlement.return_date, tuple(holidays))
