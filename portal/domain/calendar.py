"""Month grids of who is away: months, days, cells, daily counts and upcoming returns.

Built from plain values only (people and leave blocks); what a block is called comes from
`disclosure` through the service, never from the case behind it (ARCHITECTURE, "Privacy").
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from portal.domain.case import EARLIEST_DATE, LATEST_DATE
from portal.domain.errors import DomainError
from portal.domain.workdays import first_working_day_after, public_holidays

RETURNS_HORIZON_DAYS = 60
# ASCII digits only: "²" and other Unicode digits are not a month anyone typed.
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_ONE_DAY = timedelta(days=1)


class MonthError(DomainError, ValueError):
    """A month that is not written as YYYY-MM, or is not a real month."""


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month (POLICY §1: months are calendar months)."""

    year: int
    month: int

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, _stdlib_calendar.monthrange(self.year, self.month)[1])

    @property
    def days(self) -> list[date]:
        first = self.first
        return [first + timedelta(days=n) for n in range(self.last.day)]

    @property
    def previous(self) -> Month:
        return Month.of(self.first - relativedelta(months=1))

    @property
    def next(self) -> Month:
        return Month.of(self.first + relativedelta(months=1))

    @property
    def key(self) -> str:
        """"2026-03": the value of a month query parameter and of <input type="month">."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """"March 2026", in English (the command line, logs); pages name a month in the
        reader's language with portal.formatting.month_name."""
        return f"{_stdlib_calendar.month_name[self.month]} {self.year}"

    def __str__(self) -> str:
        return self.key


def parse_month(text: str | None) -> Month:
    """"2026-03" as a Month, or MonthError with a message a person can read."""
    found = _MONTH.fullmatch((text or "").strip())
    if not found:
        raise MonthError("a month is written as year and month, like 2026-03")
    year, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12 or not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise MonthError("a month is written as year and month, like 2026-03")
    return Month(year, month)


def month_or_current(text: str | None, today: date) -> tuple[Month, str | None]:
    """The month asked for, or today's month when none was asked; a month that cannot be read
    gives today's month and a gentle note saying so."""
    if not text:
        return Month.of(today), None
    try:
        return parse_month(text), None
    except MonthError:
        return Month.of(today), "We could not read that month, so here is this month instead."


@dataclass(frozen=True, slots=True)
class Person:
    """Someone on a calendar: where their weekends and holidays come from, and their label."""

    id: int
    name: str
    country: str
    subdivision: str | None
    weekend: frozenset[int]  # Monday=0
    label: str  # from disclosure.leave_label, for this viewer
    location: str = ""

    @property
    def place(self) -> tuple[str, str | None, frozenset[int]]:
        """Where this person's days off come from: the same for everyone at one location."""
        return self.country, self.subdivision, self.weekend


@dataclass(frozen=True, slots=True)
class LeaveBlock:
    """Days away, both included; approved, or pending (submitted or information requested)."""

    person_id: int
    start: date
    end: date
    approved: bool


APPROVED = "approved"
PENDING = "pending"


@dataclass(frozen=True, slots=True)
class CellWords:
    """How a cell says what it is, with named placeholders: English here, the reader's words
    when the service passes them (the domain never translates)."""

    approved: str = "%(label)s, approved"
    pending: str = "%(label)s, pending"
    holiday: str = "%(name)s (public holiday)"
    weekend: str = "Weekend"
    separator: str = "; "


ENGLISH_CELL_WORDS = CellWords()


@dataclass(frozen=True, slots=True)
class Cell:
    """One person on one day."""

    day: date
    leave: str | None = None  # APPROVED, PENDING or None
    weekend: bool = False
    holiday: str | None = None  # the public holiday's name at the person's location
    today: bool = False
    title: str = ""  # what the cell says in words: label and state, or the holiday
    classes: str = ""  # the states above as words, for the page's styles

    @property
    def away(self) -> bool:
        return self.leave is not None


@dataclass(frozen=True, slots=True)
class Span:
    """Days side by side that read the same, shown as one cell `days` wide: a stretch of
    leave in words once, not once a day. `cell` is the first day's, with what all its days say."""

    cell: Cell
    days: int = 1


