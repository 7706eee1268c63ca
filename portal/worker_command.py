"""The `--loop` of `flask send-mail` and `flask send-webhooks`: a long-lived worker that SIGTERM
or Ctrl-C stops once the batch under way is finished."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import TypeVar

import click

Run = TypeVar("Run")


def run_until_signalled(start_line: str, work: Callable[[threading.Event], Run]) -> Run:
    """Say `start_line`, then run `work(stop)`; SIGTERM and SIGINT set `stop` instead of
    interrupting it. The signal handlers before are put back afterwards."""
    stop = threading.Event()

    def stop_after_this_batch(signum, _frame) -> None:
        stop.set()

    previous = {
        signum: signal.signal(signum, stop_after_this_batch)
        for signum in (signal.SIGTERM, signal.SIGINT)
    }
    click.echo(start_line)
    try:
        return work(stop)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
