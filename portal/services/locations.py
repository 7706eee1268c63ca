"""Work locations for HR: the list with head counts and statutory rules, adding, editing (which
moves everyone there to the new time zone) and deleting one nobody works at."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import case, func, select, update
from sqlalchemy.exc import IntegrityError

from portal.domain.locations import LocationError, checked_location, weekend_in_words
from portal.domain.policy import Rule, load_policy_book
from portal.extensions import db
from portal.formatting import duration
from portal.forms.words import lazy_gettext as _l
from portal.models import Employee, Location

NO_STATUTORY_RULES = _l(
    "The portal holds no statutory leave rules for this country, so the company policy alone "
    "applies here."
)
TAKEN_NAME = _l("Another location is already called “%(name)s”. Please choose another name.")


class LocationInUse(Exception):
    """A location somebody works at (or worked at) cannot be deleted."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class StatutoryRuleLine:
    """One statutory rule as HR reads it beside a location."""

    title: str
    jurisdiction: str  # "the UK", "California"
    length: str | None  # "52 weeks" when the rule grants a fixed length, else None
    condition: str | None  # "after 12 months of service"
    text: str | None  # what a note rule says, e.g. about unpaid leave
    source: str
    effective_from: date
    effective_to: date | None


@dataclass(frozen=True, slots=True)
class LocationRow:
    """A location on the list: who works there now, and whether anyone ever has."""

    location: Location
    people: int  # active people
    everyone: int  # active or not: a location with anyone on its books cannot be deleted
    weekend: str
    rules: tuple[StatutoryRuleLine, ...]

    @property
    def in_use(self) -> bool:
        return self.everyone > 0

    @property
    def former(self) -> int:
        return self.everyone - self.people


def _service_needed(rule: Rule) -> str | None:
    months, weeks = rule.figure("min_service_months"), rule.figure("min_service_weeks")
    if months:
        return ngettext("after %(num)d month of service", "after %(num)d months of service",
                        months)
    if weeks:
        return _("after %(length)s of service", length=duration(weeks * 7))
    return None


def _line(rule: Rule, jurisdiction: str) -> StatutoryRuleLine:
    # Only a "fixed" rule has one length for everyone; the others depend on the case.
    days = rule.figure("days") if rule.kind == "fixed" else None
    return StatutoryRuleLine(
        title=rule.title[:1].upper() + rule.title[1:],
        jurisdiction=jurisdiction,
        length=duration(days) if days else None,
        condition=_service_needed(rule),
        text=rule.figure("text") if rule.kind == "note" else None,
        source=rule.source,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
    )


def statutory_rules_for(location: Location) -> tuple[StatutoryRuleLine, ...]:
    """The statutory rules held for the location's country and region (POLICY §4), national
    first; empty when there are none, and then NO_STATUTORY_RULES is what to say."""
    book = load_policy_book()
    return tuple(
        _line(rule, jurisdiction.name)
        for jurisdiction in book.jurisdictions_for(location.country, location.subdivision)
        for rule in sorted(jurisdiction.rules.rules, key=lambda rule: rule.effective_from)
    )


def locations_with_counts() -> list[LocationRow]:
    """Every location by name, with its people counted in the same query."""
    # COUNT skips the NULLs the CASE gives for people who have left.
    active = func.count(case((Employee.active, Employee.id)))
    rows = db.session.execute(
        select(Location, active, func.count(Employee.id))
        .outerjoin(Employee, Employee.location_id == Location.id)
        .group_by(Location.id)
        .order_by(func.lower(Location.name), Location.id)
    ).all()
    return [
        LocationRow(
            location=location,
            people=people,
            everyone=everyone,
            weekend=weekend_in_words(location.weekend_days),
            rules=statutory_rules_for(location),
        )
        for location, people, everyone in rows
    ]


def _name_taken(name: str, location: Location | None) -> bool:
    query = select(Location.id).where(func.lower(Location.name) == name.lower())
    if location is not None and location.id is not None:
        query = query.where(Location.id != location.id)
    return db.session.scalar(query.limit(1)) is not None


def save_location(location: Location | None, values: Mapping[str, object]) -> Location:
    """Create a location (None) or change one, from the values typed: name, country,
    subdivision, timezone and weekend (weekday numbers, Monday=0). Everyone who works there
    takes on a new time zone in the same transaction, as Employee.timezone copies the location's.
    """
    fields = checked_location(
        str(values.get("name") or ""),
        str(values.get("country") or ""),
        str(values.get("subdivision") or ""),
        str(values.get("timezone") or ""),
        values.get("weekend") or (),
    )
    if _name_taken(fields.name, location):
        raise LocationError({"name": str(TAKEN_NAME) % {"name": fields.name}})
    if location is None:
        location = Location()
        db.session.add(location)
    moved_zone = location.id is not None and location.timezone != fields.timezone
    location.name = fields.name
    location.country = fields.country
    location.subdivision = fields.subdivision
    location.timezone = fields.timezone
    location.weekend_days = fields.weekend_days
    if moved_zone:
        db.session.execute(
            update(Employee)
            .where(Employee.location_id == location.id)
            .values(timezone=fields.timezone)
        )
    try:
        db.session.commit()
    except IntegrityError as error:
        # Two people saving the same name at once: the unique index decides, the second is told.
        db.session.rollback()
        raise LocationError({"name": str(TAKEN_NAME) % {"name": fields.name}}) from error
    return location


def delete_location(location: Location) -> None:
    """Refused while anyone, active or not, has it as their location: their records need it."""
    name = location.name
    count = db.session.scalar(
        select(func.count(Employee.id)).where(Employee.location_id == location.id)
    )
    if count:
        raise LocationInUse(_in_use(name, count))
    db.session.delete(location)
    try:
        db.session.commit()
    except IntegrityError as error:
        # Someone was added there between the count and the delete: the foreign key refuses.
        db.session.rollback()
        raise LocationInUse(_in_use(name, 1)) from error


def _in_use(name: str, count: int) -> str:
    return ngettext(
        "%(name)s cannot be deleted: %(num)d person works or worked there, and their records "
        "need it. Move them to another location first.",
        "%(name)s cannot be deleted: %(num)d people work or worked there, and their records "
        "need it. Move them to another location first.",
        count, name=name,
    )


def make_default(location: Location) -> None:
    """Where provisioning puts a person whose work address names no location: one location at
    most, so choosing one unchooses the other (one transaction)."""
    db.session.execute(
        update(Location).where(Location.id != location.id, Location.is_default).values(
            is_default=False
        )
    )
    location.is_default = True
    db.session.commit()
