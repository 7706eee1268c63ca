"""A month grid as a list, for a phone: day by day, who is away from that day and until when.

Read from the grid alone (portal.domain.calendar), so the list shows what the grid shows and
nothing more: each person's name and their leave's label for this viewer ("Parental leave" or
"Out of office"), approved or not yet; never a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from itertools import groupby

from portal.domain.calendar import APPROVED, Grid, Person


@dataclass(frozen=True)
class Away:
    """One stretch of leave in the month: from `first` to `last`, both shown in the grid."""

    person: Person
    first: date
    last: date
    approved: bool
    to_month_end: bool


def away_by_day(grid: Grid) -> list[tuple[date, list[Away]]]:
    """The days someone's leave begins (or the month's first day, for leave already under way),
    in order, each with who is away from then: a stretch is one line, not one line a day."""
    stretches: list[Away] = []
    month_end = grid.days[-1] if grid.days else None
    for row in grid.rows:
        if not row.on_leave:
            continue
        first = state = previous = None
        for cell in (*row.cells, None):
            leave = cell.leave if cell is not None else None
            if leave != state:
                if state is not None:
                    stretches.append(Away(row.person, first, previous, state == APPROVED,
                                          previous == month_end))
                first, state = (cell.day if cell is not None else None), leave
            if cell is not None:
                previous = cell.day
    stretches.sort(key=lambda away: (away.first, away.person.name, away.person.id))
    return [(day, list(items)) for day, items in groupby(stretches, key=lambda a: a.first)]
