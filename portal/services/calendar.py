"""Who is away when: the team, organisation and personal month grids, and the leave export.

Every function runs a fixed number of set-based queries, whatever the number of people or
requests (issue 5); it reads dates and statuses only, never RequestDetails, RequestRevision or
RequestEvent, and the words for someone's leave come from `disclosure`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from flask_babel import gettext as _
from sqlalchemy import Select, bindparam, func, select

from portal.domain.calendar import (
    RETURNS_HORIZON_DAYS,
    CellWords,
    Grid,
    LeaveBlock,
    Month,
    Person,
    Return,
    build_grid,
    upcoming_returns,
)
from portal.domain.disclosure import Viewer, leave_label
from portal.domain.workdays import public_holidays
from portal.domain.workflow import STATUS_LABELS, Status, state_of
from portal.extensions import db
from portal.models import Employee, LeaveRequest, Location, PlanBlock
from portal.services import accounts
from portal.services.accounts import today_for

# Calendars show approved leave (a pending change leaves the approved plan in force) and
# pending requests; never drafts, rejected, withdrawn or cancelled ones.
SHOWN_STATUSES = (Status.APPROVED, Status.SUBMITTED, Status.INFORMATION_REQUESTED)
# Queries filter on the statuses never shown: a NOT IN cannot use the status index, so SQLite
# starts from the people (a few) rather than from every approved request (many).
_HIDDEN_STATUSES = tuple(status for status in Status if status not in SHOWN_STATUSES)
TEAM_PAGE_SIZE = 250
ORGANISATION_PAGE_SIZE = 50
# A return after a long weekend or holidays comes a few days after the last day of leave.
_RETURN_LOOKBACK = timedelta(days=14)


@dataclass(frozen=True)
class Page:
    """Which slice of the people a grid shows."""

    number: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages


@dataclass(frozen=True)
class TeamCalendar:
    grid: Grid
    returns: list[Return]
    everyone_below: bool
    page: Page
    returns_horizon_days: int = RETURNS_HORIZON_DAYS


@dataclass(frozen=True)
class OrganisationCalendar:
    grid: Grid
    page: Page
    location_id: int | None
    manager_id: int | None


@dataclass(frozen=True)
class MyMonth:
    grid: Grid  # one row: the employee
    holidays: list[tuple[date, str]]  # the public holidays of their location this month


@dataclass(frozen=True)
class ExportRow:
    """One block of leave, for HR's spreadsheet: no event kind, no details."""

    name: str
    email: str
    location: str
    first_day: date
    last_day: date
    status: str


# People below a manager are found from the manager: "IS NOT false" (the column is NOT NULL)
# keeps SQLite from walking an index on (active, name) through the whole organisation instead.
_ACTIVE_BELOW_A_MANAGER = Employee.active.is_not(False)


# -- Queries ----------------------------------------------------------------------------------


def _person_columns():
    return (
        Employee.id, Employee.name, Employee.show_as_out_of_office,
        Location.name.label("location"), Location.country, Location.subdivision,
        Location.weekend_days,
    )


# The statements of the month grids are built once, with the manager, dates and page as bound
# parameters: SQLAlchemy then neither builds them nor works out their cache key again on every
# request, which took as long as the queries themselves (issue 9: a team month in 10 ms).

_SHOWN_BLOCKS_OF_PEOPLE = (
    select(LeaveRequest.employee_id, LeaveRequest.status, PlanBlock.start, PlanBlock.end)
    .join(LeaveRequest, PlanBlock.request_id == LeaveRequest.id)
    .where(
        LeaveRequest.status.not_in(_HIDDEN_STATUSES),
        PlanBlock.start <= bindparam("last"),
        PlanBlock.end >= bindparam("first"),
        LeaveRequest.employee_id.in_(bindparam("people", expanding=True)),
    )
)


@dataclass(frozen=True)
class _TeamStatements:
    count: Select  # how many people the team has
    page: Select  # a page of them, by name, with their locations
    returns: Select  # the team's leave around the next weeks, with its people


