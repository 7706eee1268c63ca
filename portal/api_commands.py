"""`flask api-token create NAME --scope SCOPE…`, `flask api-token revoke NAME` and
`flask api-token list`: the bearer tokens other systems call the JSON API with."""

from __future__ import annotations

import click

from portal.services.api import tokens
from portal.token_command_words import fail, token_life


@click.group("api-token")
def api_token() -> None:
    """Make, list and revoke the API tokens of the organisation's integrations."""


@api_token.command("create")
@click.argument("name")
@click.option("--scope", "scopes", multiple=True, metavar="SCOPE",
              help="what the token may do, once per scope: " + ", ".join(tokens.SCOPES))
def create_command(name: str, scopes: tuple[str, ...]) -> None:
    """Make a token called NAME with these scopes and print it (once: only its hash is kept)."""
    try:
        token = tokens.create_token(name, scopes)
    except tokens.TokenError as error:
        fail(str(error))
    click.echo(f"Made the API token “{name}”. Copy it now into the system that calls the API: "
               "it is not shown again.")
    click.echo(token)


@api_token.command("revoke")
@click.argument("name")
def revoke_command(name: str) -> None:
    """Stop the token called NAME from working, at once (its name stays in the call log)."""
    try:
        tokens.revoke_token(name)
    except tokens.TokenError as error:
        fail(str(error))
    click.echo(f"Revoked the API token “{name}”: it no longer works.")


@api_token.command("list")
def list_command() -> None:
    """Every token: its name, scopes, when it was made, last used and revoked (times in UTC)."""
    found = tokens.all_tokens()
    if not found:
        click.echo("There are no API tokens yet. Make one with: "
                   "flask api-token create NAME --scope read:leave")
        return
    for token in found:
        click.echo(f"{token.name} ({token.scopes.replace(' ', ', ')}): {token_life(token)}")
