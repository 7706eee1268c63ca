"""Command-line tools: `flask seed-demo`, `flask send-mail` and friends."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask_babel import force_locale

from portal.case_options import case_from_text
from portal.domain.entitlement import Entitlement, compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.formatting import days_a_week, long_date, weeks_and_days
from portal.people_commands import people
from portal.policy_commands import policies
from portal.services import demo, mailer
from portal.wording import english_entitlement_dict, explanation_lines
from portal.worker_command import run_until_signalled


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


def _option_name(field: str) -> str:
    return "--" + field.replace("_", "-")


def entitlement_text(entitlement: Entitlement) -> str:
    """The explanation and the dates, for a person reading a terminal."""
    lines = [f"Company policy {entitlement.policy}", ""]
    lines += [f"  {line}" for line in explanation_lines(entitlement.explanation)]
    lines += [
        "",
        f"First day of leave:  {long_date(entitlement.start)}",
        f"Last day of leave:   {long_date(entitlement.end)}",
        f"Back at work:        {long_date(entitlement.return_date)}",
    ]
    if entitlement.phased_return:
        phased = entitlement.phased_return
        lines.append(
            f"Phased return:       {long_date(phased.start)} to {long_date(phased.end)}, "
            f"working {days_a_week(phased.work_days_per_week)} a week at full pay"
        )
    lines.append(
        f"In all:              {weeks_and_days(entitlement.leave_days)} of leave, "
        f"{weeks_and_days(entitlement.company_days)} of it on company pay"
    )
    return "\n".join(lines)


@click.command("entitlement")
@click.option("--role", help="birthing, non_birthing, adoptive or intended")
@click.option("--event", help="birth, adoption, surrogacy or pregnancy_loss")
@click.option("--event-date", help="YYYY-MM-DD: birth, placement or loss (or the expected date)")
@click.option("--expected-date", help="YYYY-MM-DD; defaults to the event date")
@click.option("--start", help="YYYY-MM-DD, first day of leave; defaults to the event date")
@click.option("--country", default="US", show_default=True, help="ISO 3166-1 alpha-2")
@click.option("--subdivision", help="the holidays package's subdivision code, e.g. CA or ENG")
@click.option("--nicu-days", default="0", show_default=True, help="days in neonatal care")
@click.option("--gestation-weeks", help="completed weeks of pregnancy (required for a loss)")
@click.option("--babies", default="1", show_default=True)
@click.option("--child-number", default="1", show_default=True, help="birth order")
@click.option("--hire-date", help="YYYY-MM-DD, for statutory eligibility")
@click.option("--json", "as_json", is_flag=True, help="print one JSON object")
def entitlement_command(as_json: bool, **options: str | None) -> None:
    """Compute a parental-leave entitlement (POLICY.md sections 2-5)."""
    try:
        entitlement = compute_entitlement(case_from_text(options))
    except IneligibleCase as error:
        click.echo(f"Error: {_option_name(error.field)}: {error.message}", err=True)
        raise click.exceptions.Exit(2) from None
    with force_locale("en"):  # the command line is English
        if as_json:
            click.echo(json.dumps(english_entitlement_dict(entitlement), ensure_ascii=False))
        else:
            click.echo(entitlement_text(entitlement))


def _mail_summary(run: mailer.MailRun) -> str:
    line = f"Sent {run.sent}, failed {run.failed}, waiting {mailer.count_waiting()}."
    if run.server_error:
        line += f"\nThe mail server could not be reached ({run.server_error}); trying again soon."
    given_up = mailer.count_given_up()
    if given_up:
        line += (
            f"\n{given_up} could not be sent and were set aside; HR sees them under "
            "Undelivered mail and can send them again."
        )
    return line


@click.command("send-mail")
@click.option("--batch", default=100, show_default=True, help="messages per SMTP connection")
@click.option("--loop", is_flag=True, help="keep running, sending as mail comes in, until "
              "SIGTERM or Ctrl-C (the batch under way is finished first)")
@click.option("--interval", default=10.0, show_default=True, type=click.FloatRange(min=0.01),
              help="with --loop: seconds between looks at the outbox")
def send_mail(batch: int, loop: bool, interval: float) -> None:
    """Send the emails waiting in the outbox: once (e.g. from cron), or with --loop as a
    long-lived worker. Any number may run at once, on any number of machines.

    Exits 0 when the run itself worked, even if some messages failed: those are kept and tried
    again later. The counts say what happened.
    """
    batch = max(batch, 1)
    if not loop:
        click.echo(_mail_summary(mailer.send_everything_due(batch=batch)))
        return

    def report(run: mailer.MailRun) -> None:
        if run.sent or run.failed:  # quiet while there is nothing to send
            click.echo(_mail_summary(run))

    total = run_until_signalled(
        f"Sending mail every {interval:g} seconds; SIGTERM or Ctrl-C stops.",
        lambda stop: mailer.send_until_stopped(stop, interval, batch, report=report))
    click.echo(f"Stopped. Sent {total.sent}, failed {total.failed} while running.")


def register_commands(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(entitlement_command)
    app.cli.add_command(send_mail)
    app.cli.add_command(people)
    app.cli.add_command(policies)
