"""Rules of a person's record: a well-formed email, a manager chain without loops, a hire date
that is not far in the future, and HR that always keeps at least one person."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date, timedelta

from portal.domain.phrases import Phrase

# How far ahead a hire date may be: people are often added before their first day.
HIRE_DATE_HORIZON = timedelta(days=366)

# One @, something before it, a domain with a dot after it, no spaces or angle brackets: the
# shape of an address a person typed. Whether it receives mail is for the invitation to find.
_EMAIL = re.compile(r"^[^@\s<>,;\"']+@[^@\s<>,;\"']+\.[^@\s<>,;\"'.]{2,}$")
EMAIL_MAX_LENGTH = 254
NAME_MAX_LENGTH = 120


class PersonError(ValueError):
    """A value a person's record cannot take: the field it belongs to, and a message to read."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def normalise_email(email: str) -> str:
    """Emails are compared and stored lower-case, without surrounding spaces."""
    return email.strip().lower()


def email_problem(email: str) -> str | None:
    """Why this (normalised) email cannot be used, or None."""
    if not email:
        return Phrase("Please enter an email address.")
    if len(email) > EMAIL_MAX_LENGTH:
        return Phrase("An email address has at most %(most)d characters.", most=EMAIL_MAX_LENGTH)
    if not _EMAIL.match(email):
        return Phrase(
            "“%(email)s” is not an email address; it should look like name@example.com.",
            email=email,
        )
    return None


def name_problem(name: str) -> str | None:
    if not name.strip():
        return Phrase("Please enter the person's name.")
    if len(name.strip()) > NAME_MAX_LENGTH:
        return Phrase("A name has at most %(most)d characters.", most=NAME_MAX_LENGTH)
    return None


def hire_date_problem(hire_date: date | None, today: date) -> str | None:
    """A hire date more than a year ahead is almost always a typing slip (2062 for 2026)."""
    if hire_date is not None and hire_date > today + HIRE_DATE_HORIZON:
        latest = today + HIRE_DATE_HORIZON
        return Phrase(
            "A hire date can be at most a year ahead (on or before %(latest)s); please check "
            "the year.",
            latest=latest,
        )
    return None


def manager_loop(
    person: Hashable, manager: Hashable | None, manager_of: Callable[[Hashable], Hashable | None]
) -> list[Hashable] | None:
    """The chain that would loop if `person` reported to `manager`, or None when it would not.

    `manager_of` gives each person's manager as things stand (the change under test aside).
    The chain starts at the person and ends at the person again: [a, b, c, a]. A person managing
    themselves is the shortest loop, [a, a].
    """
    if manager is None:
        return None
    chain, seen, current = [person], {person}, manager
    while current is not None:
        chain.append(current)
        if current == person:
            return chain
        if current in seen:  # a loop further up that does not pass through this person
            return None
        seen.add(current)
        current = manager_of(current)
    return None


def last_hr_problem(remaining_hr: int) -> str | None:
    """Someone must be left to run HR: the portal refuses a change that leaves nobody."""
    if remaining_hr < 1:
        return Phrase(
            "This is the only active person with HR access; give someone else HR access "
            "first, so that somebody can still decide requests."
        )
    return None
