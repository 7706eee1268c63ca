"""The organisation's API tokens, with scopes (portal/services/integration_tokens.py, kind
"api"): every call is checked against them."""

from __future__ import annotations

from dataclasses import dataclass

from portal.models import IntegrationToken
from portal.services import integration_tokens
from portal.services.integration_tokens import TokenError

API = integration_tokens.TokenKind(
    kind="api", prefix="plp_", label="API token", article="an",
    examples="payroll or hr-system",
    why_names_stay="the call log can still say which one called",
)
KIND = API.kind
SCOPES = ("read:people", "read:leave", "read:leave-details", "read:claims", "estimate")

__all__ = ["KIND", "SCOPES", "Caller", "TokenError", "all_tokens", "bearer_token", "caller_for",
           "create_token", "revoke_token"]


@dataclass(frozen=True)
class Caller:
    """The live token a call came with: its row id, name and scopes."""

    token_id: int
    name: str
    scopes: frozenset[str]


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
    integration_tokens.check_name(API, name)
    return integration_tokens.create_token(API, name, " ".join(_checked_scopes(scopes)))


def revoke_token(name: str) -> None:
    integration_tokens.revoke_token(API, name)


def all_tokens() -> list[IntegrationToken]:
    return integration_tokens.all_tokens(API)


def bearer_token(authorization: str | None) -> str | None:
    """The token an `Authorization: Bearer …` header carries, if it looks like an API token."""
    scheme, _, token = (authorization or "").partition(" ")
    token = token.strip()
    if scheme.casefold() != "bearer" or not token.startswith(API.prefix) or len(token) > 200:
        return None
    return token


def caller_for(authorization: str | None) -> Caller | None:
    """The live API token of an `Authorization` header, or None (missing, unknown, revoked)."""
    found = integration_tokens.live_token(API, authorization)
    if found is None:
        return None
    return Caller(found.id, found.name, frozenset(found.scopes.split()))
