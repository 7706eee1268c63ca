"""`flask policies check`: validate the policy data and print every statutory rule in force."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import click

from portal.domain.errors import PolicyDataError
from portal.domain.policy import DEFAULT_DIRECTORY, load_policy_book
from portal.domain.rule_book import rules_as_text


@click.group("policies")
def policies() -> None:
    """The company policy and statutory rules under portal/policies (POLICY.md sections 3-4)."""


def _day(_context, _parameter, value: str | None) -> date:
    if value is None:
        return datetime.now(UTC).date()
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@policies.command("check")
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="a policy directory to check instead of portal/policies",
)
@click.option("--on", "on", callback=_day, help="YYYY-MM-DD: list the rules in force that day "
              "(default: today, UTC)")
def check(directory: Path | None, on: date) -> None:
    """Validate every policy file, then print each jurisdiction's rules in force: what each
    grants, what it is counted from, its source and its effective date. Exits 2 on bad data."""
    try:
        book = load_policy_book(directory if directory is not None else DEFAULT_DIRECTORY)
    except PolicyDataError as error:
        click.echo(f"Error: the policy data is not valid: {error}", err=True)
        raise click.exceptions.Exit(2) from None
    company = ", ".join(policy.id for policy in book.company_policies)
    click.echo(
        f"Policy data is valid: {len(book.company_policies)} company policy version(s) "
        f"({company}), {len(book.jurisdictions)} jurisdictions, {book.rule_count} rules."
    )
    click.echo("")
    click.echo(rules_as_text(book, on), nl=False)