@dataclass(frozen=True, slots=True)
class Row:
    person: Person
    cells: tuple[Cell, ...]
    spans: tuple[Span, ...] = ()  # the cells as the page shows them (see `spans_of`)
    # Away on a day of this month; if not, the spans are those of everyone at the location.
    on_leave: bool = False

    @property
    def days_away(self) -> int:
        return sum(1 for cell in self.cells if cell.leave is not None)


@dataclass(frozen=True, slots=True)
class DayCount:
    """How many people are away on a day: approved, and pending on top of those."""

    day: date
    approved: int
    pending: int

    @property
    def total(self) -> int:
        return self.approved + self.pending


@dataclass(frozen=True, slots=True)
class Grid:
    month: Month
    days: tuple[date, ...]
    rows: tuple[Row, ...]
    counts: tuple[DayCount, ...]
    today: date


@dataclass(frozen=True, slots=True)
class Return:
    """Someone coming back: the first working day after a stretch of leave (POLICY §1)."""

    person: Person
    last_day: date
    return_date: date
    approved: bool


def _holidays_in(person: Person, month: Month, cache: dict) -> dict[date, str]:
    key = (person.country, person.subdivision)
    if key not in cache:
        cache[key] = dict(public_holidays(person.country, person.subdivision,
                                          month.first, month.last))
    return cache[key]


def _leave_by_day(month: Month, blocks: Iterable[LeaveBlock]) -> dict[int, dict[date, str]]:
    """Per person, the state of each day of the month they are away; approved wins."""
    found: dict[int, dict[date, str]] = defaultdict(dict)
    first, last = month.first, month.last
    for block in blocks:
        start, end = max(block.start, first), min(block.end, last)
        if start > end:
            continue
        days = found[block.person_id]
        state = APPROVED if block.approved else PENDING
        day = start
        while day <= end:
            if state == APPROVED or day not in days:
                days[day] = state
            day += _ONE_DAY
    return found


def _cell(day: date, person: Person, leave: str | None, holiday: str | None,
          today: date, said: CellWords = ENGLISH_CELL_WORDS) -> Cell:
    weekend = day.weekday() in person.weekend
    states, words = [], []
    if leave is not None:
        states.append(leave)
        words.append((said.approved if leave == APPROVED else said.pending)
                     % {"label": person.label})
    if holiday is not None:
        states.append("holiday")
        words.append(said.holiday % {"name": holiday})
    if weekend:
        states.append("weekend")
        if not words:
            words.append(said.weekend)
    if day == today:
        states.append("today")
    return Cell(day, leave, weekend, holiday, day == today, said.separator.join(words),
                " ".join(states))


def _stretch_key(cell: Cell) -> tuple[str, str] | None:
    """What a day of leave says, when it may share a cell with the days around it: not a
    public holiday or today, which keep their own words and mark."""
    if cell.leave is None or cell.holiday is not None or cell.today:
        return None
    return cell.leave, cell.title


def spans_of(cells: Sequence[Cell]) -> tuple[Span, ...]:
    """The days of a row as the page shows them: one span per stretch of leave in the same
    words (weekends inside it included; a public holiday or today stands alone), one span per
    other day."""
    spans: list[Span] = []
    keys = [_stretch_key(cell) for cell in cells]
    count, index = len(cells), 0
    while index < count:
        key, end = keys[index], index + 1
        if key is not None:
            while end < count and keys[end] == key:
                end += 1
        first = cells[index]
        if end - index == 1:
            spans.append(Span(first))
        else:
            spans.append(Span(replace(first, weekend=False, classes=first.leave), end - index))
        index = end
    return tuple(spans)


def day_counts(month: Month, blocks: Iterable[LeaveBlock]) -> tuple[DayCount, ...]:
    """For each day of the month, how many people are away: approved, and pending only.

    A person with both an approved and a pending block on the same day counts once, as approved.
    """
    return _counts(month, _leave_by_day(month, blocks))


