"""What the token commands (`flask scim-token`, `flask api-token`) share: how they fail and how
they describe a token's life."""

from __future__ import annotations

import click

from portal.formatting import local_time
from portal.models import IntegrationToken


def fail(message: str) -> None:
    """A clear line on standard error and exit code 2."""
    click.echo(f"Error: {message}", err=True)
    raise click.exceptions.Exit(2)


def token_life(token: IntegrationToken) -> str:
    """"made …; last used …; in use" (times in UTC)."""
    used = local_time(token.last_used_at, "UTC") if token.last_used_at else "never"
    revoked = f"revoked {local_time(token.revoked_at, 'UTC')}" if token.revoked_at else "in use"
    return f"made {local_time(token.created_at, 'UTC')}; last used {used}; {revoked}"
