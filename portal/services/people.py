"""HR's use cases for people: find them, add and edit them, and see a person's record.

Leavers (deactivate, reactivate) are in `services.leavers`; imports in `services.people_import`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import false, func, or_, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.domain.people import (
    PersonError,
    email_problem,
    hire_date_problem,
    last_hr_problem,
    manager_loop,
    name_problem,
    normalise_email,
)
from portal.domain.workflow import Status
from portal.extensions import db
from portal.forms.words import lazy_gettext as _l
from portal.models import Employee, LeaveRequest, Location, PersonChange
from portal.services import account_links, person_history
from portal.services.accounts import everyone_below
from portal.services.person_history import Source
from portal.services.webhooks import events as webhook_events

PER_PAGE = 50
ACTIVE, LEFT, EVERYONE = "active", "left", "all"
STATUSES = {ACTIVE: _l("Working here"), LEFT: _l("Has left"), EVERYONE: _l("Everyone")}


@dataclass(frozen=True)
class PeopleFilter:
    """What HR looks for on the People page; empty fields filter nothing."""

    search: str = ""
    location_id: int | None = None
    manager_id: int | None = None  # everyone below this manager, at any depth
    status: str = ACTIVE
    to_check: bool = False  # only people provisioning placed at the default location


def _escaped_like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def people_statement(chosen: PeopleFilter):
    statement = select(Employee).options(
        joinedload(Employee.location), joinedload(Employee.manager)
    )
    if chosen.search:
        pattern = _escaped_like(chosen.search.strip().lower())
        statement = statement.where(
            or_(
                func.lower(Employee.name).like(pattern, escape="\\"),
                Employee.email.like(pattern, escape="\\"),
            )
        )
    if chosen.location_id is not None:
        statement = statement.where(Employee.location_id == chosen.location_id)
    if chosen.to_check:
        statement = statement.where(Employee.location_to_check)
    if chosen.manager_id is not None:
        statement = statement.where(Employee.id.in_(everyone_below(chosen.manager_id)))
    if chosen.search:
        # Written so that no index on `active` can serve it: walking the (active, name) index
        # and reading each row to match the text is ten times slower than reading the table.
        working, left = Employee.active.is_not(false()), Employee.active.is_not(true())
    else:
        working, left = Employee.active, ~Employee.active
    if chosen.status == ACTIVE:
        statement = statement.where(working)
    elif chosen.status == LEFT:
        statement = statement.where(left)
    return statement.order_by(Employee.name, Employee.id)


def directory(chosen: PeopleFilter, page: int = 1, per_page: int = PER_PAGE):
    """One page of people (two queries: the count and the rows with location and manager)."""
    return db.paginate(
        people_statement(chosen), page=page, per_page=per_page, error_out=False, count=True
    )


def locations_to_check() -> int:
    """How many people provisioning placed at the default location, for HR to check."""
    return db.session.scalar(
        select(func.count()).select_from(Employee).where(Employee.location_to_check)
    )


def locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.name)))


def person(person_id: int) -> Employee | None:
    return db.session.get(
        Employee, person_id, options=[joinedload(Employee.location), joinedload(Employee.manager)]
    )


def person_by_email(email: str) -> Employee | None:
    return db.session.scalar(select(Employee).where(Employee.email == normalise_email(email)))


def leave_requests_of(employee: Employee) -> list[LeaveRequest]:
    """Their requests as HR sees them: everything but drafts, the latest leave first."""
    return list(
        db.session.scalars(
            select(LeaveRequest)
            .where(LeaveRequest.employee_id == employee.id, LeaveRequest.status != Status.DRAFT)
            .order_by(LeaveRequest.start.desc())
        )
    )


def history_of(employee: Employee) -> list[PersonChange]:
    """Every change to the record, the newest first, with who made it."""
    return list(
        db.session.scalars(
            select(PersonChange)
            .options(joinedload(PersonChange.actor))
            .where(PersonChange.employee_id == employee.id)
            .order_by(PersonChange.id.desc())
        )
    )


def active_reports(manager: Employee) -> list[Employee]:
    return list(
        db.session.scalars(
            select(Employee)
            .where(Employee.manager_id == manager.id, Employee.active)
            .order_by(Employee.name)
        )
    )


def other_active_hr(employee_id: int | None) -> int:
    return db.session.scalar(
        select(func.count()).select_from(Employee).where(
            Employee.is_hr, Employee.active, Employee.id != (employee_id or 0)
        )
    )


# -- Adding and editing -------------------------------------------------------------------


@dataclass(frozen=True)
class PersonValues:
    """What HR typed in the person form."""

    email: str
    name: str
    manager_email: str
    location_id: int | None
    hire_date: date | None
    is_hr: bool
    may_use_password: bool = False  # with OIDC_ONLY, a password sign-in (HR's way in)


def _manager_of(person_id: int) -> int | None:
    return db.session.scalar(select(Employee.manager_id).where(Employee.id == person_id))


def _chosen_manager(subject: Employee | None, values: PersonValues) -> Employee | None:
    """The manager named by email, checked: somebody here, working here, and no loop."""
    if not values.manager_email.strip():
        return None
    manager = person_by_email(values.manager_email)
    if manager is None:
        raise PersonError(
            "manager_email",
            _("Nobody in the portal has the email “%(email)s”.", email=values.manager_email),
        )
    unchanged = subject is not None and subject.manager_id == manager.id
    if not manager.active and not unchanged:
        raise PersonError(
            "manager_email",
            _("%(name)s has left; please choose someone who works here.", name=manager.name),
        )
    if subject is not None and subject.id == manager.id:
        raise PersonError("manager_email", _("A person cannot be their own manager."))
    if subject is not None:
        loop = manager_loop(subject.id, manager.id, _manager_of)
        if loop:
            names = dict(db.session.execute(
                select(Employee.id, Employee.name).where(Employee.id.in_(loop))
            ).all())
            chain = " → ".join(names[member] for member in loop)
            raise PersonError(
                "manager_email",
                _("That would make a loop of managers (%(chain)s); please choose someone else.",
                  chain=chain),
            )
    return manager


def _checked(subject: Employee | None, values: PersonValues, today: date):
    email = normalise_email(values.email)
    for field, problem in (
        ("email", email_problem(email)),
        ("name", name_problem(values.name)),
        ("hire_date", hire_date_problem(values.hire_date, today)),
    ):
        if problem:
            raise PersonError(field, problem)
    other = person_by_email(email)
    if other is not None and (subject is None or other.id != subject.id):
        raise PersonError("email", _("%(name)s already uses this email.", name=other.name))
    location = db.session.get(Location, values.location_id) if values.location_id else None
    if location is None:
        raise PersonError("location", _("Please choose where this person works."))
    manager = _chosen_manager(subject, values)
    if subject is not None and subject.is_hr and subject.active and not values.is_hr:
        problem = last_hr_problem(other_active_hr(subject.id))
        if problem:
            raise PersonError("is_hr", problem)
    return email, location, manager


def save_person(
    actor: Employee, subject: Employee | None, values: PersonValues, today: date
) -> Employee:
    """Add a person (and invite them) or change one; every changed field goes into the
    history under the HR person who saved it. Raises PersonError naming the field."""
    email, location, manager = _checked(subject, values, today)
    before = person_history.snapshot(subject) if subject is not None else {}
    person = subject or Employee(password_hash=None, active=True)
    person.email, person.name = email, values.name.strip()
    person.manager, person.location = manager, location
    person.timezone = location.timezone
    person.location_to_check = False  # HR has chosen (provisioning may have guessed)
    person.hire_date, person.is_hr = values.hire_date, values.is_hr
    person.may_use_password = values.may_use_password
    if subject is None:
        db.session.add(person)
    try:
        person_history.record(person, before, source=Source.HR, actor=actor)
        if subject is None:
            account_links.invite(person)
            webhook_events.person_changed(person, "person.created")
        db.session.commit()
    except IntegrityError:  # someone took the email between the check and the save
        db.session.rollback()
        raise PersonError("email", _("Someone already uses this email.")) from None
    return person


def resend_invitation(subject: Employee) -> None:
    """A new invitation link by email; earlier links keep working until they expire."""
    if not subject.active:
        raise PersonError(
            "active", _("%(name)s has left; reactivate them first.", name=subject.name)
        )
    account_links.invite(subject)
    db.session.commit()
