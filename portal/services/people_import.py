"""Import people from a CSV file and export them: check a file, keep it between "Check file" and
"Import", apply it in one transaction (all or nothing), and list everyone for the export."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import gettext as _
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from portal.domain.people_import import (
    COLUMNS,
    ExistingPerson,
    ImportFileError,
    ImportPlan,
    Outcome,
    check_text,
    decode,
)
from portal.extensions import db
from portal.formatting import spreadsheet_safe
from portal.models import Employee, Location, PeopleImport, PersonChange, utcnow
from portal.services import account_links
from portal.services.accounts import today_for
from portal.services.person_history import Source, change_rows
from portal.services.webhooks import events as webhook_events

MAX_FILE_BYTES = 16 * 1024 * 1024  # what the page accepts; about 200,000 people
EXPORT_BATCH = 2_000
READ_BATCH = 1_000  # emails in one IN (...)


@dataclass(frozen=True)
class CheckedFile:
    """A file and what importing it would do; `text` is "" when the file could not be read."""

    filename: str
    text: str
    plan: ImportPlan


@dataclass(frozen=True)
class ImportResult:
    new: int
    changed: int


class UnknownImport(LookupError):
    """No checked file by that id for this person: never checked, imported already, or another's."""


class ImportRefused(ValueError):
    """The file does not pass the check (any more): nothing was saved. `checked` says why."""

    def __init__(self, checked: CheckedFile) -> None:
        self.checked = checked
        super().__init__(f"{checked.filename}: the import was refused")


# -- Reading what there is -------------------------------------------------------------------


def _today(actor: Employee | None, today: date | None) -> date:
    if today is not None:
        return today
    return today_for(actor) if actor is not None else datetime.now(UTC).date()


def _people_rows():
    """Everyone, as plain columns: one query, no ORM objects (50,000 people in a blink)."""
    manager = aliased(Employee)
    return db.session.execute(
        select(
            Employee.id, Employee.email, Employee.name, manager.email, Location.name,
            Employee.hire_date, Employee.is_hr, Employee.active,
        )
        .join(Location, Employee.location_id == Location.id)
        .outerjoin(manager, Employee.manager_id == manager.id)
    )


def _existing_people() -> tuple[dict[str, ExistingPerson], dict[str, int]]:
    """The people there are, by email, and their ids."""
    people, ids = {}, {}
    for id_, email, name, manager, location, hire_date, is_hr, active in _people_rows():
        people[email] = ExistingPerson(
            email, name, manager or "", location, hire_date, is_hr, active
        )
        ids[email] = id_
    return people, ids


def _locations() -> dict[str, tuple[int, str]]:
    """Each location's name: its id and time zone."""
    return {
        name: (id_, timezone)
        for id_, name, timezone in db.session.execute(
            select(Location.id, Location.name, Location.timezone)
        )
    }


def _check(text: str, filename: str, today: date) -> tuple[CheckedFile, dict[str, int]]:
    people, ids = _existing_people()
    plan = check_text(text, people, _locations(), today)
    return CheckedFile(filename, text, plan), ids


def _unreadable(filename: str, error: ImportFileError) -> CheckedFile:
    return CheckedFile(filename, "", ImportPlan(file_errors=(error.message,)))


# -- Checking ----------------------------------------------------------------------------------


def check_file(
    data: bytes, filename: str, *, actor: Employee | None = None, today: date | None = None
) -> CheckedFile:
    """What importing this file would do, row by row. Saves nothing."""
    try:
        text = decode(data)
    except ImportFileError as error:
        return _unreadable(filename, error)
    checked, _ids = _check(text, filename, _today(actor, today))
    return checked


def save_checked_file(actor: Employee, filename: str, text: str) -> str:
    """Keep a file that passed the check until its Import button is pressed; returns its id.
    The same person's earlier checked files go: only the latest can be imported."""
    db.session.execute(delete(PeopleImport).where(PeopleImport.actor_id == actor.id))
    import_id = secrets.token_urlsafe(32)
    db.session.add(
        PeopleImport(id=import_id, actor_id=actor.id, filename=filename[:200], content=text)
    )
    db.session.commit()
    return import_id


# -- Importing ---------------------------------------------------------------------------------


def apply_checked_file(
    actor: Employee, import_id: str, *, today: date | None = None
) -> ImportResult:
    """Import the file this person checked, if it still passes the check; all or nothing."""
    checked = db.session.get(PeopleImport, import_id) if len(import_id) <= 64 else None
    if checked is None or checked.actor_id != actor.id:
        raise UnknownImport(import_id)
    return _apply(checked.content, checked.filename, actor, _today(actor, today), checked.id)


def apply_file(
    data: bytes, filename: str, actor: Employee | None = None, *, today: date | None = None
) -> ImportResult:
    """Check and import a file in one go (the command line); all or nothing."""
    try:
        text = decode(data)
    except ImportFileError as error:
        raise ImportRefused(_unreadable(filename, error)) from None
    return _apply(text, filename, actor, _today(actor, today))


