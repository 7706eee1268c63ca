"""Importing people from a CSV file: reading the file, and planning row by row what an import
would do (a new person, a change, nothing, or why not) before anything is saved.

Pure: the service loads the people and locations there are, and writes what the plan says.
A plan's values are plain text as a person's history keeps them (the manager by email, the
location by name, dates as YYYY-MM-DD, HR as yes/no), so that a change reads the same here,
on the page, on the command line and in the history.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from portal.domain.people import (
    email_problem,
    hire_date_problem,
    last_hr_problem,
    name_problem,
    normalise_email,
)
from portal.domain.phrases import Phrase, PluralPhrase, listed

# The columns of an import and of an export, in the export's order.
COLUMNS = ("email", "name", "manager_email", "location", "hire_date", "hr")
REQUIRED_COLUMNS = ("email", "name", "manager_email", "location", "hire_date")

# What a spreadsheet protects with a leading apostrophe (the export does it, as the leave CSV):
# the import takes the apostrophe off again, so that export -> import changes nothing.
_PROTECTED_STARTS = ("'=", "'+", "'-", "'@")
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOOP_SHOWN = 8  # people named in a loop's message; a longer loop is shortened with "…"
_LOCATIONS_LISTED = 12  # an unknown location's message lists the known ones up to this many


class ImportFileError(ValueError):
    """The file as a whole cannot be read: a message to read, about the file, not a row."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


# -- Reading the file ------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """The file's text: UTF-8, with or without the byte-order mark Excel writes."""
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(Phrase(
            "This is a spreadsheet file (such as .xlsx or .xls), not a CSV file. In the "
            "spreadsheet, choose “Save as” and “CSV UTF-8”, then check that file."
        ))
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFileError(Phrase(
            "This file is saved as UTF-16 (“Unicode text”). Please save it as “CSV UTF-8” "
            "and check it again."
        ))
    if b"\x00" in data:
        raise ImportFileError(Phrase(
            "This is not a CSV file: it holds binary data. Please choose a CSV file saved as "
            "“CSV UTF-8”."
        ))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ImportFileError(Phrase(
            "This file is not UTF-8 text (line %(line)d cannot be read as UTF-8). In Excel, "
            "save it as “CSV UTF-8 (Comma delimited)”; other programs call it UTF-8.", line=line
        )) from None


@dataclass(frozen=True)
class FileRow:
    """One row of people in the file: its spreadsheet row number (the header is row 1) and its
    cells by column, trimmed and with the export's protective apostrophe taken off."""

    number: int
    cells: Mapping[str, str]
    extra_cells: int = 0  # cells to the right of the header's last column
    extra_filled: bool = False  # and one of them holds something


@dataclass(frozen=True)
class ParsedFile:
    columns: tuple[str, ...] = ()
    rows: tuple[FileRow, ...] = ()
    notes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # the file cannot be imported, whatever its rows say


