"""Sending the outbox: over SMTP, or printed to the console in development; claims, retries,
giving up, and HR's list of undelivered mail.

Any number of senders, on any number of machines, send each message once: a sender first
claims a batch in a short transaction of its own (`FOR UPDATE SKIP LOCKED` on PostgreSQL; on
SQLite the claim is a conditional UPDATE, and SQLite lets one writer at a time), sends it, and
clears the claim with each result. A sender that dies loses its claim after MAIL_CLAIM_SECONDS.

A message the server refuses is tried again later, waiting twice as long each time (1, 2, 4 …
minutes, at most an hour). When the server itself cannot be reached (refused, timed out, TLS or
sign-in failed) the messages are not to blame: they wait a minute and their attempts stay as
they were. A message that has failed for MAIL_GIVE_UP_AFTER_DAYS is set aside with a warning in
the log, and listed for HR on "Undelivered mail", where it can be sent again.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import defer

from portal.extensions import db
from portal.models import INTEGER_MAX, OutboxMessage, utcnow
from portal.services import outbox

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# After the server could not be reached: soon, but not in a tight loop.
SERVER_RETRY = timedelta(minutes=1)
# HR's list shows messages still being tried once they have failed for this long.
LONG_FAILING = timedelta(hours=1)
UNDELIVERED_PER_PAGE = 50
ERROR_LENGTH = 200

# A refusal of one message: the connection is still good for the next one.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
SERVER_CLOSING = 421  # "service not available, closing transmission channel": not the message


@dataclass(frozen=True)
class MailRun:
    sent: int = 0
    failed: int = 0
    server_error: str = ""  # why the mail server could not be reached, when it could not

    def __add__(self, other: MailRun) -> MailRun:
        return MailRun(
            self.sent + other.sent,
            self.failed + other.failed,
            other.server_error or self.server_error,
        )


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th refusal: 1, 2, 4 … minutes, capped at an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_RETRY)


def email_of(message: OutboxMessage, sender: str, now: datetime) -> EmailMessage:
    email = EmailMessage()
    email["From"] = sender
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Date"] = format_datetime(now)
    email["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    email["Auto-Submitted"] = "auto-generated"  # no out-of-office replies, please
    email.set_content(message.body)
    return email


class ConsoleTransport:
    """Development: each message printed to standard output, and counted as sent."""

    broken: Exception | None = None

    def __enter__(self) -> ConsoleTransport:
        return self

    def __exit__(self, *_exc) -> None:
        return None

    def send(self, email: EmailMessage) -> None:
        print(
            f"---- Email (not sent: MAIL_BACKEND is console) ----\n"
            f"To: {email['To']}\nSubject: {email['Subject']}\n\n"
            f"{email.get_content().rstrip()}\n"
            f"---- end of email ----",
            file=sys.stdout,
            flush=True,
        )


def _server_is_closing(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = {code for code, _text in error.recipients.values()}
        return codes == {SERVER_CLOSING}
    return getattr(error, "smtp_code", None) == SERVER_CLOSING


class SmtpTransport:
    """One SMTP connection for a batch, opened at the first message.

    If it cannot be opened, or drops, the rest of the batch fails with the same error rather
    than knocking on a closed door once per message; `broken` then holds that error.
    """

    def __init__(self, config) -> None:
        self.config = config
        self.connection: smtplib.SMTP | None = None
        self.broken: Exception | None = None

    def __enter__(self) -> SmtpTransport:
        return self

    def __exit__(self, *_exc) -> None:
        if self.connection is not None:
            try:
                self.connection.quit()
            except (smtplib.SMTPException, OSError):
                self.connection.close()
            self.connection = None

    def _open(self) -> smtplib.SMTP:
        config = self.config
        host, port = config["MAIL_SERVER"], int(config["MAIL_PORT"])
        timeout = config["MAIL_TIMEOUT_SECONDS"]
        if config["MAIL_USE_SSL"]:
            connection = smtplib.SMTP_SSL(
                host, port, timeout=timeout, context=ssl.create_default_context()
            )
        else:
            connection = smtplib.SMTP(host, port, timeout=timeout)
        try:
            if config["MAIL_USE_TLS"] and not config["MAIL_USE_SSL"]:
                connection.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, email: EmailMessage) -> None:
        if self.broken is not None:
            raise self.broken
        try:
            if self.connection is None:
                self.connection = self._open()
            self.connection.send_message(email)
        except MESSAGE_ERRORS as error:
            if _server_is_closing(error):
                self._break(error)
            raise
        except (smtplib.SMTPException, OSError) as error:
            self._break(error)
            raise

    def _break(self, error: Exception) -> None:
        self.broken = error
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def transport_for(config) -> ConsoleTransport | SmtpTransport:
    return ConsoleTransport() if config["MAIL_BACKEND"] == "console" else SmtpTransport(config)


def short_error(error: Exception, config) -> str:
    """What went wrong, in one short line, with the SMTP credentials taken out."""
    text = f"{type(error).__name__}: {error}".replace("\n", " ")
    for secret in (config["MAIL_PASSWORD"], config["MAIL_USERNAME"]):
        if secret:
            text = text.replace(secret, "***")
    return text[:ERROR_LENGTH]


# -- Claims ---------------------------------------------------------------------------------


def _due(now: datetime) -> tuple:
    return (
        OutboxMessage.sent_at.is_(None),
        OutboxMessage.given_up_at.is_(None),
        OutboxMessage.next_attempt_at <= now,
    )


def claim(now: datetime, limit: int, config) -> tuple[str, list[OutboxMessage]]:
    """Claim up to `limit` due messages, oldest first, and commit: they are this batch's.
    Returns the claim's name and the messages (see portal.services.outbox.claim)."""
    return outbox.claim(OutboxMessage, _due(now), now, limit, config["MAIL_CLAIM_SECONDS"])


