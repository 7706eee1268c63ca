"""The one codec between a leave case and what keeps it: the details row, a revision's JSON and
the plan's blocks.

A case's answers are listed once, in CASE_FIELDS; every shape below is made from that list. To
add a field to a case, add it to RequestInput and CASE_FIELDS here and its column to
RequestDetails; the services, the request pages and bench/ take it from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date, timedelta

from portal.domain.case import Case
from portal.domain.pay_kinds import pay_figures
from portal.domain.plan import Block
from portal.models import Employee, LeaveRequest, Location, RequestDetails, RequestRevision


@dataclass(frozen=True)
class RequestInput:
    """What the employee tells us on the request form, and what a change of plan makes of it."""

    role: str
    event: str
    event_date: date
    expected_date: date | None = None
    start: date | None = None
    nicu_days: int = 0
    gestation_weeks: int | None = None
    babies: int = 1
    child_number: int = 1
    note_to_hr: str = ""
    blocks: tuple[Block, ...] = ()  # empty: one continuous block, the default plan
    event_has_happened: bool = False


# The answers of a case, as RequestDetails columns and as keys of a revision's JSON; True marks
# a date (ISO text in JSON). The first day of leave is kept beside them: on the request, and as
# "start" in a revision.
CASE_FIELDS: dict[str, bool] = {
    "role": False,
    "event": False,
    "event_date": True,
    "expected_date": True,
    "nicu_days": False,
    "gestation_weeks": False,
    "babies": False,
    "child_number": False,
    "event_has_happened": False,
}
# The answers the entitlement is computed from (the others are the request's own).
_CASE_ANSWERS = tuple(name for name in CASE_FIELDS if name in {f.name for f in fields(Case)})


# -- Cases -----------------------------------------------------------------------------------


def case_at(location: Location, employee: Employee, **answers) -> Case:
    """The case at a work location, with the employee's hire date (POLICY §2)."""
    return Case(
        country=location.country, subdivision=location.subdivision,
        weekend_days=location.weekend, hire_date=employee.hire_date, **answers,
    )


def case_of(employee: Employee, data: RequestInput) -> Case:
    """The case these answers make at the employee's own work location."""
    answers = {name: getattr(data, name) for name in _CASE_ANSWERS}
    return case_at(employee.location, employee, start=data.start, **answers)


def input_of_case(case: Case, *, event_has_happened: bool, note_to_hr: str = "",
                  blocks: Iterable[Block] = ()) -> RequestInput:
    """The answers a computed case came from (bench/ builds its requests from cases)."""
    answers = {name: getattr(case, name) for name in _CASE_ANSWERS}
    answers.update(role=str(case.role), event=str(case.event))
    return RequestInput(
        start=case.leave_start, event_has_happened=event_has_happened, note_to_hr=note_to_hr,
        blocks=plan_blocks(blocks), **answers,
    )


# -- Blocks ----------------------------------------------------------------------------------


def plan_blocks(blocks: Iterable[Block], longest_end: date | None = None) -> tuple[Block, ...]:
    """The blocks a request keeps as its own choice: a split plan, or one block ending before
    `longest_end` (the employee coming back earlier, POLICY §4); () for the default plan, which
    is worked out again from the entitlement whenever the case changes."""
    blocks = tuple(sorted(blocks, key=lambda block: block.start))
    if len(blocks) > 1:
        return blocks
    if len(blocks) == 1 and longest_end is not None and blocks[0].end < longest_end:
        return blocks
    return ()


def _longest_end(entitlement: Mapping | None) -> date | None:
    end = (entitlement or {}).get("end")
    return date.fromisoformat(end) if end else None


def blocks_json(blocks: Iterable[Block]) -> list[list[str]]:
    return [[block.start.isoformat(), block.end.isoformat()] for block in blocks]


def blocks_of_json(stored: Iterable[Iterable[str]]) -> tuple[Block, ...]:
    return tuple(Block(date.fromisoformat(start), date.fromisoformat(end))
                 for start, end in stored)