def _counts(month: Month, leave: dict[int, dict[date, str]]) -> tuple[DayCount, ...]:
    approved = dict.fromkeys(month.days, 0)
    pending = dict.fromkeys(month.days, 0)
    for days in leave.values():
        for day, state in days.items():
            (approved if state == APPROVED else pending)[day] += 1
    return tuple(DayCount(day, approved[day], pending[day]) for day in month.days)


def _away_cell(plain: Cell, person: Person, leave: str, today: date, made: dict,
               said: CellWords) -> Cell:
    """A day of leave: the same for everyone at one location with the same label."""
    key = (id(plain), person.label, leave)
    if key not in made:
        made[key] = _cell(plain.day, person, leave, plain.holiday, today, said)
    return made[key]


def build_grid(
    month: Month, people: Sequence[Person], blocks: Iterable[LeaveBlock], today: date,
    words: CellWords = ENGLISH_CELL_WORDS,
) -> Grid:
    """One row per person (in the order given), one cell per day of the month, and the daily
    counts of those people; weekends and holidays are each person's own location's. `words`
    say what a cell is (its tooltip), in the reader's language."""
    known = {person.id for person in people}
    blocks = [block for block in blocks if block.person_id in known]
    leave = _leave_by_day(month, blocks)
    days = tuple(month.days)
    holiday_cache: dict = {}
    # The cells of a day without leave are the same for everyone at one location: made once,
    # and so are their spans (one object, so a page may draw them once for everyone there).
    plain_rows: dict[tuple, tuple[tuple[Cell, ...], tuple[Span, ...]]] = {}
    away_cells: dict[tuple, Cell] = {}
    rows = []
    for person in people:
        holidays = _holidays_in(person, month, holiday_cache)
        place = person.place
        if place not in plain_rows:
            plain = tuple(_cell(day, person, None, holidays.get(day), today, words)
                          for day in days)
            plain_rows[place] = (plain, spans_of(plain))
        cells, spans = plain_rows[place]
        away = leave.get(person.id)
        if away:
            cells = tuple(
                _away_cell(c, person, away[c.day], today, away_cells, words)
                if c.day in away else c
                for c in cells
            )
            spans = spans_of(cells)
        rows.append(Row(person, cells, spans, bool(away)))
    return Grid(month, days, tuple(rows), _counts(month, leave), today)


def _stretches(blocks: list[LeaveBlock]) -> list[tuple[date, date, bool]]:
    """One person's blocks joined where they overlap or touch: (start, end, all approved)."""
    joined: list[list] = []
    for block in sorted(blocks, key=lambda b: (b.start, b.end)):
        if joined and block.start <= joined[-1][1] + _ONE_DAY:
            joined[-1][1] = max(joined[-1][1], block.end)
            joined[-1][2] = joined[-1][2] and block.approved
        else:
            joined.append([block.start, block.end, block.approved])
    return [tuple(stretch) for stretch in joined]


def upcoming_returns(
    people: Iterable[Person], blocks: Iterable[LeaveBlock], today: date,
    horizon_days: int = RETURNS_HORIZON_DAYS,
) -> list[Return]:
    """Returns to work after today and within the horizon, by date then name.

    A return is the first working day at the person's location after a stretch of leave; a
    stretch followed by more leave before that day is no return (the leave goes on).
    """
    by_id = {person.id: person for person in people}
    horizon = today + timedelta(days=horizon_days)
    per_person: dict[int, list[LeaveBlock]] = defaultdict(list)
    for block in blocks:
        if block.person_id in by_id:
            per_person[block.person_id].append(block)
    found = []
    for person_id, own in per_person.items():
        person = by_id[person_id]
        stretches = _stretches(own)
        for index, (_start, end, approved) in enumerate(stretches):
            back = first_working_day_after(end, person.country, person.subdivision,
                                           person.weekend)
            later = stretches[index + 1][0] if index + 1 < len(stretches) else None
            if later is not None and later <= back:
                continue
            if today < back <= horizon:
                found.append(Return(person, end, back, approved))
    return sorted(found, key=lambda r: (r.return_date, r.person.name, r.person.id))
