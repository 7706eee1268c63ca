"""The organisation's SCIM bearer tokens: made (shown once), listed, revoked, and checked on
every request. Only each token's SHA-256 is stored."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.extensions import db
from portal.models import IntegrationToken, utcnow
from portal.services.accounts import token_digest

KIND = "scim"
PREFIX = "scim_"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,99}$")
# Writing last_used_at on every request would make every read a write.
_TOUCH_INTERVAL = timedelta(seconds=60)


class TokenError(ValueError):
    """A token command that cannot be done, with a message to read."""


def _named(name: str) -> IntegrationToken | None:
    return db.session.scalar(
        select(IntegrationToken).where(IntegrationToken.kind == KIND, IntegrationToken.name == name)
    )


def create_token(name: str) -> str:
    """A new token called `name`; the token itself is returned once and never stored."""
    if not NAME.match(name) or name != name.strip():
        raise TokenError(
            "A token name has 1 to 100 letters, digits, spaces, dots, dashes or underscores, "
            "and starts with a letter or digit (for example: okta or entra-production)."
        )
    if _named(name) is not None:
        raise TokenError(
            f"There is already a token called “{name}” (revoked tokens keep their name, so the "
            "history can still say which one made a change); please choose another name."
        )
    token = PREFIX + secrets.token_urlsafe(32)
    db.session.add(IntegrationToken(kind=KIND, name=name, digest=token_digest(token)))
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise TokenError(f"There is already a token called “{name}”.") from None
    return token


def revoke_token(name: str) -> None:
    token = _named(name)
    if token is None:
        raise TokenError(f"There is no token called “{name}”.")
    if token.revoked_at is not None:
        raise TokenError(f"The token “{name}” is already revoked.")
    token.revoked_at = utcnow()
    db.session.commit()


def all_tokens() -> list[IntegrationToken]:
    return list(
        db.session.scalars(
            select(IntegrationToken)
            .where(IntegrationToken.kind == KIND)
            .order_by(IntegrationToken.created_at, IntegrationToken.id)
        )
    )


def token_named_by(authorization: str | None) -> str | None:
    """The name of the live token an `Authorization: Bearer …` header carries, or None."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.casefold() != "bearer" or not token.startswith(PREFIX) or len(token) > 200:
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
    return found.name
