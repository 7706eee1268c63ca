"""Use cases of accounts: signing in and out, sessions, and who may see what."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import aliased

from portal.domain.people import normalise_email
from portal.extensions import db
from portal.models import AuthSession, Employee, utcnow
from portal.passwords import hash_password, needs_rehash, verify_password

# Writing last_seen_at on every request would turn every page view into a write.
_TOUCH_INTERVAL = timedelta(seconds=60)


@dataclass(frozen=True)
class Roles:
    """The audiences a person belongs to; every employee is one, some also manage or are HR."""

    manager: bool
    hr: bool

    @property
    def label(self) -> str:
        return "HR" if self.hr else "Manager" if self.manager else "Employee"


def authenticate(email: str, password: str) -> Employee | None:
    """The active employee with this email and password, or None (same time either way)."""
    employee = db.session.scalar(select(Employee).where(Employee.email == normalise_email(email)))
    stored = employee.password_hash if employee is not None else None
    if not verify_password(stored, password) or employee is None or not employee.active:
        return None
    if needs_rehash(employee.password_hash):
        employee.password_hash = hash_password(password)
        db.session.commit()
    return employee


def token_digest(token: str) -> str:
    """What is stored of a secret token (sessions, email links, feed links): its SHA-256, so a
    read of the database alone opens nothing."""
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(employee: Employee) -> str:
    """Open a server-side session and return the token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(AuthSession(id=token_digest(token), employee_id=employee.id))
    db.session.commit()
    return token


def end_session(token: str | None) -> None:
    if token:
        db.session.execute(delete(AuthSession).where(AuthSession.id == token_digest(token)))
        db.session.commit()


def end_all_sessions(employee_id: int, *, commit: bool = True) -> None:
    """Sign this person out everywhere; `commit=False` leaves it to the caller's transaction."""
    db.session.execute(delete(AuthSession).where(AuthSession.employee_id == employee_id))
    if commit:
        db.session.commit()


def resume_session(
    token: str, idle_timeout: timedelta, absolute_timeout: timedelta, now: datetime | None = None
) -> Employee | None:
    """The signed-in employee for a cookie token, or None once the session has ended."""
    now = now or utcnow()
    auth = db.session.get(AuthSession, token_digest(token))
    if auth is None:
        return None
    expired = now - auth.last_seen_at > idle_timeout or now - auth.created_at > absolute_timeout
    if expired or not auth.employee.active:
        db.session.delete(auth)
        db.session.commit()
        return None
    if now - auth.last_seen_at > _TOUCH_INTERVAL:
        auth.last_seen_at = now
        db.session.commit()
    employee = auth.employee
    employee.auth_token = token
    return employee


def today_for(person: Employee, now: datetime | None = None) -> date:
    """Today for this person: the date at their work location, whose time zone the leave dates
    are local civil dates of (POLICY §1). The one place "today" is computed; services take it
    as an argument. A zone the time zone database does not know (a row written before zones
    were checked, or a name a newer tzdata dropped) falls back to the person's own zone, then
    UTC, rather than break every page that needs a date."""
    now = now or utcnow()
    location = person.location
    for name in (location.timezone if location else None, person.timezone, "UTC"):
        try:
            return now.astimezone(ZoneInfo(name)).date()
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            continue
    return now.date()


def roles_of(employee: Employee) -> Roles:
    """Manager-ness is derived from having active reports, never stored."""
    has_reports = db.session.scalar(
        select(exists().where(Employee.manager_id == employee.id, Employee.active))
    )
    return Roles(manager=bool(has_reports), hr=employee.is_hr)


def direct_reports(manager: Employee) -> list[Employee]:
    return list(
        db.session.scalars(
            select(Employee)
            .where(Employee.manager_id == manager.id, Employee.active)
            .order_by(Employee.name)
        )
    )


def find_manager(email: str) -> Employee | None:
    """The active employee with this email who has active reports, or None."""
    report = aliased(Employee)
    return db.session.scalar(
        select(Employee).where(
            Employee.email == normalise_email(email),
            exists().where(report.manager_id == Employee.id, report.active),
        )
    )


def everyone_below(manager_id: int):
    """The ids of everyone below a manager at any depth, walking through people who have left
    (their reports still work here); callers choose whom to show. UNION stops at any loop."""
    below = (
        select(Employee.id).where(Employee.manager_id == manager_id).cte("below", recursive=True)
    )
    below = below.union(select(Employee.id).join(below, Employee.manager_id == below.c.id))
    return select(below.c.id)
