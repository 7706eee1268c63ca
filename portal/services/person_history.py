"""The history of a person's record: what each field was and became, who changed it and how."""

from __future__ import annotations

from enum import StrEnum

from portal.extensions import db
from portal.forms.words import lazy_gettext as _l
from portal.models import Employee, PersonChange


class Source(StrEnum):
    """How a change reached the record; shown in the history next to who made it."""

    HR = "hr"
    IMPORT = "import"
    IDENTITY_PROVIDER = "identity provider"


# The fields a history row can name, in the order a person's page lists them.
FIELD_LABELS = {
    "email": _l("Email"),
    "name": _l("Name"),
    "manager": _l("Manager"),
    "location": _l("Location"),
    "hire_date": _l("Hire date"),
    "is_hr": _l("HR"),
    "may_use_password": _l("May use a password"),
    "active": _l("Status"),
    "login_name": _l("Sign-in name at the identity provider"),
    "external_id": _l("Identity provider's own id"),
    "work_address": _l("Work address from the identity provider"),
}
SOURCE_LABELS = {
    Source.HR: _l("HR, on the People pages"),
    Source.IMPORT: _l("an import"),
    Source.IDENTITY_PROVIDER: _l("the identity provider"),
}
# The words the history keeps for yes/no and working/left fields (see `snapshot`), as a
# person reads them; other fields are shown as they were kept.
VALUE_LABELS = {
    "is_hr": {"yes": _l("yes"), "no": _l("no")},
    "may_use_password": {"yes": _l("yes"), "no": _l("no")},
    "active": {"active": _l("active"), "left": _l("left")},
}


def value_label(field: str, value: str) -> str:
    """A kept value as a person reads it: yes/no and active/left in the reader's language."""
    return str(VALUE_LABELS.get(field, {}).get(value, value))


def snapshot(person: Employee) -> dict[str, str]:
    """The record as the history keeps it: plain text, the manager by email, the location by
    name, dates as YYYY-MM-DD (pages write them out in words)."""
    return {
        "email": person.email or "",
        "name": person.name or "",
        "manager": person.manager.email if person.manager is not None else "",
        "location": person.location.name if person.location is not None else "",
        "hire_date": person.hire_date.isoformat() if person.hire_date else "",
        "is_hr": "yes" if person.is_hr else "no",
        "may_use_password": "yes" if person.may_use_password else "no",
        "active": "active" if person.active else "left",
        "login_name": person.scim_user_name or "",
        "external_id": person.scim_external_id or "",
        "work_address": address_text(person.scim_address),
    }


def address_text(address: dict | None) -> str:
    """A work address as sent by the identity provider, as a person reads it."""
    address = address or {}
    parts = (address.get("locality"), address.get("region"), address.get("country"))
    return ", ".join(str(part) for part in parts if part)


def changed_fields(before: dict[str, str], after: dict[str, str]) -> list[str]:
    return [field for field in FIELD_LABELS if before.get(field, "") != after.get(field, "")]


def change_rows(
    person_id: int,
    before: dict[str, str],
    after: dict[str, str],
    *,
    source: Source,
    actor_id: int | None = None,
    source_name: str = "",
) -> list[dict]:
    """One history row (as a dict for a bulk insert) per field that differs."""
    return [
        dict(
            employee_id=person_id, actor_id=actor_id, source=str(source),
            source_name=source_name[:200], field=field,
            old_value=before.get(field, ""), new_value=after.get(field, ""),
        )
        for field in changed_fields(before, after)
    ]


def record(
    person: Employee,
    before: dict[str, str],
    *,
    source: Source,
    actor: Employee | None = None,
    source_name: str = "",
) -> list[str]:
    """Add a row for each field that changed since `before` (the caller commits); returns
    the fields that changed. A new person's `before` is {}."""
    db.session.flush()  # the person has an id, and relations are loaded as they now are
    rows = change_rows(
        person.id, before, snapshot(person), source=source,
        actor_id=actor.id if actor is not None else None, source_name=source_name,
    )
    db.session.add_all(PersonChange(**row) for row in rows)
    return [row["field"] for row in rows]
