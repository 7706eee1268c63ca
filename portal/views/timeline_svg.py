"""Where each part of the leave timeline is drawn: positions for the page's inline SVG."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.timeline import Timeline

AFTER_RETURN = timedelta(weeks=3)


@dataclass(frozen=True)
class Bar:
    x: float
    width: float
    kind: str
    label: str
    start: date
    end: date


@dataclass(frozen=True)
class Mark:
    x: float
    day: date
    label: str


@dataclass(frozen=True)
class Drawing:
    width: int
    bars: tuple[Bar, ...]
    months: tuple[Mark, ...]
    holidays: tuple[Mark, ...]
    return_mark: Mark

    @property
    def return_label_anchor(self) -> str:
        """Late in the picture, the label runs leftwards so that it is not cut off."""
        return "end" if self.return_mark.x > self.width * 0.7 else "start"


def draw_timeline(timeline: Timeline, width: int = 960) -> Drawing:
    """Scale the timeline's dates to x positions; one day is the same width everywhere."""
    first = min(segment.start for segment in timeline.segments)
    last = max(
        [segment.end for segment in timeline.segments]
        + [timeline.return_date + AFTER_RETURN]
        + [day for day, _ in timeline.holidays]
    )
    per_day = width / ((last - first).days + 1)

    def x(day: date) -> float:
        return round((day - first).days * per_day, 1)

    bars = tuple(
        Bar(x(s.start), round(s.days * per_day, 1), s.kind, s.label, s.start, s.end)
        for s in timeline.segments
    )
    month = date(first.year, first.month, 1)
    months = []
    while month <= last:
        if month >= first:
            months.append(Mark(x(month), month, f"{month:%b}"))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    holidays = tuple(Mark(x(day), day, name) for day, name in timeline.holidays)
    return_mark = Mark(x(timeline.return_date), timeline.return_date, "Back at work")
    return Drawing(width, bars, tuple(months), holidays, return_mark)
