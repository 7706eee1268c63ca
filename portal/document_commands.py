"""`flask documents purge`: remove the files of documents released longer ago than the
retention period (DOCUMENT_RETENTION_DAYS), and nothing else."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from config import ConfigError
from portal.domain.documents import size_in_words
from portal.formatting import long_date
from portal.models import utcnow
from portal.services import documents
from portal.storage import StorageUnavailable


def retention_period(config) -> timedelta:
    """DOCUMENT_RETENTION_DAYS as a period; ConfigError when it is not a whole number of days
    from 1 to 36,500."""
    value = str(config.get("DOCUMENT_RETENTION_DAYS", "")).strip()
    if not (value.isascii() and value.isdigit()) or not 1 <= int(value) <= 36_500:
        raise ConfigError(
            f"DOCUMENT_RETENTION_DAYS={value!r} is not a number of days from 1 to 36500; "
            "set it to how long released documents are kept, such as 90."
        )
    return timedelta(days=int(value))


@click.group("documents")
def documents_group() -> None:
    """Documents on leave requests and claims (the files in the document store)."""


@documents_group.command("purge")
@with_appcontext
def purge() -> None:
    """Delete the stored files of documents released (by a deleted draft or a withdrawn claim)
    longer ago than DOCUMENT_RETENTION_DAYS, and print each one. Exits 2 on bad settings."""
    try:
        retention = retention_period(current_app.config)
    except ConfigError as error:
        click.echo(f"Error: {error}", err=True)
        raise click.exceptions.Exit(2) from None
    now = utcnow()
    try:
        purged = documents.purge_released(now, retention)
    except StorageUnavailable as error:
        click.echo(f"Error: the document store cannot be used: {error}", err=True)
        raise click.exceptions.Exit(2) from None
    cutoff = long_date((now - retention).date())
    if not purged:
        click.echo(f"Nothing to remove: no document was released before {cutoff}.")
        return
    click.echo(f"Removed {len(purged)} document{'s' if len(purged) != 1 else ''} released "
               f"before {cutoff}:")
    for document in purged:
        click.echo(f"  document {document.id}, {size_in_words(document.size)}, released on "
                   f"{long_date(document.released_at.date())}")


def register_document_commands(app: Flask) -> None:
    app.cli.add_command(documents_group)
