"""One-time links sent by email that let a person choose a password: invitations and resets.

Only the SHA-256 of a link's token is stored. A link works once and until it expires; setting a
password through any link ends every other unused link of that person, and every session.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.extensions import db
from portal.i18n import written_for
from portal.links import absolute_url
from portal.models import AccountLink, Employee, utcnow
from portal.passwords import hash_password, password_problem
from portal.services.accounts import end_all_sessions, normalise_email, token_digest
from portal.services.notifications import queue_email


class Purpose(StrEnum):
    INVITATION = "invitation"
    RESET = "reset"


class LinkState(StrEnum):
    USABLE = "usable"
    USED = "used"
    EXPIRED = "expired"
    UNKNOWN = "unknown"


LIFETIMES = {Purpose.INVITATION: timedelta(days=7), Purpose.RESET: timedelta(hours=1)}
# Our tokens are 43 characters; anything much longer is not one of ours, and is not hashed.
_LONGEST_TOKEN = 200


@dataclass(frozen=True)
class LinkLookup:
    """What a token in a link leads to. `person` and `purpose` are None for an unknown link."""

    state: LinkState
    person: Employee | None = None
    purpose: Purpose | None = None


class AccountLinkError(Exception):
    """A password that cannot be set, with the form field the message belongs next to."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class LinkNotUsable(AccountLinkError):
    def __init__(self, lookup: LinkLookup) -> None:
        super().__init__("token", "This link can no longer be used.")
        self.lookup = lookup


class PasswordRefused(AccountLinkError):
    def __init__(self, message: str) -> None:
        super().__init__("new_password", message)


def new_link(person: Employee, purpose: Purpose, now: datetime | None = None) -> str:
    """A fresh token for this person (the caller commits); returns the token for the email."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    # Through the relationship, so a person added in the same transaction (no id yet) works.
    db.session.add(
        AccountLink(
            id=token_digest(token), employee=person, purpose=str(purpose),
            created_at=now, expires_at=now + LIFETIMES[purpose],
        )
    )
    return token


def _company_sign_in_only(person: Employee) -> bool:
    # With OIDC_ONLY, most people never choose a password: the link welcomes them and shows
    # the company sign-in.
    return bool(current_app.config.get("OIDC_ONLY")) and not person.may_use_password


def invitation_email(person: Employee, token: str) -> tuple[str, str]:
    """The subject and body of an invitation, in the current language (see `invite`)."""
    link = absolute_url("passwords.choose_password", token=token)
    subject = _("You are invited to the parental-leave portal")
    if _company_sign_in_only(person):
        body = _(
            "Hello %(name)s,\n\n"
            "HR has added you to the company's parental-leave portal, where you can plan leave "
            "for a new child and see what you are entitled to.\n\n"
            "Open the portal here and sign in with your company account (the link works once, "
            "for 7 days):\n%(link)s\n\n"
            "If you were not expecting this, you can ignore this email.\n",
            name=person.name, link=link,
        )
    else:
        body = _(
            "Hello %(name)s,\n\n"
            "HR has added you to the company's parental-leave portal, where you can plan leave "
            "for a new child and see what you are entitled to.\n\n"
            "Choose your password here (the link works once, for 7 days):\n%(link)s\n\n"
            "If you were not expecting this, you can ignore this email.\n",
            name=person.name, link=link,
        )
    return subject, body


def reset_email(person: Employee, token: str) -> tuple[str, str]:
    """The subject and body of a password reset, in the current language."""
    link = absolute_url("passwords.choose_password", token=token)
    subject = _("Choose a new password for the parental-leave portal")
    body = _(
        "Hello %(name)s,\n\n"
        "Someone, hopefully you, asked for a new password for the parental-leave portal.\n\n"
        "Choose your new password here (the link works once, for one hour):\n%(link)s\n\n"
        "If you did not ask for this, you can ignore this email: your password stays as it "
        "is, and nobody can use this link without access to your email.\n",
        name=person.name, link=link,
    )
    return subject, body


def invite(person: Employee, now: datetime | None = None) -> None:
    """Write an invitation to the outbox (the caller commits)."""
    token = new_link(person, Purpose.INVITATION, now)
    with written_for(person):  # in the language HR chose for them, else English
        subject, body = invitation_email(person, token)
    queue_email(person, subject, body)


def request_password_reset(email: str, now: datetime | None = None) -> None:
    """Email a reset link (one hour) to the active person with this email; for any other email
    do nothing. Returns nothing either way, so no caller can tell the two apart."""
    person = db.session.scalar(select(Employee).where(Employee.email == normalise_email(email)))
    if person is None or not person.active:
        return
    token = new_link(person, Purpose.RESET, now)
    with written_for(person):  # their own setting, not the browser that asked
        subject, body = reset_email(person, token)
    queue_email(person, subject, body)
    db.session.commit()


def link_for(token: str, now: datetime | None = None) -> LinkLookup:
    """Whether the link with this token can be used now, and whose it is. A link of a person
    who has left is treated as unknown: it leads nowhere, and says nothing about them."""
    now = now or utcnow()
    link = (
        db.session.get(AccountLink, token_digest(token)) if len(token) <= _LONGEST_TOKEN else None
    )
    if link is None or not link.employee.active:
        return LinkLookup(LinkState.UNKNOWN)
    if link.used_at is not None:
        state = LinkState.USED
    elif now >= link.expires_at:
        state = LinkState.EXPIRED
    else:
        state = LinkState.USABLE
    return LinkLookup(state, link.employee, Purpose(link.purpose))


def retire_links(employee_id: int, now: datetime | None = None) -> None:
    """Every unused link of this person stops working (the caller commits)."""
    db.session.execute(
        update(AccountLink)
        .where(AccountLink.employee_id == employee_id, AccountLink.used_at.is_(None))
        .values(used_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )


def set_password_with_link(token: str, password: str, now: datetime | None = None) -> Employee:
    """Set the password of the person a usable link belongs to, end all their other links and
    every session they have, and return them. Raises LinkNotUsable or PasswordRefused."""
    now = now or utcnow()
    lookup = link_for(token, now)
    if lookup.state != LinkState.USABLE:
        raise LinkNotUsable(lookup)
    person = lookup.person
    problem = password_problem(password, [person.name, person.email])
    if problem:
        raise PasswordRefused(problem)
    password_hash = hash_password(password)
    # Claim the link in one conditional write: of two submissions at once, only one wins.
    claimed = db.session.execute(
        update(AccountLink)
        .where(
            AccountLink.id == token_digest(token),
            AccountLink.used_at.is_(None),
            AccountLink.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        raise LinkNotUsable(LinkLookup(LinkState.USED, person, lookup.purpose))
    # An older invitation or reset must not work once a password has been chosen.
    retire_links(person.id, now)
    end_all_sessions(person.id, commit=False)
    person.password_hash = password_hash
    db.session.commit()
    return person
