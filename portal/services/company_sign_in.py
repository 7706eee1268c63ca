"""Single sign-on's use cases: who a company account is here, and who may still use a password.

The identity provider proves who someone is; it never creates anyone here (that is the job of
HR, imports and provisioning). A person is found only by an email the provider has verified.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from sqlalchemy import select

from portal.domain.people import normalise_email
from portal.extensions import db
from portal.models import Employee
from portal.services import account_links


class Refusal(StrEnum):
    """Why a company account cannot sign in here (for the log; people read one kind page)."""

    NO_EMAIL = "no email claim"
    UNVERIFIED = "email not verified by the identity provider"
    UNKNOWN = "no employee with this email"
    LEFT = "the employee has left"


def _true(value: object) -> bool:
    # Some providers send JSON booleans as strings.
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def email_is_verified(claims: Mapping) -> bool:
    """`email_verified` is true. Microsoft Entra ID does not send it for work accounts; there the
    optional claim `xms_edov` (the tenant owns the email's domain) stands in when it is absent."""
    if "email_verified" in claims:
        return _true(claims["email_verified"])
    return _true(claims.get("xms_edov"))


def person_for(claims: Mapping) -> Employee | Refusal:
    """The active employee whose email the ID token's verified `email` claim names (in any
    case), or why there is none. Reads only: nothing is created or changed."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        return Refusal.NO_EMAIL
    if not email_is_verified(claims):
        return Refusal.UNVERIFIED
    person = db.session.scalar(select(Employee).where(Employee.email == normalise_email(email)))
    if person is None:
        return Refusal.UNKNOWN
    if not person.active:
        return Refusal.LEFT
    return person


def may_use_password(person: Employee, oidc_only: bool) -> bool:
    """With OIDC_ONLY, only the people HR marked "may use a password" (HR's way in when the
    identity provider is down); otherwise everyone."""
    return not oidc_only or person.may_use_password


def request_password_reset(email: str, oidc_only: bool) -> None:
    """As account_links.request_password_reset, but with OIDC_ONLY only for the people who may
    use a password. Returns nothing either way, so no caller can tell who exists."""
    if oidc_only:
        person = db.session.scalar(
            select(Employee).where(Employee.email == normalise_email(email))
        )
        if person is None or not person.may_use_password:
            return
    account_links.request_password_reset(email)
