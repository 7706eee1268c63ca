"""Errors the domain raises: one for a case we cannot compute, one for broken policy data."""

from __future__ import annotations

from datetime import date

from portal.domain.wording import long_date


class DomainError(Exception):
    """Base class of every error raised by portal.domain."""


def english(template: str, values: dict) -> str:
    """An error's English words: its template with the values written in (dates as a person
    reads them). Pages word it in their reader's language instead (portal/wording/errors.py)."""
    if not values:
        return template
    return template % {name: _english_value(value) for name, value in values.items()}


def _english_value(value):
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, BaseException):  # an error within an error: its own English words
        return getattr(value, "message", None) or str(value)
    if isinstance(value, tuple):  # a list: "a", "a and b", "a, b and c"
        return value[0] if len(value) == 1 else ", ".join(value[:-1]) + " and " + value[-1]
    return value


class IneligibleCase(DomainError):
    """A case the portal cannot compute, naming the field and what is allowed (POLICY §2).

    ``code`` is the English template (the catalogue's msgid: `make messages` collects the second
    argument of every ``IneligibleCase(...)``), with ``%(name)s`` placeholders for ``values``
    (dates, counts, field names); ``message`` is its English words."""

    def __init__(self, field: str, code: str, **values) -> None:
        self.field = field
        self.code = code
        self.values = values
        self.message = english(code, values)
        super().__init__(f"{field}: {self.message}")

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class PolicyDataError(DomainError):
    """A policy data file that is missing, unreadable or breaks the schema."""


class StaleRequest(DomainError):
    """Someone else changed the request since this person opened it; nothing was saved."""
