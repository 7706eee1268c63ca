"""Errors the domain raises: one for a case we cannot compute, one for broken policy data."""

from __future__ import annotations


class DomainError(Exception):
    """Base class of every error raised by portal.domain."""


class IneligibleCase(DomainError):
    """A case the portal cannot compute, naming the field and what is allowed (POLICY §2)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class PolicyDataError(DomainError):
    """A policy data file that is missing, unreadable or breaks the schema."""


class StaleRequest(DomainError):
    """Someone else changed the request since this person opened it; nothing was saved."""
