"""The organisation's API tokens: made with scopes (shown once), listed, revoked, and checked on
every call. Only each token's SHA-256 is stored, as for the SCIM tokens (same table, kind "api")."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import IntegrationToken, utcnow
from portal.services.accounts import token_digest
from portal.services.scim.tokens import _TOUCH_INTERVAL, NAME, TokenError

KIND = "api"
PREFIX = "plp_"
SCOPES = ("read:people", "read:leave", "read:leave-details", "read:claims", "estimate")

__all__ = ["KIND", "SCOPES", "Caller", "TokenError", "all_tokens", "caller_for", "create_token",
           "revoke_token"]


@dataclass(frozen=True)
class Caller:
    """The live token a call came with: its row id, name and scopes."""

    token_id: int
    name: str
    scopes: frozenset[str]


def _named(name: str) -> IntegrationToken | None:
    return db.session.scalar(
        select(IntegrationToken).where(IntegrationToken.kind == KIND, IntegrationToken.name == name)
    )


def _checked_scopes(scopes: tuple[str, ...]) -> list[str]:
    if not scopes:
        raise TokenError("A token needs at least one scope: " + ", ".join(SCOPES) + ".")
    unknown = [scope for scope in scopes if scope not in SCOPES]
    if unknown:
        raise TokenError(
            f"“{unknown[0]}” is not a scope. The scopes are: " + ", ".join(SCOPES) + "."
        )
    return [scope for scope in SCOPES if scope in scopes]  # in a fixed order, each once


def create_token(name: str, scopes: tuple[str, ...]) -> str:
    """A new token called `name` with these scopes; the token is returned once, never stored."""
    if not NAME.match(name) or name != name.strip():
        raise TokenError(
            "A token name has 1 to 100 letters, digits, spaces, dots, dashes or underscores, "
            "and starts with a letter or digit (for example: payroll or hr-system)."
        )
    chosen = _checked_scopes(scopes)
    if _named(name) is not None:
        raise TokenError(
            f"There is already an API token called “{name}” (revoked tokens keep their name, so "
            "the call log can still say which one called); please choose another name."
        )
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(IntegrationToken(
        kind=KIND, name=name, digest=token_digest(token), scopes=" ".join(chosen)
    ))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise TokenError(f"There is already an API token called “{name}”.") from None
    return token


def revoke_token(name: str) -> None:
    token = _named(name)
    if token is None:
        raise TokenError(f"There is no API token called “{name}”.")
    if token.revoked_at is not None:
        raise TokenError(f"The API token “{name}” is already revoked.")
    token.revoked_at = utcnow()
    db.session.commit()


def all_tokens() -> list[IntegrationToken]:
    return list(db.session.scalars(
        select(IntegrationToken)
        .where(IntegrationToken.kind == KIND)
        .order_by(IntegrationToken.created_at, IntegrationToken.id)
    ))


def bearer_token(authorization: str | None) -> str | None:
    """The token an `Authorization: Bearer …` header carries, if it looks like an API token."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.casefold() != "bearer" or not token.startswith(PREFIX) or len(token) > 200:
        return None
    return token


def caller_for(authorization: str | None) -> Caller | None:
    """The live API token of an `Authorization` header, or None (missing, unknown, revoked)."""
    token = bearer_token(authorization)
    if token is None:
        return None
    found = db.session.scalar(
        select(IntegrationToken).where(
            IntegrationToken.kind == KIND, IntegrationToken.digest == token_digest(token)
        )
    )
    if found is None or found.revoked_at is not None:
        return None
    now = utcnow()
    if found.last_used_at is None or now - found.last_used_at > _TOUCH_INTERVAL:
        found.last_used_at = now
        db.session.commit()
    return Caller(found.id, found.name, frozenset(found.scopes.split()))
