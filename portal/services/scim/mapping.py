"""Between a person and a SCIM user: the user the portal returns for a person, the values a
user sent, and the defaults the portal fills in before a request is checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic_core import to_jsonable_python
from scim2_models import InvalidValueException, Meta, Resource

from portal.domain.people import email_problem, normalise_email
from portal.models import Employee
from portal.services.scim.schema import (
    ENTERPRISE,
    EnterpriseUser,
    ManagerReference,
    WorkAddress,
    WorkEmail,
    user_model,
)

ADDRESS_FIELDS = ("type", "country", "region", "locality")
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"


@dataclass(frozen=True)
class ProvisionedValues:
    """What a SCIM user says about a person, as the portal keeps it."""

    user_name: str
    external_id: str | None
    name: str
    email: str
    active: bool
    manager_id: str | None  # the manager's SCIM id, as sent
    address: dict[str, str] | None  # the work address as sent


def user_for(person: Employee, last_modified=None) -> Resource:
    """The SCIM user of a provisioned person (the manager only when they are one too)."""
    model = user_model()
    user = model(
        id=str(person.id),
        external_id=person.scim_external_id,
        user_name=person.scim_user_name,
        display_name=person.name,
        emails=[WorkEmail(value=person.email, type="work")],
        active=person.active,
        addresses=[WorkAddress(**person.scim_address)] if person.scim_address else None,
        meta=Meta(
            resource_type="User",
            created=person.created_at,
            last_modified=max(filter(None, (person.created_at, last_modified))),
        ),
    )
    manager = person.manager
    if manager is not None and manager.scim_user_name is not None:
        user[EnterpriseUser] = EnterpriseUser(
            manager=ManagerReference(value=str(manager.id), ref=f"Users/{manager.id}")
        )
    return user


def user_json(person: Employee, base_url: str, last_modified=None) -> dict[str, Any]:
    """The same user as `user_for` gives, published, already as JSON: what a list of users
    returns, since building and serialising models costs over a millisecond a user (a test
    checks that the two agree)."""
    location = f"{base_url}/Users/{person.id}"
    body: dict[str, Any] = {
        "schemas": [CORE],
        "id": str(person.id),
        "meta": {
            "resourceType": "User",
            "created": to_jsonable_python(person.created_at),
            "lastModified": to_jsonable_python(
                max(filter(None, (person.created_at, last_modified)))
            ),
            "location": location,
        },
        "userName": person.scim_user_name,
        "displayName": person.name,
        "emails": [{"value": person.email, "type": "work"}],
        "active": person.active,
    }
    if person.scim_external_id is not None:
        body["externalId"] = person.scim_external_id
    if person.scim_address:
        body["addresses"] = [dict(person.scim_address)]
    manager = person.manager
    if manager is not None and manager.scim_user_name is not None:
        body["schemas"].append(ENTERPRISE)
        body[ENTERPRISE] = {
            "manager": {"value": str(manager.id), "$ref": f"{base_url}/Users/{manager.id}"}
        }
    return body


def _flag(entry: Any, name: str) -> bool:
    """A sub-attribute the portal does not keep but reads (`primary`), as sent."""
    return any(
        key.casefold() == name and value is True
        for key, value in entry.unknown_attributes.items()
    )


def _work_email(user: Resource) -> str:
    """The primary email, else the first (the request was completed with the userName)."""
    emails = [entry for entry in user.emails or [] if entry.value]
    chosen = next((entry for entry in emails if _flag(entry, "primary")), None)
    chosen = chosen or next(iter(emails), None)
    if chosen is None:
        raise InvalidValueException(detail="A user needs a work email.")
    email = normalise_email(chosen.value)
    problem = email_problem(email)
    if problem:
        raise InvalidValueException(detail=f"emails: {problem}")
    return email


def _work_address(user: Resource) -> dict[str, str] | None:
    """The address of type work (or the one without a type), as sent."""
    addresses = user.addresses or []
    chosen = next((entry for entry in addresses if (entry.type or "").casefold() == "work"), None)
    chosen = chosen or next((entry for entry in addresses if not entry.type), None)
    if chosen is None:
        return None
    sent = {field: getattr(chosen, field) for field in ADDRESS_FIELDS}
    return {field: value for field, value in sent.items() if value is not None} or None


def _without_nul(values: ProvisionedValues) -> ProvisionedValues:
    """No text a person or a provider types holds NUL, and PostgreSQL cannot store it."""
    texts = [values.user_name, values.external_id, values.name, values.email, values.manager_id]
    texts += list((values.address or {}).values())
    if any(isinstance(text, str) and "\x00" in text for text in texts):
        raise InvalidValueException(detail="Values cannot contain the NUL character.")
    return values


def values_of(user: Resource) -> ProvisionedValues:
    """The values of a user that passed the schema's checks."""
    extension = user[EnterpriseUser]
    manager = extension.manager if extension is not None else None
    return _without_nul(ProvisionedValues(
        user_name=user.user_name,
        external_id=user.external_id,
        name=(user.display_name or "").strip(),
        email=_work_email(user),
        active=bool(user.active),
        manager_id=manager.value if manager is not None else None,
        address=_work_address(user),
    ))


