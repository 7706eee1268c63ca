"""Command-line tools: `flask seed-demo` and friends."""

from __future__ import annotations

import click
from flask import Flask, current_app

from portal.services import demo


def refuse_in_production(command: str) -> None:
    if current_app.config["NAME"] == "production":
        click.echo(f"Error: {command} is refused under the production configuration.", err=True)
        raise click.exceptions.Exit(2)


@click.command("seed-demo")
def seed_demo() -> None:
    """Create the demo organisation (safe to run again; refused in production)."""
    refuse_in_production("seed-demo")
    created = demo.seed_demo_organisation()
    if created:
        click.echo(f"Created the demo organisation: {created} employees.")
    else:
        click.echo("The demo organisation is already there; nothing changed.")
    click.echo("Demo accounts: " + ", ".join(demo.FIXED_ACCOUNTS))
    click.echo(f"Every demo account's password is: {demo.DEMO_PASSWORD}")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
