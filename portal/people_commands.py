"""`flask people import FILE [--apply]` and `flask people export [--output FILE]`: the CSV
import and export of the People pages, for a terminal or a scheduled job."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import NoReturn

import click

from portal.services import people_import
from portal.views.people_import import row_text, summary_text


def _print_check(checked: people_import.CheckedFile) -> None:
    """The page's check, one line per row: the rows that are right on stdout, the others (and
    what is wrong with the file as a whole) on stderr."""
    plan = checked.plan
    for problem in plan.file_errors:
        click.echo(f"Error: {checked.filename}: {problem}", err=True)
    for note in plan.notes:
        click.echo(f"Note: {note}")
    for row in plan.rows:
        click.echo(row_text(row), err=bool(row.errors))
    if plan.rows:
        click.echo(summary_text(plan), err=plan.has_errors)


def _refuse() -> NoReturn:
    click.echo("Nothing was imported: please correct the file and try again.", err=True)
    raise click.exceptions.Exit(2)


@click.group("people")
def people() -> None:
    """Import people from a CSV file, or export them."""


@people.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--apply", "apply_", is_flag=True,
              help="import the file, when every row is right (otherwise only check it)")
def import_command(file: Path, apply_: bool) -> None:
    """Check FILE (CSV: email, name, manager_email, location, hire_date, hr) and, with
    --apply, import it in one transaction. Exits 2 when the file or any row is wrong."""
    try:
        data = file.read_bytes()
    except OSError as error:
        click.echo(f"Error: cannot read {file}: {error.strerror or error}.", err=True)
        raise click.exceptions.Exit(2) from None
    checked = people_import.check_file(data, file.name)
    _print_check(checked)
    if checked.plan.has_errors:
        _refuse()
    if not apply_:
        click.echo("Nothing was saved. Run again with --apply to import this file.")
        return
    try:
        result = people_import.apply_file(data, file.name)
    except people_import.ImportRefused as refused:  # people changed since the check above
        _print_check(refused.checked)
        _refuse()
    click.echo(f"Imported: {result.new:,} new, {result.changed:,} changed.")


@people.command("export")
@click.option("--output", type=click.Path(dir_okay=False, writable=True, path_type=Path),
              help="write to this file (with the byte-order mark Excel looks for) "
              "instead of the standard output")
def export_command(output: Path | None) -> None:
    """Write every active person as CSV, in the columns `flask people import` reads."""
    if output is None:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for number, row in enumerate(people_import.export_rows()):
            writer.writerow(row)
            if number % 1000 == 0:
                click.echo(buffer.getvalue(), nl=False)
                buffer.seek(0)
                buffer.truncate()
        click.echo(buffer.getvalue(), nl=False)
        return
    try:
        with output.open("w", encoding="utf-8-sig", newline="") as stream:
            writer = csv.writer(stream)
            lines = 0
            for row in people_import.export_rows():
                writer.writerow(row)
                lines += 1
    except OSError as error:
        click.echo(f"Error: cannot write {output}: {error.strerror or error}.", err=True)
        raise click.exceptions.Exit(2) from None
    exported = lines - 1  # the header
    click.echo(f"Exported {exported:,} {'person' if exported == 1 else 'people'} to {output}.")
