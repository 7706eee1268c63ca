"""Small builders for test data: make_location, make_employee, sign_in."""

from __future__ import annotations

import functools
import itertools
from datetime import date

from portal.extensions import db
from portal.models import Employee, Location
from portal.passwords import hash_password

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


def sign_in(client, email: str, password: str = PASSWORD, **extra):
    return client.post("/login", data={"email": email, "password": password, **extra})