@lru_cache(maxsize=2)
def _team_statements(everyone_below: bool) -> _TeamStatements:
    """Direct reports, or everyone below: the active people of `manager_id`'s team."""
    manager = bindparam("manager_id")
    if everyone_below:
        ids = accounts.everyone_below(manager)
    else:
        ids = select(Employee.id).where(Employee.manager_id == manager)
    members = (_ACTIVE_BELOW_A_MANAGER, Employee.id.in_(ids), Employee.id != manager)
    return _TeamStatements(
        count=select(func.count()).select_from(Employee).where(*members),
        page=(
            select(*_person_columns())
            .join(Location, Employee.location_id == Location.id)
            .where(*members)
            .order_by(Employee.name, Employee.id)
            .limit(bindparam("limit"))
            .offset(bindparam("offset"))
        ),
        returns=(
            select(*_person_columns(), LeaveRequest.status,
                   PlanBlock.start.label("block_start"), PlanBlock.end.label("block_end"))
            .select_from(PlanBlock)
            .join(LeaveRequest, PlanBlock.request_id == LeaveRequest.id)
            .join(Employee, LeaveRequest.employee_id == Employee.id)
            .join(Location, Employee.location_id == Location.id)
            .where(
                _ACTIVE_BELOW_A_MANAGER,
                Employee.id.in_(ids),
                LeaveRequest.status.not_in(_HIDDEN_STATUSES),
                PlanBlock.end >= bindparam("back_from"),
                PlanBlock.start <= bindparam("back_until"),
            )
        ),
    )


@lru_cache(maxsize=128)
def _weekend(weekend_days: str) -> frozenset[int]:
    return frozenset(int(day) for day in weekend_days)


def _label(viewer: Viewer, prefers_out_of_office: bool) -> str:
    """disclosure.leave_label in the reader's language: "Parental leave" or "Out of office"."""
    label = leave_label(viewer, prefers_out_of_office)
    return {"Parental leave": _("Parental leave"), "Out of office": _("Out of office")}.get(
        label, label
    )


def _cell_words() -> CellWords:
    """What a calendar cell says (its tooltip and the words a screen reader reads), in the
    reader's language."""
    return CellWords(
        approved=_("%(label)s, approved"), pending=_("%(label)s, pending"),
        holiday=_("%(name)s (public holiday)"), weekend=_("Weekend"),
    )


def _person(row, viewer: Viewer) -> Person:
    return Person(
        id=row.id, name=row.name, country=row.country, subdivision=row.subdivision,
        weekend=_weekend(row.weekend_days),
        label=_label(viewer, row.show_as_out_of_office), location=row.location,
    )