def _apply(text: str, filename: str, actor: Employee | None, today: date,
           import_id: str | None = None) -> ImportResult:
    try:
        checked, ids = _check(text, filename, today)
        if checked.plan.has_errors:
            raise ImportRefused(checked)
        result = _write(checked, ids, actor)
        if import_id is not None:
            db.session.execute(delete(PeopleImport).where(PeopleImport.id == import_id))
        db.session.commit()
    except IntegrityError:
        # Someone added or changed a person between the check and the commit.
        db.session.rollback()
        raise ImportRefused(CheckedFile(filename, text, ImportPlan(file_errors=(
            _("People changed in the portal while this file was being imported, so nothing was "
              "imported. Please check the file again."),
        )))) from None
    except BaseException:
        db.session.rollback()
        raise
    return result


def _write(checked: CheckedFile, ids: dict[str, int], actor: Employee | None) -> ImportResult:
    """Create and update the people of a plan without errors, with their history rows and the
    new people's invitations; the caller commits."""
    plan, locations = checked.plan, _locations()
    plan_values = {row.email: row.values for row in plan.rows}
    actor_id = actor.id if actor is not None else None
    history: list[dict] = []

    def log(person_id: int, before: dict[str, str], after: dict[str, str]) -> None:
        history.extend(change_rows(
            person_id, before, after, source=Source.IMPORT, actor_id=actor_id,
            source_name=checked.filename,
        ))

    # New people first, as one executemany, without the managers who are new too (those have
    # no id yet); then read back as objects for their invitations, a thousand at a time.
    new_rows = plan.rows_with(Outcome.NEW)
    new_people: list[Employee] = []
    if new_rows:
        rows = []
        for row in new_rows:
            values = row.values
            location_id, timezone = locations[values.location]
            rows.append(dict(
                email=values.email, name=values.name, is_hr=values.is_hr,
                manager_id=ids.get(values.manager_email), location_id=location_id,
                timezone=timezone, hire_date=values.hire_date, active=True,
            ))
        db.session.execute(insert(Employee.__table__), rows)
        emails = [row["email"] for row in rows]
        for first in range(0, len(emails), READ_BATCH):
            new_people.extend(db.session.scalars(
                select(Employee).where(Employee.email.in_(emails[first:first + READ_BATCH]))
            ))
        order = {email: position for position, email in enumerate(emails)}
        new_people.sort(key=lambda person: order[person.email])  # invitations in file order
    ids.update((person.email, person.id) for person in new_people)
    for person in new_people:
        values = plan_values[person.email]
        if values.manager_email and person.manager_id is None:
            person.manager_id = ids[values.manager_email]
        log(person.id, {}, {**values.as_record(), "active": "active"})
    db.session.flush()

    changed_rows = plan.rows_with(Outcome.CHANGED)
    if changed_rows:
        updates = []
        for row in changed_rows:
            values = row.values
            location_id, timezone = locations[values.location]
            update_ = dict(
                id=ids[values.email], name=values.name, is_hr=values.is_hr,
                manager_id=ids.get(values.manager_email), location_id=location_id,
                hire_date=values.hire_date,
            )
            if any(change.field == "location" for change in row.changes):
                update_["timezone"] = timezone  # else a time zone set by hand stays
            updates.append(update_)
            log(ids[values.email], {change.field: change.old for change in row.changes},
                {change.field: change.new for change in row.changes})
        # By primary key; rows with the same columns together, so each set is one executemany.
        updates.sort(key=lambda values: "timezone" in values)
        db.session.execute(update(Employee), updates)
    if history:
        now = utcnow()
        db.session.execute(insert(PersonChange), [{**row, "created_at": now} for row in history])
    for person in new_people:
        account_links.invite(person)
    webhook_events.people_created(new_people)
    return ImportResult(new=len(new_rows), changed=len(changed_rows))


# -- Exporting ---------------------------------------------------------------------------------


def export_rows() -> Iterator[list[str]]:
    """The header, then every active person by email, in the import's columns; each cell made
    safe for spreadsheets. Export, edit, import: a round trip."""
    yield list(COLUMNS)
    yield from exported_people()


def exported_people() -> Iterator[list[str]]:
    """Every active person by email, in the import's columns (no header); one query, read in
    batches (consume it inside the app context, as csv_download does)."""
    manager = aliased(Employee)
    rows = db.session.execute(
        select(
            Employee.email, Employee.name, manager.email, Location.name, Employee.hire_date,
            Employee.is_hr,
        )
        .join(Location, Employee.location_id == Location.id)
        .outerjoin(manager, Employee.manager_id == manager.id)
        .where(Employee.active)
        .order_by(Employee.email)
        .execution_options(yield_per=EXPORT_BATCH)
    )
    for email, name, manager_email, location, hire_date, is_hr in rows:
        yield [spreadsheet_safe(cell) for cell in (
            email, name, manager_email or "", location,
            hire_date.isoformat() if hire_date else "", "yes" if is_hr else "no",
        )]
