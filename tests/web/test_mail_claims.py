"""Mail is sent once: each sender claims its messages, a dead sender's claim runs out, and
`flask send-mail --loop` runs as a worker that stops cleanly. A real SMTP server on loopback
counts the deliveries; the senders are threads and real `flask send-mail` processes."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import OutboxMessage, utcnow
from portal.services import mailer
from tests.web.test_mail import ROOT, Recorder, free_port, queue, reload

WAIT = 30  # seconds a test waits for another process before it fails (a loaded machine)


class Gate(Recorder):
    """Holds each sender at the gate (MAIL FROM) until `senders` SMTP sessions wait there at
    once, then sets `met`; or, after `wait` seconds, opens for good. Each accepted message then
    takes `delay` seconds."""

    def __init__(self, senders: int = 2, wait: float = 3.0, delay: float = 0.0) -> None:
        super().__init__()
        self.senders, self.wait, self.delay = senders, wait, delay
        self.port = free_port()
        self.waiting: set[int] = set()
        self.met = False
        self.open: asyncio.Event | None = None

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.open is None:
            self.open = asyncio.Event()
        self.waiting.add(id(session))
        if len(self.waiting) >= self.senders:
            self.met = True
            self.open.set()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.open.wait(), self.wait)
        self.open.set()
        self.waiting.discard(id(session))
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)

    def delivered(self) -> Counter:
        return Counter(address for e in self.envelopes for address in e.rcpt_tos)


def serve(port: int, handler: Recorder) -> Controller:
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller


@pytest.fixture
def gate(app, monkeypatch):
    """The SMTP server the app sends to, on a port of its own."""
    handler = Gate()
    monkeypatch.setitem(app.config, "MAIL_PORT", handler.port)
    controller = serve(handler.port, handler)
    yield handler
    controller.stop()


def queue_many(count: int, name: str = "person") -> list[str]:
    """Messages to `count` people, written in one transaction."""
    recipients = [f"{name}{n}@example.test" for n in range(count)]
    db.session.add_all(
        OutboxMessage(recipient=r, subject="Your leave request is approved", body="Hello.\n")
        for r in recipients
    )
    db.session.commit()
    return recipients


def unsent_or_claimed() -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(func.count()).select_from(OutboxMessage).where(
            (OutboxMessage.sent_at.is_(None)) | (OutboxMessage.claimed_by.is_not(None))
        )
    )


def wait_until(condition, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the process ended before {what}: {process.communicate()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {WAIT} s for {what}")
        time.sleep(0.02)


# -- Two senders at once ------------------------------------------------------------------------


def test_two_senders_at_the_same_moment_deliver_every_message_exactly_once(app, gate):
    recipients = queue_many(40)
    ready, failures = threading.Barrier(2), []

    def sender() -> None:
        try:
            with app.app_context():
                ready.wait()
                mailer.send_everything_due(batch=5)
        except Exception as error:  # reported below, with the deliveries
            failures.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert failures == []
    assert gate.met  # both were sending at once
    assert gate.delivered() == Counter(recipients)  # each once, none twice, none left out
    assert unsent_or_claimed() == 0


def sender_environment(database_url: str, port: int) -> dict[str, str]:
    """A `flask` process on the test's database, sending to the test's SMTP server."""
    env = {
        k: v for k, v in os.environ.items()
        if not k.startswith(("MAIL_", "PORTAL_", "FLASK_", "DATABASE_URL"))
    }
    env.update(
        FLASK_APP="wsgi", PORTAL_CONFIG="development", DATABASE_URL=database_url,
        MAIL_SERVER="127.0.0.1", MAIL_PORT=str(port), PYTHONUNBUFFERED="1",
    )
    return env


def start_sender(env: dict[str, str], *arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "flask", "send-mail", *arguments], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def test_two_send_mail_processes_at_once_deliver_every_message_exactly_once(
    app, gate, database_url_for_tests
):
    gate.wait = 8.0  # a process takes a second or two to start
    recipients = queue_many(60)
    env = sender_environment(database_url_for_tests, gate.port)
    senders = [start_sender(env, "--batch", "10") for _ in range(2)]
    outputs = [sender.communicate(timeout=WAIT) for sender in senders]
    assert [sender.returncode for sender in senders] == [0, 0], outputs
    assert gate.met  # both were sending at once
    assert gate.delivered() == Counter(recipients)
    sent = sorted(int(out.split()[1].rstrip(",")) for out, _err in outputs)
    assert sum(sent) == 60 and sent[0] > 0, outputs  # both sent some
    assert unsent_or_claimed() == 0


def test_on_postgresql_a_sender_passes_over_messages_another_is_claiming(app, gate):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite has one writer at a time")
    gate.senders = 1
    held, free = queue(recipient="held@example.test"), queue(recipient="free@example.test")
    results = []

    def sender() -> None:
        with app.app_context():
            results.append(mailer.send_pending())

    with db.engine.connect() as other_sender:
        other_sender.execute(
            select(OutboxMessage.id).where(OutboxMessage.id == held.id).with_for_update()
        )
        thread = threading.Thread(target=sender)
        thread.start()
        thread.join(5)
        waited = thread.is_alive()
        other_sender.rollback()
        thread.join(WAIT)
    assert not waited, "the sender waited for the message another sender holds"
    assert results == [(1, 0)]
    assert gate.delivered() == Counter({"free@example.test": 1})
    assert reload(held).sent_at is None and reload(free).sent_at is not None


# -- A sender that dies ---------------------------------------------------------------------


def test_a_claim_left_by_a_sender_that_died_is_taken_once_it_runs_out(app, gate):
    gate.senders = 1
    message = queue()
    now = utcnow()
    name, claimed = mailer.claim(now, 10, app.config)  # claimed and committed, then it died
    assert [m.id for m in claimed] == [message.id]
    assert reload(message).claimed_until == now + timedelta(seconds=300)

    assert mailer.send_pending(now) == (0, 0)
    assert mailer.send_pending(now + timedelta(seconds=299)) == (0, 0)
    assert gate.envelopes == []
    assert mailer.send_pending(now + timedelta(seconds=300)) == (1, 0)
    assert gate.delivered() == Counter({"erin@example.test": 1})
    message = reload(message)
    assert message.sent_at is not None
    assert message.claimed_by is None and message.claimed_until is None


def test_the_claim_timeout_is_a_setting(app, gate, monkeypatch):
    gate.senders = 1
    monkeypatch.setitem(app.config, "MAIL_CLAIM_SECONDS", 60)
    queue()
    now = utcnow()
    mailer.claim(now, 10, app.config)
    assert mailer.send_pending(now + timedelta(seconds=59)) == (0, 0)
    assert mailer.send_pending(now + timedelta(seconds=60)) == (1, 0)


def test_a_sender_near_the_end_of_its_claim_starts_no_new_message_and_gives_the_rest_back(
    app, gate, monkeypatch
):
    # With a 2-second claim the sender stops starting messages after 1 second; the first
    # delivery takes longer than that.
    gate.senders, gate.delay = 1, 1.1
    monkeypatch.setitem(app.config, "MAIL_CLAIM_SECONDS", 2)
    first = queue(recipient="first@example.test", age=timedelta(minutes=2))
    second = queue(recipient="second@example.test", age=timedelta(minutes=1))
    assert mailer.send_pending() == (1, 0)
    assert gate.delivered() == Counter({"first@example.test": 1})
    second = reload(second)
    assert second.sent_at is None and second.claimed_by is None and second.attempts == 0
    assert reload(first).sent_at is not None
    gate.delay = 0
    assert mailer.send_pending() == (1, 0)  # free at once for the next round


# -- flask send-mail --loop -------------------------------------------------------------------


def test_send_mail_loop_sends_mail_as_it_comes_and_finishes_its_batch_on_sigterm(
    app, gate, database_url_for_tests
):
    gate.senders = 1
    queue(recipient="early@example.test")
    env = sender_environment(database_url_for_tests, gate.port)
    worker = start_sender(env, "--loop", "--interval", "0.1", "--batch", "3")
    try:
        wait_until(lambda: gate.delivered()["early@example.test"] == 1, "the first email", worker)

        gate.delay = 0.4  # three messages written at once, one batch: about 1.2 s
        later = queue_many(3, "later")
        wait_until(lambda: len(gate.envelopes) >= 2, "the batch to begin", worker)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=WAIT)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()
    assert worker.returncode == 0, err
    assert gate.delivered() == Counter(["early@example.test", *later])  # the batch finished
    assert unsent_or_claimed() == 0
    assert out.startswith("Sending mail every 0.1 seconds; SIGTERM or Ctrl-C stops.\n")
    assert out.endswith("Stopped. Sent 4, failed 0 while running.\n")
