"""The directory as the API gives it: people and their work locations, never passwords,
settings or sign-in details."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.models import Employee


def people_page(after: int, limit: int) -> tuple[list[Employee], bool]:
    """The people with an id above `after`, by id; and whether there are more."""
    found = list(db.session.scalars(
        select(Employee).options(joinedload(Employee.location))
        .where(Employee.id > after).order_by(Employee.id).limit(limit + 1)
    ))
    return found[:limit], len(found) > limit
