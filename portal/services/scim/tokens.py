"""The organisation's SCIM bearer tokens (portal/services/integration_tokens.py, kind "scim")."""

from __future__ import annotations

from portal.models import IntegrationToken
from portal.services import integration_tokens
from portal.services.integration_tokens import TokenError

__all__ = ["TokenError", "all_tokens", "create_token", "revoke_token", "token_named_by"]

SCIM = integration_tokens.TokenKind(
    kind="scim", prefix="scim_", label="token", article="a",
    examples="okta or entra-production",
    why_names_stay="the history can still say which one made a change",
)


def create_token(name: str) -> str:
    """A new token called `name`; the token itself is returned once and never stored."""
    return integration_tokens.create_token(SCIM, name)


def revoke_token(name: str) -> None:
    integration_tokens.revoke_token(SCIM, name)


def all_tokens() -> list[IntegrationToken]:
    return integration_tokens.all_tokens(SCIM)


def token_named_by(authorization: str | None) -> str | None:
    """The name of the live token an `Authorization: Bearer …` header carries, or None."""
    found = integration_tokens.live_token(SCIM, authorization)
    return found.name if found is not None else None