# -- Defaults, filled in before a request is checked ----------------------------------------


def _get(payload: dict, name: str) -> Any:
    """An attribute of a JSON object, whatever the case of its name (RFC 7643 §2.1)."""
    return next((value for key, value in payload.items() if key.casefold() == name), None)


def _name_from(payload: dict) -> str | None:
    name = _get(payload, "name")
    if not isinstance(name, dict):
        return None
    formatted = _get(name, "formatted")
    if isinstance(formatted, str) and formatted.strip():
        return formatted.strip()
    parts = [_get(name, part) for part in ("givenname", "middlename", "familyname")]
    words = " ".join(part.strip() for part in parts if isinstance(part, str) and part.strip())
    return words or None


def with_defaults(payload: Any, *, active: bool = True, name: str | None = None) -> Any:
    """The request with what the portal fills in when it is left out: the email from a
    userName that is one, the display name from `name` (or the name kept), and `active`
    (true for a new person, as it was for a replacement)."""
    if not isinstance(payload, dict):
        return payload
    filled = dict(payload)
    if _get(filled, "active") is None:
        filled["active"] = active
    if not _get(filled, "displayname"):
        made = _name_from(filled) or name
        if made:
            filled["displayName"] = made
    user_name = _get(filled, "username")
    if (
        not _get(filled, "emails")
        and isinstance(user_name, str)
        and not email_problem(normalise_email(user_name))
    ):
        filled["emails"] = [{"value": user_name, "type": "work"}]
    return filled


def _manager_key(name: Any) -> bool:
    return isinstance(name, str) and name.casefold() == f"{ENTERPRISE}:manager".casefold()


def with_manager_objects(payload: Any) -> Any:
    """A PATCH whose manager is the bare id, as Microsoft Entra ID sends it, with the manager
    as the complex attribute the schema describes ({"value": id}); and its removal of the
    manager without the value it adds."""
    operations = _get(payload, "operations") if isinstance(payload, dict) else None
    if not isinstance(operations, list):
        return payload
    for operation in operations:
        if not isinstance(operation, dict):
            continue
        value = _get(operation, "value")
        removes = str(_get(operation, "op") or "").casefold() == "remove"
        if _manager_key(_get(operation, "path")) and removes:
            # One manager at most: a removal's value selects nothing more than the path does.
            for key in [key for key in operation if key.casefold() == "value"]:
                del operation[key]
        elif _manager_key(_get(operation, "path")) and isinstance(value, str):
            operation[next(key for key in operation if key.casefold() == "value")] = {
                "value": value
            }
        elif isinstance(value, dict):
            for key, manager in list(value.items()):
                if _manager_key(key) and isinstance(manager, str):
                    value[key] = {"value": manager}
    return payload
