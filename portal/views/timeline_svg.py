"""Where each part of the leave timeline is drawn: positions for the page's inline SVG."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from babel.dates import format_date
from flask_babel import gettext as _
from flask_babel import ngettext

from portal.domain.timeline import Segment, Timeline
from portal.formatting import reader_locale
from portal.i18n import N_

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


# portal.domain.timeline's English segment labels, as msgids for the catalogues.
SEGMENT_LABELS = (
    N_("Parental leave, full pay"),
    N_("NICU leave, full pay"),
    N_("Pregnancy loss leave, full pay"),
    N_("Statutory leave, statutory pay or unpaid"),
)


def _bar_label(segment: Segment, phased_days_a_week: int | None) -> str:
    """A bar's words in the reader's language (the domain's labels are English)."""
    if segment.kind == "phased_return" and phased_days_a_week:
        if phased_days_a_week == 1:
            return _("Phased return, working one day a week")
        return ngettext(
            "Phased return, working %(num)d day a week",
            "Phased return, working %(num)d days a week",
            phased_days_a_week,
        )
    return _(segment.label)


def draw_timeline(
    timeline: Timeline, width: int = 960, phased_days_a_week: int | None = None
) -> Drawing:
    """Scale the timeline's dates to x positions; one day is the same width everywhere.
    `phased_days_a_week` words the phased return's bar in the reader's language."""
    first = min(segment.start for segment in timeline.segments)
    last = max(
        [segment.end for segment in timeline.segments]
        + [timeline.return_date + AFTER_RETURN]
        + [day for day, _name in timeline.holidays]
    )
    per_day = width / ((last - first).days + 1)

    def x(day: date) -> float:
        return round((day - first).days * per_day, 1)

    bars = tuple(
        Bar(x(s.start), round(s.days * per_day, 1), s.kind, _bar_label(s, phased_days_a_week),
            s.start, s.end)
        for s in timeline.segments
    )
    month = date(first.year, first.month, 1)
    months = []
    while month <= last:
        if month >= first:
            months.append(Mark(x(month), month, format_date(month, "LLL", locale=reader_locale())))
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    holidays = tuple(Mark(x(day), day, name) for day, name in timeline.holidays)
    return_mark = Mark(x(timeline.return_date), timeline.return_date, _("Back at work"))
    return Drawing(width, bars, tuple(months), holidays, return_mark)