def _claim_safety(config) -> float:
    """Stop starting new messages this long before the claim runs out, so that no other
    sender takes a message while this one may still be sending it."""
    claim_seconds = float(config["MAIL_CLAIM_SECONDS"])
    return min(claim_seconds / 2, 3 * float(config["MAIL_TIMEOUT_SECONDS"]))


# -- Sending --------------------------------------------------------------------------------


def _failed(message: OutboxMessage, error: Exception, now: datetime, config, *,
            server_unreachable: bool) -> None:
    message.last_error = short_error(error, config)
    message.failing_since = message.failing_since or now
    if server_unreachable:
        message.next_attempt_at = now + SERVER_RETRY  # not the message's fault: no attempt
    else:
        message.attempts += 1
        message.next_attempt_at = now + retry_delay(message.attempts)
    give_up_after = timedelta(days=int(config["MAIL_GIVE_UP_AFTER_DAYS"]))
    if now - message.failing_since >= give_up_after:
        message.given_up_at = now
        current_app.logger.warning(
            "Outbox message %s given up after failing since %s (%s refusals): %s. "
            "HR can send it again from Undelivered mail.",
            message.id, message.failing_since.isoformat(), message.attempts, message.last_error,
        )


@dataclass(frozen=True)
class Batch:
    run: MailRun
    claimed: int
    finished: bool  # every claimed message was sent or failed


def send_batch(now: datetime, limit: int) -> Batch:
    """Claim up to `limit` due messages and send them over one connection.

    Each result is committed on its own, with the claim cleared, so a crash half-way sends
    nothing twice. Near the end of the claim no new message is started: the rest are given
    back for another round.
    """
    config = current_app.config
    name, messages = claim(now, limit, config)
    if not messages:
        return Batch(MailRun(), 0, True)
    stop_starting_at = (
        time.monotonic() + float(config["MAIL_CLAIM_SECONDS"]) - _claim_safety(config)
    )
    waiting = [message.id for message in messages]  # read now: each commit expires them
    sent = failed = 0
    server_error = ""
    try:
        with transport_for(config) as transport:
            for message in messages:
                if time.monotonic() >= stop_starting_at:
                    break
                try:
                    transport.send(email_of(message, config["MAIL_SENDER"], now))
                except Exception as error:  # whatever it was, it is recorded and tried again
                    unreachable = transport.broken is not None
                    _failed(message, error, now, config, server_unreachable=unreachable)
                    if unreachable:
                        server_error = message.last_error
                    failed += 1
                else:
                    message.sent_at = utcnow()
                    sent += 1
                message.claimed_by = message.claimed_until = None
                db.session.commit()
                waiting.pop(0)
    finally:
        outbox.give_back(OutboxMessage, name, waiting)
    if server_error:
        current_app.logger.warning("The mail server could not be reached: %s", server_error)
    return Batch(MailRun(sent, failed, server_error), len(messages), not waiting)


