"""Small builders for test data (make_location, make_employee, make_leave, build_team, feed
links), signing in, and counting the SQL statements a page runs."""

from __future__ import annotations

import functools
import itertools
from datetime import date, timedelta

from sqlalchemy import event

from portal.domain.workflow import Status
from portal.extensions import db
from portal.models import Employee, LeaveRequest, Location, PlanBlock
from portal.passwords import hash_password
from portal.services.settings import new_feed_token

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


@functools.cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def make_location(**fields) -> Location:
    n = next(_numbers)
    values = dict(name=f"Office {n}", country="GB", subdivision="ENG", timezone="Europe/London")
    values.update(fields)
    location = Location(**values)
    db.session.add(location)
    db.session.commit()
    return location


def make_employee(**fields) -> Employee:
    n = next(_numbers)
    location = fields.pop("location", None) or make_location()
    values = dict(
        email=f"person{n}@example.test",
        name=f"Person {n}",
        password_hash=password_hash(),
        location=location,
        timezone=location.timezone,
        hire_date=date(2020, 1, 6),
    )
    values.update(fields)
    employee = Employee(**values)
    db.session.add(employee)
    db.session.commit()
    return employee


def give_feed_token(person) -> str:
    """New feed links for this person. The database keeps only the token's digest, so the
    token is also kept on the object, as `person.feed_token`, for the test to build URLs."""
    person.feed_token = new_feed_token(person)
    return person.feed_token


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})


def make_leave(employee, start, end, status=Status.APPROVED, change_pending=False, commit=True):
    """A request with one block, straight into the tables (the calendar reads only these)."""
    request = LeaveRequest(
        employee_id=employee.id, status=status, change_pending=change_pending, start=start,
        end=end, return_date=end + timedelta(days=1), policy_id="company-2022-01-01",
        submission_key=f"key-{next(_numbers)}", blocks=[PlanBlock(start=start, end=end)],
    )
    db.session.add(request)
    if commit:
        db.session.commit()
    return request


def build_team(manager, size, start, width=5):
    """`size` people below the manager, `width` at each level, each with leave in the month."""
    location = manager.location
    level, made, hash_ = [manager], [], password_hash()
    while len(made) < size:
        below = []
        for boss in level:
            for _ in range(width):
                if len(made) == size:
                    break
                n = len(made)
                person = Employee(
                    email=f"m{manager.id}-{n}@example.test", name=f"Team {manager.id} {n:03}",
                    password_hash=hash_, location=location, timezone=location.timezone,
                    manager=boss, show_as_out_of_office=n % 3 == 0,
                )
                made.append(person)
                below.append(person)
        level = below
    db.session.add_all(made)
    db.session.flush()
    for n, person in enumerate(made):
        status = (Status.APPROVED, Status.SUBMITTED, Status.INFORMATION_REQUESTED)[n % 3]
        make_leave(person, start + timedelta(days=n % 20), start + timedelta(days=n % 20 + 9),
                   status=status, commit=False)
    db.session.commit()
    return made


def statements_for(client, url):
    client.get(url)  # once to warm caches (holidays, compiled statements)
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(url)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(seen), response.get_data(as_text=True)
