"""Changes sent by the identity provider: create (or adopt) a person, change them, deactivate
and reactivate them, and "delete" them, which deactivates and stops provisioning them. Every
change goes into the person's history under the token's name; nothing is ever deleted."""

from __future__ import annotations

from scim2_models import InvalidValueException, UniquenessException
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from portal.domain.people import PersonError, manager_loop, name_problem
from portal.domain.work_address import Place, matching_location
from portal.extensions import db
from portal.input_guards import database_id
from portal.models import Employee, Location
from portal.services import leavers, person_history
from portal.services.people import person_by_email
from portal.services.person_history import Source
from portal.services.scim.mapping import ProvisionedValues
from portal.services.scim.queries import provisioned_person
from portal.services.webhooks import events as webhook_events

NO_DEFAULT_LOCATION = (
    "No location matches this work address, and HR has not chosen a default location: "
    "HR must choose one on the Locations page of the portal."
)
USER_NAME_MAX = 255


def _user_name_taken(user_name: str, person_id: int | None) -> bool:
    query = select(Employee.id).where(
        func.lower(Employee.scim_user_name) == user_name.lower()
    )
    if person_id is not None:
        query = query.where(Employee.id != person_id)
    return db.session.scalar(query.limit(1)) is not None


def _check(values: ProvisionedValues, person_id: int | None) -> None:
    if not values.user_name.strip() or len(values.user_name) > USER_NAME_MAX:
        raise InvalidValueException(
            detail=f"userName must be between 1 and {USER_NAME_MAX} characters."
        )
    if _user_name_taken(values.user_name, person_id):
        raise UniquenessException(detail=f"The userName “{values.user_name}” is taken.")
    if values.external_id is not None and len(values.external_id) > USER_NAME_MAX:
        raise InvalidValueException(detail=f"externalId has at most {USER_NAME_MAX} characters.")
    problem = name_problem(values.name)
    if problem:
        raise InvalidValueException(detail=f"displayName: {problem}")


def _manager_of(person_id: int) -> int | None:
    return db.session.scalar(select(Employee.manager_id).where(Employee.id == person_id))


def _manager(person: Employee, scim_id: str | None) -> Employee | None:
    """The manager by SCIM id: a provisioned person, not the person, and no loop of managers.
    One who has left is accepted: the identity provider often updates the reports later."""
    if scim_id is None:
        return None
    number = database_id(scim_id)
    manager = db.session.get(Employee, number) if number is not None else None
    if manager is None or manager.scim_user_name is None:
        raise InvalidValueException(detail=f"manager: no user has the id “{scim_id[:100]}”.")
    if manager.id == person.id:
        raise InvalidValueException(detail="manager: a person cannot be their own manager.")
    if person.id is not None and manager_loop(person.id, manager.id, _manager_of):
        raise InvalidValueException(detail="manager: that would make a loop of managers.")
    return manager


def _place(person: Employee, address: dict | None, *, placed: bool) -> None:
    """Move the person to the location their work address names; a person not yet placed
    whose address names none goes to HR's default location, flagged for HR to check. A person
    already placed (by HR, or before) stays where they are when the address names none, and is
    flagged the same way."""
    if address is not None:
        places = [
            Place(location.id, location.name, location.country, location.subdivision)
            for location in db.session.scalars(select(Location))
        ]
        found = matching_location(
            places, address.get("country"), address.get("region"), address.get("locality")
        )
        if found is not None:
            person.location = db.session.get(Location, found)
            person.timezone = person.location.timezone
            person.location_to_check = False
            return
    if placed:
        person.location_to_check = person.location_to_check or address is not None
        return
    default = db.session.scalar(select(Location).where(Location.is_default).limit(1))
    if default is None:
        raise InvalidValueException(detail=NO_DEFAULT_LOCATION)
    person.location, person.timezone = default, default.timezone
    person.location_to_check = True


def _apply(person: Employee, values: ProvisionedValues, token_name: str, *, placed: bool):
    """Write the values (one transaction, committed here), the history with them."""
    new = person.id is None
    before = person_history.snapshot(person) if not new else {}
    back = values.active and not person.active and not new
    other = person_by_email(values.email)
    if other is not None and other.id != person.id:
        raise UniquenessException(detail=f"Another person already uses the email {values.email}.")
    with db.session.no_autoflush:  # a new person is added once complete
        person.scim_user_name = values.user_name
        person.scim_external_id = values.external_id
        person.email, person.name = values.email, values.name
        outside = person.manager is not None and person.manager.scim_user_name is None
        if values.manager_id is not None or not outside:
            # A manager HR chose outside provisioning is invisible to the identity provider,
            # so its silence about the manager leaves them in place.
            person.manager = _manager(person, values.manager_id)
        if values.address != person.scim_address or not placed:
            _place(person, values.address, placed=placed)
        person.scim_address = values.address
        if values.active and not person.active:
            person.active = True  # they sign in with the company account, or HR invites them
        if new:
            db.session.add(person)
    person_history.record(
        person, before, source=Source.IDENTITY_PROVIDER, source_name=token_name
    )
    if new or back:  # the history has flushed: a new person has an id
        webhook_events.person_changed(person, "person.created" if new else "person.reactivated")
    if not values.active and person.active:
        try:
            leavers.deprovision(person, source_name=token_name)
        except PersonError as error:
            raise InvalidValueException(detail=error.message) from None
    _commit()
    return person


def _commit() -> None:
    try:
        db.session.commit()
    except IntegrityError:  # a userName or email taken between the check and the save
        db.session.rollback()
        raise UniquenessException(
            detail="The userName or email was taken at the same moment; please try again."
        ) from None


def create(values: ProvisionedValues, token_name: str) -> Employee:
    """A new person, or the person HR added earlier with the same email (not provisioned yet),
    who becomes this user."""
    try:
        _check(values, None)
        existing = person_by_email(values.email)
        if existing is not None and existing.scim_user_name is not None:
            raise UniquenessException(
                detail=f"Another user already has the email {values.email}."
            )
        if existing is not None:
            return _apply(existing, values, token_name, placed=True)
        person = Employee(password_hash=None, active=True)
        return _apply(person, values, token_name, placed=False)
    except Exception:
        db.session.rollback()
        raise


def replace(user_id: str, values: ProvisionedValues, token_name: str) -> Employee:
    """The whole new state of a user (a PUT, or a PATCH applied to what was there)."""
    try:
        person = provisioned_person(user_id)
        _check(values, person.id)
        return _apply(person, values, token_name, placed=True)
    except Exception:
        db.session.rollback()
        raise


def delete(user_id: str, token_name: str) -> None:
    """Deactivate the person (as HR's "Deactivate") and stop provisioning them: the user
    answers 404 from now on, and HR still sees the person, as someone who has left."""
    try:
        person = provisioned_person(user_id)
        before = person_history.snapshot(person)
        person.scim_user_name = None
        person.scim_external_id = None
        person_history.record(
            person, before, source=Source.IDENTITY_PROVIDER, source_name=token_name
        )
        if person.active:
            leavers.deprovision(person, source_name=token_name)
        db.session.commit()
    except PersonError as error:
        db.session.rollback()
        raise InvalidValueException(detail=error.message) from None
    except Exception:
        db.session.rollback()
        raise