def send_pending(now: datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Send up to `limit` messages that are due, oldest first; returns (sent, failed)."""
    run = send_batch(now or utcnow(), limit).run
    return run.sent, run.failed


def send_everything_due(
    now: datetime | None = None, batch: int = 100, stopped: Callable[[], bool] = lambda: False
) -> MailRun:
    """Batch after batch until nothing due is left, the server cannot be reached, or
    `stopped()` says so (checked between batches). Failures wait for a later run."""
    run = MailRun()
    while not stopped():
        done = send_batch(now or utcnow(), batch)
        run += done.run
        if done.claimed < batch or done.run.server_error or not done.finished:
            break
    return run


def send_until_stopped(
    stop: threading.Event, interval: float, batch: int = 100,
    report: Callable[[MailRun], None] = lambda run: None,
) -> MailRun:
    """The long-lived sender: everything due, then a pause of `interval` seconds, until `stop`
    is set (portal.services.outbox.work_until_stopped)."""
    return outbox.work_until_stopped(
        stop, interval, lambda stopped: send_everything_due(batch=batch, stopped=stopped),
        MailRun(), report, "mail sender")


# -- Counting, and HR's Undelivered mail ------------------------------------------------------


def count_waiting() -> int:
    """Messages not sent yet that will still be tried."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.given_up_at.is_(None)
        )
    )


def count_given_up() -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.given_up_at.is_not(None)
        )
    )


def undelivered(page: int = 1, now: datetime | None = None,
                per_page: int = UNDELIVERED_PER_PAGE):
    """One page of the mail HR should know about: given up, or failing for over an hour;
    oldest first. Bodies are left in the database."""
    now = now or utcnow()
    statement = (
        select(OutboxMessage)
        .options(defer(OutboxMessage.body))
        .where(
            OutboxMessage.sent_at.is_(None),
            or_(
                OutboxMessage.given_up_at.is_not(None),
                OutboxMessage.failing_since <= now - LONG_FAILING,
            ),
        )
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return db.paginate(statement, page=page, per_page=per_page, error_out=False, count=True)


def _due_again(message: OutboxMessage, now: datetime) -> None:
    """Due now, with a fresh give-up clock and back-off; the last error stays to be read."""
    message.given_up_at = None
    message.failing_since = None
    message.attempts = 0
    message.next_attempt_at = now


def send_again(message_id: int, now: datetime | None = None) -> OutboxMessage | None:
    """HR: send this unsent message at the sender's next round. None if there is no such
    message or it was sent already."""
    if not 0 < message_id <= INTEGER_MAX:
        return None
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.sent_at is not None:
        return None
    _due_again(message, now or utcnow())
    db.session.commit()
    return message


def send_all_again(now: datetime | None = None) -> int:
    """HR: every message that was given up is due again; returns how many."""
    now = now or utcnow()
    done = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.sent_at.is_(None), OutboxMessage.given_up_at.is_not(None))
        .values(given_up_at=None, failing_since=None, attempts=0, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    return done.rowcount


def print_pending_to_console() -> None:
    """Development: print what the last request wrote to the outbox (MAIL_BACKEND console)."""
    # Anything the request left uncommitted would be rolled back at teardown anyway; doing it
    # now keeps the commits below from saving a half-done change.
    db.session.rollback()
    send_pending()
