"""`flask send-webhooks`: deliver the webhook outbox, once or as a long-lived worker."""

from __future__ import annotations

import click

from portal.services.webhooks import delivery
from portal.worker_command import run_until_signalled


def _summary(run: delivery.Run) -> str:
    return (f"Delivered {run.delivered}, failed {run.failed}, "
            f"waiting {delivery.count_waiting()}.")


@click.command("send-webhooks")
@click.option("--batch", default=50, show_default=True, help="deliveries claimed at a time")
@click.option("--loop", is_flag=True, help="keep running, delivering as events come in, until "
              "SIGTERM or Ctrl-C (the batch under way is finished first)")
@click.option("--interval", default=5.0, show_default=True, type=click.FloatRange(min=0.01),
              help="with --loop: seconds between looks at the outbox")
def send_webhooks(batch: int, loop: bool, interval: float) -> None:
    """Send the webhook events waiting in the outbox: once (e.g. from cron), or with --loop as
    a long-lived worker. Any number may run at once, on any number of machines.

    Exits 0 when the run itself worked, even if some deliveries failed: those are tried again
    later, waiting longer each time. The counts say what happened.
    """
    batch = max(batch, 1)
    if not loop:
        click.echo(_summary(delivery.deliver_everything_due(batch=batch)))
        return

    def report(run: delivery.Run) -> None:
        if run.delivered or run.failed:
            click.echo(_summary(run))

    total = run_until_signalled(
        f"Sending webhooks every {interval:g} seconds; SIGTERM or Ctrl-C stops.",
        lambda stop: delivery.deliver_until_stopped(stop, interval, batch, report=report))
    click.echo(f"Stopped. Delivered {total.delivered}, failed {total.failed} while running.")
