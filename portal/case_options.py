"""Reading a case from command-line text, with one clear error naming the field."""

from __future__ import annotations

from datetime import date

from portal.domain.case import Case, Event, Role
from portal.domain.errors import IneligibleCase

DATE_FIELDS = ("event_date", "expected_date", "start", "hire_date")
COUNT_FIELDS = ("nicu_days", "gestation_weeks", "babies", "child_number")


def _choice(field: str, value: str | None, kind: type[Role] | type[Event]):
    allowed = ", ".join(member.value for member in kind)
    if not value:
        raise IneligibleCase(field, f"is required; one of {allowed}")
    try:
        return kind(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise IneligibleCase(field, f"{value!r} is not one of {allowed}") from None


def _date(field: str, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise IneligibleCase(field, f"{value!r} is not a date; write it as YYYY-MM-DD") from None


def _count(field: str, value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        raise IneligibleCase(field, f"{value!r} is not a whole number") from None


def case_from_text(options: dict[str, str | None]) -> Case:
    """A Case from option text keyed by Case field name; absent options take Case defaults."""
    values: dict = {
        "role": _choice("role", options.get("role"), Role),
        "event": _choice("event", options.get("event"), Event),
    }
    for field in DATE_FIELDS:
        values[field] = _date(field, options.get(field))
    if values["event_date"] is None:
        raise IneligibleCase("event_date", "is required, as YYYY-MM-DD")
    for field in COUNT_FIELDS:
        number = _count(field, options.get(field))
        if number is not None:
            values[field] = number
    country = (options.get("country") or "US").strip().upper()
    subdivision = (options.get("subdivision") or "").strip().upper() or None
    return Case(**values, country=country, subdivision=subdivision)