def blocks_of_request(request: LeaveRequest) -> tuple[Block, ...]:
    return tuple(Block(block.start, block.end) for block in request.blocks)


# -- The details row -------------------------------------------------------------------------


def details_values(data: RequestInput, entitlement: Mapping) -> dict:
    """RequestDetails' columns for these answers and their computed entitlement."""
    values = {name: getattr(data, name) for name in CASE_FIELDS}
    values.update(role=str(data.role), event=str(data.event),
                  note_to_hr=data.note_to_hr.strip(), entitlement=dict(entitlement))
    figures = pay_figures(entitlement)
    values.update(company_days=figures.company_days, statutory_end=figures.statutory_end,
                  phased_return_days=figures.phased_return_days)
    return values


def write_details(details: RequestDetails, data: RequestInput, entitlement: Mapping) -> None:
    for name, value in details_values(data, entitlement).items():
        setattr(details, name, value)


def input_of_details(details: RequestDetails, start: date | None,
                     blocks: Iterable[Block] = ()) -> RequestInput:
    """The answers a details row keeps, with the first day of leave and the employee's blocks."""
    answers = {name: getattr(details, name) for name in CASE_FIELDS}
    return RequestInput(start=start, note_to_hr=details.note_to_hr,
                        blocks=plan_blocks(blocks, _longest_end(details.entitlement)), **answers)


def input_of_request(request: LeaveRequest, *, without_extra_days: bool = False) -> RequestInput:
    """The plan in force as answers: the details, the first day and a split plan's blocks.
    `without_extra_days` gives the blocks as the employee chose them, before HR's extra days
    lengthened the last one."""
    blocks = blocks_of_request(request)
    extra = request.details.extra_days or 0
    if without_extra_days and extra and blocks:
        last = blocks[-1]
        blocks = (*blocks[:-1], Block(last.start, last.end - timedelta(days=extra)))
    return input_of_details(request.details, request.start, blocks)


# -- A revision's JSON -----------------------------------------------------------------------


def _json_value(value, is_date: bool):
    return value.isoformat() if is_date and value is not None else value


def _value_of_json(value, is_date: bool):
    return date.fromisoformat(value) if is_date and value else value


def revision_case(data: RequestInput, start: date) -> dict:
    """A revision's "case": the answers, with the first day of leave as "start"."""
    case = {name: _json_value(getattr(data, name), is_date)
            for name, is_date in CASE_FIELDS.items()}
    case.update(role=str(data.role), event=str(data.event), start=start.isoformat())
    return case


def revision_values(data: RequestInput, entitlement: Mapping, blocks: Iterable[Block]) -> dict:
    """RequestRevision's case, entitlement and blocks columns for a proposed plan."""
    blocks = tuple(blocks)
    return {"case": revision_case(data, blocks[0].start), "entitlement": dict(entitlement),
            "blocks": blocks_json(blocks)}


def input_of_revision_json(case: Mapping, blocks: Iterable[Iterable[str]],
                           note_to_hr: str = "", entitlement: Mapping | None = None
                           ) -> RequestInput:
    answers = {name: _value_of_json(case.get(name), is_date)
               for name, is_date in CASE_FIELDS.items() if name in case}
    return RequestInput(start=date.fromisoformat(case["start"]), note_to_hr=note_to_hr,
                        blocks=plan_blocks(blocks_of_json(blocks), _longest_end(entitlement)),
                        **answers)


def input_of_revision(revision: RequestRevision, note_to_hr: str = "") -> RequestInput:
    """The answers and plan a revision proposes."""
    return input_of_revision_json(revision.case, revision.blocks, note_to_hr,
                                  revision.entitlement)


def pending_revision(request: LeaveRequest) -> RequestRevision | None:
    """The change waiting for HR, if there is one."""
    return next((r for r in reversed(request.revisions) if r.status == "pending"), None)


def revision_blocks(revision: RequestRevision) -> tuple[Block, ...]:
    """Every block a revision proposes, a single one included."""
    return blocks_of_json(revision.blocks)