def _page_of_people(where: list, viewer: Viewer, page: int, per_page: int):
    """Two queries: how many people there are, and one page of them with their locations, by
    name (a separate count lets the page walk an index on name instead of sorting everyone)."""
    page = max(1, page)
    total = db.session.scalar(select(func.count()).select_from(Employee).where(*where))
    rows = db.session.execute(
        select(*_person_columns())
        .join(Location, Employee.location_id == Location.id)
        .where(*where)
        .order_by(Employee.name, Employee.id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    return [_person(row, viewer) for row in rows], Page(page, per_page, total or 0)


def _blocks(person_ids: list[int], start: date, end: date) -> list[LeaveBlock]:
    """One query: these people's shown blocks of leave that overlap start..end."""
    if not person_ids:
        return []
    rows = db.session.execute(
        _SHOWN_BLOCKS_OF_PEOPLE, {"people": person_ids, "first": start, "last": end}
    ).all()
    return [
        LeaveBlock(row.employee_id, row.start, row.end, row.status == Status.APPROVED)
        for row in rows
    ]


def _blocks_of(people: list[Person], month: Month) -> list[LeaveBlock]:
    return _blocks([person.id for person in people], month.first, month.last)


def _team_page(statements: _TeamStatements, manager_id: int, page: int, per_page: int):
    """Two queries, as `_page_of_people`, for a manager's team."""
    page = max(1, page)
    total = db.session.scalar(statements.count, {"manager_id": manager_id})
    rows = db.session.execute(statements.page, {
        "manager_id": manager_id, "limit": per_page, "offset": (page - 1) * per_page,
    }).all()
    return [_person(row, Viewer.MANAGER) for row in rows], Page(page, per_page, total or 0)


def _returns(statements: _TeamStatements, manager_id: int, today: date) -> list[Return]:
    """One query: the team's blocks around the next weeks, with the people they belong to."""
    rows = db.session.execute(statements.returns, {
        "manager_id": manager_id, "back_from": today - _RETURN_LOOKBACK,
        "back_until": today + timedelta(days=RETURNS_HORIZON_DAYS),
    }).all()
    people = {row.id: _person(row, Viewer.MANAGER) for row in rows}
    blocks = [
        LeaveBlock(row.id, row.block_start, row.block_end, row.status == Status.APPROVED)
        for row in rows
    ]
    return upcoming_returns(people.values(), blocks, today)


# -- Use cases --------------------------------------------------------------------------------


def team_calendar(
    manager: Employee, month: Month, everyone_below: bool = False, *, page: int = 1,
    per_page: int = TEAM_PAGE_SIZE, today: date | None = None,
) -> TeamCalendar:
    """The manager's month: their active direct reports, or everyone below them, one row each,
    with the daily counts of those rows and the team's upcoming returns. Four queries."""
    today = today or today_for(manager)
    statements = _team_statements(everyone_below)
    people, shown = _team_page(statements, manager.id, page, per_page)
    grid = build_grid(month, people, _blocks_of(people, month), today, _cell_words())
    return TeamCalendar(grid, _returns(statements, manager.id, today), everyone_below, shown)


def organisation_calendar(
    month: Month, location_id: int | None = None, manager_id: int | None = None,
    page: int = 1, per_page: int = ORGANISATION_PAGE_SIZE, *, today: date | None = None,
) -> OrganisationCalendar:
    """HR's month of the organisation, a page of active people at a time, optionally only one
    location and/or everyone below one manager. Three queries; the counts are of the page."""
    where = [_ACTIVE_BELOW_A_MANAGER if manager_id is not None else Employee.active]
    if location_id is not None:
        where.append(Employee.location_id == location_id)
    if manager_id is not None:
        where.append(Employee.id.in_(accounts.everyone_below(manager_id)))
    people, shown = _page_of_people(where, Viewer.HR, page, per_page)
    grid = build_grid(month, people, _blocks_of(people, month), today or date.today(),
                      _cell_words())
    return OrganisationCalendar(grid, shown, location_id, manager_id)


def my_month(employee: Employee, month: Month, *, today: date | None = None) -> MyMonth:
    """The employee's own month, with the public holidays of their work location."""
    location = employee.location
    me = Person(
        id=employee.id, name=employee.name, country=location.country,
        subdivision=location.subdivision, weekend=location.weekend,
        label=_label(Viewer.SELF, employee.show_as_out_of_office), location=location.name,
    )
    blocks = _blocks([employee.id], month.first, month.last)
    grid = build_grid(month, [me], blocks, today or today_for(employee), _cell_words())
    holidays = public_holidays(location.country, location.subdivision, month.first, month.last)
    return MyMonth(grid, holidays)


def leave_rows_for_export(start: date, end: date) -> Iterator[ExportRow]:
    """Every shown block of leave overlapping start..end, by name then first day; one query,
    read in batches (consume it inside the app context, e.g. with stream_with_context)."""
    result = db.session.execute(
        select(Employee.name, Employee.email, Location.name.label("location"),
               PlanBlock.start, PlanBlock.end, LeaveRequest.status, LeaveRequest.change_pending)
        .select_from(PlanBlock)
        .join(LeaveRequest, PlanBlock.request_id == LeaveRequest.id)
        .join(Employee, LeaveRequest.employee_id == Employee.id)
        .join(Location, Employee.location_id == Location.id)
        .where(
            LeaveRequest.status.not_in(_HIDDEN_STATUSES),
            PlanBlock.start <= end,
            PlanBlock.end >= start,
        )
        .order_by(Employee.name, Employee.id, PlanBlock.start)
        .execution_options(yield_per=500)
    )
    for row in result:
        yield ExportRow(
            name=row.name, email=row.email, location=row.location, first_day=row.start,
            last_day=row.end, status=STATUS_LABELS[state_of(row.status, row.change_pending)],
        )
