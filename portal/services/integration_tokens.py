"""The organisation's bearer tokens for other systems (SCIM provisioning, the API): made (shown
once), listed, revoked, and checked on every request. Only each token's SHA-256 is stored; one
table holds every kind."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import IntegrationToken, utcnow
from portal.services.accounts import token_digest

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
# Writing last_used_at on every request would make every read a write.
TOUCH_INTERVAL = timedelta(seconds=60)


class TokenError(ValueError):
    """A token command that cannot be done, with a message to read."""


@dataclass(frozen=True)
class TokenKind:
    """One kind of token, and the words its commands say."""

    kind: str  # IntegrationToken.kind
    prefix: str  # what its tokens start with, so a header of another kind is not looked up
    label: str  # "token", "API token"
    article: str  # "a", "an"
    examples: str  # names to suggest
    why_names_stay: str  # where a revoked token's name is still read


def _named(kind: TokenKind, name: str) -> IntegrationToken | None:
    return db.session.scalar(
        select(IntegrationToken).where(
            IntegrationToken.kind == kind.kind, IntegrationToken.name == name
        )
    )


def check_name(kind: TokenKind, name: str) -> None:
    if not NAME.match(name) or name != name.strip():
        raise TokenError(
            "A token name has 1 to 100 letters, digits, spaces, dots, dashes or underscores, "
            f"and starts with a letter or digit (for example: {kind.examples})."
        )


def create_token(kind: TokenKind, name: str, scopes: str = "") -> str:
    """A new token called `name`; the token itself is returned once and never stored."""
    check_name(kind, name)
    if _named(kind, name) is not None:
        raise TokenError(
            f"There is already {kind.article} {kind.label} called “{name}” (revoked tokens keep "
            f"their name, so {kind.why_names_stay}); please choose another name."
        )
    token = kind.prefix + secrets.token_urlsafe(32)
    db.session.add(IntegrationToken(
        kind=kind.kind, name=name, digest=token_digest(token), scopes=scopes
    ))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise TokenError(f"There is already {kind.article} {kind.label} called “{name}”.") from None
    return token


def revoke_token(kind: TokenKind, name: str) -> None:
    token = _named(kind, name)
    if token is None:
        raise TokenError(f"There is no {kind.label} called “{name}”.")
    if token.revoked_at is not None:
        raise TokenError(f"The {kind.label} “{name}” is already revoked.")
    token.revoked_at = utcnow()
    db.session.commit()


def all_tokens(kind: TokenKind) -> list[IntegrationToken]:
    return list(db.session.scalars(
        select(IntegrationToken)
        .where(IntegrationToken.kind == kind.kind)
        .order_by(IntegrationToken.created_at, IntegrationToken.id)
    ))


def live_token(kind: TokenKind, authorization: str | None) -> IntegrationToken | None:
    """The live token of this kind that an `Authorization: Bearer …` header carries, or None
    (missing, another kind, unknown, revoked). Notes when it was last used, once a minute."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.casefold() != "bearer" or not token.startswith(kind.prefix) or len(token) > 200:
        return None
    found = db.session.scalar(
        select(IntegrationToken).where(
            IntegrationToken.kind == kind.kind, IntegrationToken.digest == token_digest(token)
        )
    )
    if found is None or found.revoked_at is not None:
        return None
    now = utcnow()
    if found.last_used_at is None or now - found.last_used_at > TOUCH_INTERVAL:
        found.last_used_at = now
        db.session.commit()
    return found