def delimiter_of(header_line: str) -> str:
    """Semicolons when the header has more of them than commas (Excel in much of Europe)."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def _column_name(cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", cell.replace("\ufeff", "").strip().lower())


def cell_value(cell: str) -> str:
    """A cell as the person meant it: no surrounding spaces, no protective apostrophe."""
    value = cell.strip()
    return value[1:] if value.startswith(_PROTECTED_STARTS) else value


def _header(cells: list[str]) -> tuple[dict[str, int], list[str], list[str]]:
    """Column positions, notes and problems of the header row."""
    positions: dict[str, int] = {}
    unknown, repeated = [], []
    for index, cell in enumerate(cells):
        name = _column_name(cell)
        if not name:
            continue  # spreadsheets often leave empty columns at the right
        if name not in COLUMNS:
            unknown.append(cell.strip())
        elif name in positions:
            repeated.append(name)
        else:
            positions[name] = index
    notes, problems = [], []
    if unknown:
        notes.append(PluralPhrase(
            "The column %(columns)s is not part of an import, so it was ignored.",
            "The columns %(columns)s are not part of an import, so they were ignored.",
            len(unknown), columns=listed(unknown),
        ))
    if repeated:
        problems.append(Phrase(
            "The header names %(columns)s more than once; each column may appear once.",
            columns=listed(sorted(set(repeated))),
        ))
    missing = [name for name in REQUIRED_COLUMNS if name not in positions]
    if missing:
        problems.append(PluralPhrase(
            "The header (row 1) has no %(columns)s column. The first row must name the "
            "columns: email, name, manager_email, location, hire_date and, if you like, hr.",
            "The header (row 1) has no %(columns)s columns. The first row must name the "
            "columns: email, name, manager_email, location, hire_date and, if you like, hr.",
            len(missing), columns=listed(missing),
        ))
    return positions, notes, problems


def parse(text: str) -> ParsedFile:
    """The rows of a CSV file's text, comma or semicolon separated, columns found by header."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return ParsedFile(
            problems=(Phrase("The file is empty: there is no header and no people."),)
        )
    delimiter = delimiter_of(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[FileRow] = []
    try:
        header = next(reader)
        positions, notes, problems = _header(header)
        width = max((index + 1 for index, cell in enumerate(header) if cell.strip()), default=0)
        if problems:
            return ParsedFile(notes=tuple(notes), problems=tuple(problems))
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue  # an empty line, or one of only separators
            rows.append(FileRow(
                number=number,
                cells={name: cell_value(cells[index]) if index < len(cells) else ""
                       for name, index in positions.items()},
                extra_cells=max(0, len(cells) - width),
                extra_filled=any(cell.strip() for cell in cells[width:]),
            ))
    except csv.Error as error:
        return ParsedFile(problems=(
            Phrase("The file cannot be read as CSV near line %(line)d (%(error)s). "
                   "Please save it again from the spreadsheet as “CSV UTF-8”.",
                   line=reader.line_num, error=str(error)),
        ))
    if not rows:
        problems = [Phrase("The file has a header but no people: there is nothing to import.")]
    return ParsedFile(tuple(positions), tuple(rows), tuple(notes), tuple(problems))


# -- Planning --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExistingPerson:
    """A person the portal already has, as the import compares them."""

    email: str
    name: str
    manager_email: str  # "" when they have no manager
    location: str  # the location's name
    hire_date: date | None
    is_hr: bool
    active: bool


@dataclass(frozen=True)
class PersonValues:
    """What a person's record holds once the row is imported."""

    email: str
    name: str
    manager_email: str
    location: str
    hire_date: date | None
    is_hr: bool

    def as_record(self) -> dict[str, str]:
        """Field by field, as text, with the names a person's history uses."""
        return {
            "email": self.email,
            "name": self.name,
            "manager": self.manager_email,
            "location": self.location,
            "hire_date": self.hire_date.isoformat() if self.hire_date else "",
            "is_hr": "yes" if self.is_hr else "no",
        }


def record_of(person: ExistingPerson) -> dict[str, str]:
    return PersonValues(
        person.email, person.name, person.manager_email, person.location, person.hire_date,
        person.is_hr,
    ).as_record()


class Outcome(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    ERROR = "error"


@dataclass(frozen=True)
class Change:
    field: str  # a key of the history's fields: name, manager, location, hire_date, is_hr
    old: str
    new: str


@dataclass(frozen=True)
class RowPlan:
    number: int  # the spreadsheet row: the header is row 1, the first person row 2
    email: str
    outcome: Outcome
    values: PersonValues | None = None  # None for a row with errors
    changes: tuple[Change, ...] = ()
    errors: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportPlan:
    rows: tuple[RowPlan, ...] = ()
    notes: tuple[str, ...] = ()
    file_errors: tuple[str, ...] = ()

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.errors for row in self.rows)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    def rows_with(self, outcome: Outcome) -> list[RowPlan]:
        return [row for row in self.rows if row.outcome == outcome]


@dataclass
class _Row:
    """A row while it is being planned: what it asks for, and what is wrong with it."""

    number: int
    email: str
    name: str = ""
    manager_email: str = ""
    location: str = ""
    hire_date: date | None = None
    hr: bool | None = None
    errors: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        self.errors.append(message)


def yes_or_no(text: str) -> bool | None:
    """yes/no, y/n, true/false or 1/0 in any case; None for anything else."""
    value = text.strip().lower()
    return True if value in _YES else False if value in _NO else None


def _read_row(row: FileRow, locations: Mapping[str, str]) -> _Row:
    cells = row.cells
    planned = _Row(row.number, normalise_email(cells.get("email", "")))
    if problem := email_problem(planned.email):
        planned.error(problem)
    planned.name = cells.get("name", "").strip()
    if problem := name_problem(planned.name):
        planned.error(problem)
    manager = normalise_email(cells.get("manager_email", ""))
    if manager and (problem := email_problem(manager)):
        planned.error(Phrase("Manager's email: %(problem)s", problem=problem))
    planned.manager_email = manager
    location = cells.get("location", "")
    if not location:
        planned.error(
            Phrase("Please give the person's location, by its name on the Locations page.")
        )
    elif location.lower() not in locations:
        planned.error(_unknown_location(location, sorted(set(locations.values()))))
    else:
        planned.location = locations[location.lower()]
    hire_date = cells.get("hire_date", "")
    if hire_date:
        try:
            if not _ISO_DATE.match(hire_date):
                raise ValueError(hire_date)
            planned.hire_date = date.fromisoformat(hire_date)
        except ValueError:
            planned.error(Phrase(
                "“%(typed)s” is not a hire date written as YYYY-MM-DD, such as 2024-03-18.",
                typed=hire_date,
            ))
    hr = cells.get("hr", "")
    if hr:
        planned.hr = yes_or_no(hr)
        if planned.hr is None:
            planned.error(Phrase("“%(typed)s” in the hr column should be yes or no.", typed=hr))
    if row.extra_filled or (row.extra_cells and planned.errors):
        planned.error(Phrase(
            "This row has more cells than the header has columns: is there a comma or "
            "semicolon inside a cell that is not in quotes?"
        ))
    return planned


def _unknown_location(name: str, known: list[str]) -> str:
    if not known:
        return Phrase("We do not know the location “%(name)s”; please add it on the Locations "
                      "page first.", name=name)
    if len(known) <= _LOCATIONS_LISTED:
        return Phrase("We do not know the location “%(name)s”; the locations are %(known)s.",
                      name=name, known=listed(known))
    return Phrase("We do not know the location “%(name)s”; please use a name from the "
                  "Locations page.", name=name)


def _loops(starts: Iterable[str], manager_of: Callable[[str], str | None]) -> dict[str, list[str]]:
    """Each person on a loop of managers reached from `starts`, with the loop from them back to
    them ([a, b, a]). Each person is walked once, however long the chains."""
    done: set[str] = set()
    loops: dict[str, list[str]] = {}
    for start in starts:
        path: list[str] = []
        index: dict[str, int] = {}
        current: str | None = start
        while current is not None and current not in done and current not in index:
            index[current] = len(path)
            path.append(current)
            current = manager_of(current)
        if current is not None and current in index:
            loop = path[index[current]:]
            for position, person in enumerate(loop):
                loops[person] = loop[position:] + loop[:position] + [person]
        done.update(path)
    return loops


def _loop_message(chain: list[str]) -> str:
    if len(chain) == 2:
        return Phrase("A person cannot be their own manager.")
    shown = chain if len(chain) <= _LOOP_SHOWN else [*chain[:_LOOP_SHOWN - 2], "…", chain[-1]]
    return Phrase(
        "These managers would form a loop: %(chain)s (%(people)d people). Someone in it must "
        "report to someone else.", chain=" → ".join(shown), people=len(chain) - 1,
    )


def plan_import(
    parsed: ParsedFile,
    existing: Mapping[str, ExistingPerson],
    location_names: Iterable[str],
    today: date,
) -> ImportPlan:
    """What importing the file would do to each row's person. People not in the file are left
    as they are; a manager may come later in the file than the people reporting to them."""
    if parsed.problems:
        return ImportPlan(notes=parsed.notes, file_errors=parsed.problems)
    locations = {name.strip().lower(): name for name in location_names}
    rows = [_read_row(row, locations) for row in parsed.rows]
    first_row: dict[str, _Row] = {}
    rows_of: dict[str, list[int]] = {}
    for row in rows:
        if row.email and not email_problem(row.email):
            first_row.setdefault(row.email, row)
            rows_of.setdefault(row.email, []).append(row.number)
    for row in rows:
        others = [number for number in rows_of.get(row.email, ()) if number != row.number]
        if others:
            row.error(PluralPhrase(
                "%(email)s is also on row %(rows)s; each person may appear once in a file.",
                "%(email)s is also on rows %(rows)s; each person may appear once in a file.",
                len(others), email=row.email, rows=", ".join(map(str, others)),
            ))

    def manager_of(email: str) -> str | None:
        if email in first_row:
            return first_row[email].manager_email or None
        person = existing.get(email)
        return person.manager_email or None if person else None

    for row in rows:
        _check_manager(row, existing.get(row.email), existing, first_row)
        _check_hire_date(row, existing.get(row.email), today)
    loops = _loops(first_row, manager_of)
    for email, row in first_row.items():
        if email in loops:
            row.error(_loop_message(loops[email]))
    notes = list(parsed.notes)
    _check_last_hr(rows, first_row, existing, notes)
    return ImportPlan(tuple(_planned(row, existing.get(row.email)) for row in rows), tuple(notes))


def _check_manager(row: _Row, person: ExistingPerson | None,
                   existing: Mapping[str, ExistingPerson], in_file: Mapping[str, _Row]) -> None:
    manager = row.manager_email
    if not manager or manager == row.email or email_problem(manager):
        return  # no manager; a loop of one, said below; a bad address, already said
    if person is not None and person.manager_email == manager:
        return  # unchanged, even if the manager has since left
    known = existing.get(manager)
    if known is not None and not known.active:
        row.error(Phrase("The manager %(manager)s has left; please choose an active manager.",
                         manager=manager))
    elif known is None and manager not in in_file:
        row.error(Phrase("The manager %(manager)s is neither in the portal nor in this file.",
                         manager=manager))


def _check_hire_date(row: _Row, person: ExistingPerson | None, today: date) -> None:
    if row.hire_date is None or (person is not None and person.hire_date == row.hire_date):
        return
    if problem := hire_date_problem(row.hire_date, today):
        row.error(problem)


def _final_hr(row: _Row, person: ExistingPerson | None) -> bool:
    if row.hr is not None:
        return row.hr
    return person.is_hr if person is not None else False


def _final_hire_date(row: _Row, person: ExistingPerson | None) -> date | None:
    """An empty hire_date keeps the one on record (a file from a system that lacks it must not
    wipe it); a new person then has none."""
    if row.hire_date is not None:
        return row.hire_date
    return person.hire_date if person is not None else None


def _check_last_hr(rows: list[_Row], in_file: Mapping[str, _Row],
                   existing: Mapping[str, ExistingPerson], notes: list[str]) -> None:
    """An import may not leave the portal without an active HR person (people.last_hr_problem)."""
    remaining = sum(1 for person in existing.values()
                    if person.is_hr and person.active and person.email not in in_file)
    remaining += sum(
        1 for email, row in in_file.items()
        if _final_hr(row, existing.get(email))
        and (email not in existing or existing[email].active)
    )
    problem = last_hr_problem(remaining)
    if problem is None:
        return
    losing = [row for row in rows
              if (person := existing.get(row.email)) is not None and person.is_hr
              and person.active and not _final_hr(row, person)]
    for row in losing:
        others = [str(other.number) for other in losing if other is not row]
        row.error(problem if not others else PluralPhrase(
            "This file takes HR access from every active HR person (also on row %(rows)s); "
            "keep hr yes for at least one of them, so that somebody can still decide requests.",
            "This file takes HR access from every active HR person (also on rows %(rows)s); "
            "keep hr yes for at least one of them, so that somebody can still decide requests.",
            len(others), rows=", ".join(others),
        ))
    if not losing:
        notes.append(Phrase("After this import nobody has HR access: set hr to yes for at least "
                            "one person, or nobody can decide requests."))


def _planned(row: _Row, person: ExistingPerson | None) -> RowPlan:
    if row.errors:
        return RowPlan(row.number, row.email, Outcome.ERROR, errors=tuple(row.errors))
    values = PersonValues(
        email=row.email, name=row.name, manager_email=row.manager_email,
        location=row.location, hire_date=_final_hire_date(row, person),
        is_hr=_final_hr(row, person),
    )
    if person is None:
        return RowPlan(row.number, row.email, Outcome.NEW, values)
    before, after = record_of(person), values.as_record()
    changes = tuple(Change(field, before[field], after[field])
                    for field in after if before[field] != after[field])
    notes = () if person.active else (
        Phrase("This person has left: their record is updated, but they stay inactive."),)
    outcome = Outcome.CHANGED if changes else Outcome.UNCHANGED
    return RowPlan(row.number, row.email, outcome, values, changes, notes=notes)


def check_text(text: str, existing: Mapping[str, ExistingPerson],
               location_names: Iterable[str], today: date) -> ImportPlan:
    """Read the file's text and plan its import in one go."""
    return plan_import(parse(text), existing, location_names, today)
