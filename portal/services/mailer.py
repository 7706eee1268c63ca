"""Sending the outbox: over SMTP, or printed to the console in development, with retries.

A message that fails is tried again later, waiting twice as long each time (1, 2, 4 … minutes,
at most an hour), until MAIL_MAX_ATTEMPTS; then it is set aside and a warning is logged.
"""

from __future__ import annotations

import smtplib
import ssl
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr

from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage, utcnow

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=1)
# Where a message goes when we stop trying: never due again, still in the table to be read.
GIVEN_UP = datetime(9999, 1, 1, tzinfo=UTC)
ERROR_LENGTH = 200

# A refusal of one message: the connection is still good for the next one.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


@dataclass(frozen=True)
class MailRun:
    sent: int
    failed: int


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: 1, 2, 4 … minutes, capped at an hour."""
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


class SmtpTransport:
    """One SMTP connection for a batch, opened at the first message.

    If it cannot be opened, or drops, the rest of the batch fails with the same error rather
    than knocking on a closed door once per message.
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
        except MESSAGE_ERRORS:
            raise
        except (smtplib.SMTPException, OSError) as error:
            self.broken = error
            if self.connection is not None:
                self.connection.close()
                self.connection = None
            raise


def transport_for(config) -> ConsoleTransport | SmtpTransport:
    return ConsoleTransport() if config["MAIL_BACKEND"] == "console" else SmtpTransport(config)


def short_error(error: Exception, config) -> str:
    """What went wrong, in one short line, with the SMTP credentials taken out."""
    text = f"{type(error).__name__}: {error}".replace("\n", " ")
    for secret in (config["MAIL_PASSWORD"], config["MAIL_USERNAME"]):
        if secret:
            text = text.replace(secret, "***")
    return text[:ERROR_LENGTH]


def _due(now: datetime, limit: int) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.created_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def _failed(message: OutboxMessage, error: Exception, now: datetime, config) -> None:
    message.attempts += 1
    message.last_error = short_error(error, config)
    if message.attempts >= config["MAIL_MAX_ATTEMPTS"]:
        message.next_attempt_at = GIVEN_UP
        current_app.logger.warning(
            "Outbox message %s given up after %s attempts: %s",
            message.id, message.attempts, message.last_error,
        )
    else:
        message.next_attempt_at = now + retry_delay(message.attempts)


def send_pending(now: datetime | None = None, limit: int = 100) -> tuple[int, int]:
    """Send up to `limit` messages that are due, oldest first; returns (sent, failed).

    Each message is committed on its own, so a crash half-way sends nothing twice.
    """
    now = now or utcnow()
    config = current_app.config
    messages = _due(now, limit)
    sent = failed = 0
    if not messages:
        return sent, failed
    with transport_for(config) as transport:
        for message in messages:
            try:
                transport.send(email_of(message, config["MAIL_SENDER"], now))
            except Exception as error:  # whatever it was, it is recorded and tried again later
                _failed(message, error, now, config)
                failed += 1
            else:
                message.sent_at = utcnow()
                sent += 1
            db.session.commit()
    return sent, failed


def send_everything_due(now: datetime | None = None, batch: int = 100) -> MailRun:
    """Batch after batch until nothing due at `now` is left (failures wait for a later run)."""
    now = now or utcnow()
    sent = failed = 0
    while True:
        batch_sent, batch_failed = send_pending(now, batch)
        sent, failed = sent + batch_sent, failed + batch_failed
        if batch_sent + batch_failed < batch:
            return MailRun(sent, failed)


def count_waiting() -> int:
    """Messages not sent yet that will still be tried."""
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at < GIVEN_UP
        )
    )


def count_given_up() -> int:
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.next_attempt_at >= GIVEN_UP
        )
    )


def print_pending_to_console() -> None:
    """Development: print what the last request wrote to the outbox (MAIL_BACKEND console)."""
    # Anything the request left uncommitted would be rolled back at teardown anyway; doing it
    # now keeps the commits below from saving a half-done change.
    db.session.rollback()
    send_pending()

