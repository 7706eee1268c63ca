"""What the two outboxes share, the mail (OutboxMessage) and the webhook deliveries
(WebhookDelivery): claiming a batch of due rows for one worker, giving back the rows it did not
get to, and the long-lived worker's rounds. Any number of workers may run at once, on any
number of machines: a row is claimed by one batch at a time, for a while, by name."""

from __future__ import annotations

import os
import secrets
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from flask import current_app
from sqlalchemy import or_, select, update
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db

Run = TypeVar("Run")


def _claim_name() -> str:
    """Who holds a claim: the machine and process (for a person reading the table), and a
    random part so that each batch can find exactly the rows it claimed."""
    return f"{socket.gethostname()[:36]}/{os.getpid()}/{secrets.token_hex(6)}"


def claim(model, due: tuple, now: datetime, limit: int, seconds: float, *options
          ) -> tuple[str, list]:
    """Claim up to `limit` rows of `model` that are `due` and not claimed by a batch still
    running, oldest first, for `seconds`, and commit: they are this batch's. Returns the
    claim's name and the rows (loaded with `options`).

    PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED, so a worker claiming at the same moment
    passes over these rows instead of waiting and then taking them too, then UPDATE them.
    SQLite (no FOR UPDATE): one UPDATE whose subquery picks the rows; SQLite runs one writer
    at a time, so the next worker's UPDATE sees this claim and picks the rows after it. Both
    UPDATEs repeat the conditions, and only the rows bearing this batch's name are returned.
    """
    name = _claim_name()
    claimable = (*due, or_(model.claimed_until.is_(None), model.claimed_until <= now))
    oldest_first = (model.created_at, model.id)
    picked = select(model.id).where(*claimable).order_by(*oldest_first).limit(limit)
    if db.session.get_bind().dialect.name == "postgresql":
        # Not a subquery of the UPDATE: PostgreSQL may run such a subquery again for each row
        # and, skipping the rows it has just claimed, claim more than `limit`.
        chosen = model.id.in_(list(db.session.scalars(picked.with_for_update(skip_locked=True))))
    else:
        chosen = model.id.in_(picked)
    db.session.execute(
        update(model).where(chosen, *claimable)
        .values(claimed_by=name, claimed_until=now + timedelta(seconds=int(seconds)))
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    rows = db.session.scalars(
        select(model).options(*options).where(model.claimed_by == name).order_by(*oldest_first)
    )
    return name, list(rows)


def give_back(model, name: str, ids: list[int]) -> None:
    """Release this batch's claim on the rows it did not get to (neither sent nor failed)."""
    if not ids:
        return
    try:
        db.session.rollback()
        db.session.execute(
            update(model).where(model.id.in_(ids), model.claimed_by == name)
            .values(claimed_by=None, claimed_until=None)
            .execution_options(synchronize_session=False)
        )
        db.session.commit()
    except SQLAlchemyError:  # then the claims run out by themselves
        db.session.rollback()


def work_until_stopped(
    stop: threading.Event, interval: float, everything_due: Callable[[Callable[[], bool]], Run],
    total: Run, report: Callable[[Run], None], what: str,
) -> Run:
    """The long-lived worker: everything due (`everything_due(stopped)`), then a pause of
    `interval` seconds, until `stop` is set; a batch under way is finished first. The database
    being away for a moment is logged and tried again at the next round rather than ending
    the worker. Returns the sum of the rounds, starting from `total`."""
    while not stop.is_set():
        try:
            run = everything_due(stop.is_set)
            total += run
            report(run)
        except SQLAlchemyError:
            current_app.logger.exception("The %s could not use the database", what)
            db.session.rollback()
        db.session.close()  # hand the connection back to the pool between rounds
        stop.wait(interval)
    return total
