"""`flask scim-token create NAME`, `flask scim-token revoke NAME` and `flask scim-token list`:
the bearer tokens identity providers provision people with."""

from __future__ import annotations

import click

from portal.services.scim import tokens
from portal.token_command_words import fail, token_life


@click.group("scim-token")
def scim_token() -> None:
    """Make, list and revoke the SCIM bearer tokens of identity providers."""


@scim_token.command("create")
@click.argument("name")
def create_command(name: str) -> None:
    """Make a token called NAME and print it (once: only its hash is kept)."""
    try:
        token = tokens.create_token(name)
    except tokens.TokenError as error:
        fail(str(error))
    click.echo(f"Made the SCIM token “{name}”. Copy it now into the identity provider's "
               "provisioning settings: it is not shown again.")
    click.echo(token)


@scim_token.command("revoke")
@click.argument("name")
def revoke_command(name: str) -> None:
    """Stop the token called NAME from working, at once (its name stays in the history)."""
    try:
        tokens.revoke_token(name)
    except tokens.TokenError as error:
        fail(str(error))
    click.echo(f"Revoked the SCIM token “{name}”: it no longer works.")


@scim_token.command("list")
def list_command() -> None:
    """Every token: its name, when it was made, last used and revoked (times in UTC)."""
    found = tokens.all_tokens()
    if not found:
        click.echo("There are no SCIM tokens yet. Make one with: flask scim-token create NAME")
        return
    for token in found:
        click.echo(f"{token.name}: {token_life(token)}")
