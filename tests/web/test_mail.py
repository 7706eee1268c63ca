"""Sending the outbox: a real SMTP server on loopback (aiosmtpd), retries and giving up, the
console in dev. Claims and the long-lived sender: test_mail_claims.py; HR's page:
test_undelivered_mail.py."""

from __future__ import annotations

import email
import email.policy
import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from portal.extensions import db
from portal.models import OutboxMessage, utcnow
from portal.services import mailer
from tests.fixtures import config_for

ROOT = Path(__file__).resolve().parents[2]


class Recorder:
    """An aiosmtpd handler that keeps what arrives, refuses addresses containing "refuse", and
    closes the door (421) at addresses containing "busy"."""

    def __init__(self) -> None:
        self.envelopes = []
        self.sessions = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if "refuse" in address:
            return "550 No such mailbox here"
        if "busy" in address:
            return "421 Too busy, closing the connection"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.sessions.append(id(session))
        return "250 Message accepted for delivery"

    def messages(self):
        return [
            email.message_from_bytes(envelope.content, policy=email.policy.default)
            for envelope in self.envelopes
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_port(app, monkeypatch) -> int:
    """A loopback port where nothing listens yet; the app sends there."""
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    return port


def start_server(port: int) -> tuple[Controller, Recorder]:
    recorder = Recorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, recorder


@pytest.fixture
def smtp(mail_port):
    controller, recorder = start_server(mail_port)
    yield recorder
    controller.stop()


def queue(recipient="erin@example.test", subject="Your leave request is approved",
          body="Hello Erin,\n\nYour leave request is approved.\n", age=timedelta(0), **fields):
    message = OutboxMessage(
        recipient=recipient, subject=subject, body=body, created_at=utcnow() - age,
        next_attempt_at=utcnow() - age, **fields,
    )
    db.session.add(message)
    db.session.commit()
    return message


def reload(message: OutboxMessage) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get(OutboxMessage, message.id)


# -- Over SMTP --------------------------------------------------------------------------------


def test_pending_messages_arrive_with_their_recipient_sender_subject_and_body(smtp):
    message = queue(body="Hello Erin,\n\nYour leave request is approved. Ünïcode too.\n")
    assert mailer.send_pending() == (1, 0)
    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["erin@example.test"]
    assert envelope.mail_from == "no-reply@example.com"
    [arrived] = smtp.messages()
    assert arrived["To"] == "erin@example.test"
    assert arrived["From"] == "Parental leave portal <no-reply@example.com>"
    assert arrived["Subject"] == "Your leave request is approved"
    assert arrived.get_content_type() == "text/plain"
    body = arrived.get_content().replace("\r\n", "\n")  # SMTP lines end in CRLF
    assert body == "Hello Erin,\n\nYour leave request is approved. Ünïcode too.\n"
    message = reload(message)
    assert message.sent_at is not None and message.attempts == 0 and message.last_error == ""


def test_messages_go_oldest_first_over_one_connection(smtp):
    queue(recipient="newest@example.test", age=timedelta(minutes=1))
    queue(recipient="oldest@example.test", age=timedelta(minutes=3))
    queue(recipient="middle@example.test", age=timedelta(minutes=2))
    assert mailer.send_pending() == (3, 0)
    assert [e.rcpt_tos[0] for e in smtp.envelopes] == [
        "oldest@example.test", "middle@example.test", "newest@example.test",
    ]
    assert len(set(smtp.sessions)) == 1


def test_sent_messages_and_messages_not_yet_due_are_left_alone(smtp):
    queue(recipient="sent@example.test", sent_at=utcnow())
    later = queue(recipient="later@example.test")
    later.next_attempt_at = utcnow() + timedelta(minutes=5)
    db.session.commit()
    assert mailer.send_pending() == (0, 0)
    assert smtp.envelopes == []


def test_one_batch_sends_at_most_the_limit_and_the_rest_waits(smtp):
    for n in range(3):
        queue(recipient=f"person{n}@example.test", age=timedelta(minutes=10 - n))
    assert mailer.send_pending(limit=2) == (2, 0)
    assert mailer.count_waiting() == 1
    assert mailer.send_pending(limit=2) == (1, 0)
    assert [e.rcpt_tos[0] for e in smtp.envelopes] == [
        "person0@example.test", "person1@example.test", "person2@example.test",
    ]


def test_a_refused_recipient_fails_alone_and_the_next_message_still_goes(smtp):
    refused = queue(recipient="refuse-me@example.test", age=timedelta(minutes=2))
    queue(recipient="fine@example.test", age=timedelta(minutes=1))
    assert mailer.send_pending() == (1, 1)
    assert [e.rcpt_tos for e in smtp.envelopes] == [["fine@example.test"]]
    refused = reload(refused)
    assert refused.sent_at is None and refused.attempts == 1
    assert "550" in refused.last_error


def test_starttls_is_required_when_asked_for_and_nothing_goes_in_plain_text(app, smtp,
                                                                           monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", True)
    message = queue()
    assert mailer.send_pending() == (0, 1)
    assert smtp.envelopes == []
    assert "STARTTLS" in reload(message).last_error


# -- Failures and retries ----------------------------------------------------------------------


def test_when_the_server_is_down_the_message_waits_and_goes_on_a_later_run(mail_port):
    message = queue()
    now = utcnow()
    assert mailer.send_pending(now) == (0, 1)
    message = reload(message)
    assert message.sent_at is None
    assert message.attempts == 0  # the server was down: not the message's fault
    assert message.failing_since == now
    assert message.next_attempt_at == now + timedelta(minutes=1)
    assert "ConnectionRefusedError" in message.last_error
    assert len(message.last_error) <= mailer.ERROR_LENGTH

    controller, recorder = start_server(mail_port)
    try:
        assert mailer.send_pending(now + timedelta(seconds=30)) == (0, 0)  # not due yet
        assert mailer.send_pending(now + timedelta(minutes=1)) == (1, 0)
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in recorder.envelopes] == [["erin@example.test"]]
    message = reload(message)
    assert message.sent_at is not None and message.attempts == 0


def test_a_server_that_is_down_is_tried_once_per_batch_not_once_per_message(mail_port):
    for n in range(3):
        queue(recipient=f"person{n}@example.test")
    assert mailer.send_pending() == (0, 3)
    errors = {m.last_error for m in db.session.scalars(select(OutboxMessage))}
    assert len(errors) == 1


def test_retries_wait_twice_as_long_each_time_up_to_an_hour():
    minutes = [mailer.retry_delay(n) / timedelta(minutes=1) for n in range(1, 10)]
    assert minutes == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_a_server_that_stays_down_uses_up_none_of_the_messages_attempts(app, mail_port):
    messages = [queue(recipient=f"person{n}@example.test") for n in range(3)]
    now = utcnow()
    for _ in range(20):  # twenty minutes of an unreachable server
        assert mailer.send_pending(now) == (0, 3)
        now += timedelta(minutes=1)
    for message in messages:
        message = reload(message)
        assert message.attempts == 0 and message.given_up_at is None
        assert message.next_attempt_at == now
    assert mailer.count_waiting() == 3


def test_unreachable_tls_or_sign_in_counts_against_the_server_not_the_message(
    app, smtp, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_USE_TLS", True)  # the test server offers no STARTTLS
    message = queue()
    assert mailer.send_pending() == (0, 1)
    assert reload(message).attempts == 0


def test_a_server_closing_the_door_421_counts_against_the_server_not_the_message(smtp):
    busy = queue(recipient="busy@example.test", age=timedelta(minutes=2))
    later = queue(recipient="fine@example.test", age=timedelta(minutes=1))
    assert mailer.send_pending() == (0, 2)
    for message in (reload(busy), reload(later)):
        assert message.attempts == 0 and "421" in message.last_error


def test_a_refused_message_is_tried_with_growing_waits_and_given_up_only_after_the_days(
    app, smtp, caplog
):
    message = queue(recipient="refuse-me@example.test")
    start = now = utcnow()
    waits = []
    for _ in range(20):  # more refusals than the old limit of 8 attempts
        assert mailer.send_pending(now) == (0, 1)
        message = reload(message)
        waits.append((message.next_attempt_at - now) / timedelta(minutes=1))
        now = message.next_attempt_at
    assert waits == [1, 2, 4, 8, 16, 32] + [60] * 14
    assert message.attempts == 20 and message.given_up_at is None
    assert message.failing_since == start

    now = start + timedelta(days=3)
    assert mailer.send_pending(now) == (0, 1)
    message = reload(message)
    assert message.given_up_at == now and message.sent_at is None
    assert f"Outbox message {message.id} given up after failing since" in caplog.text
    assert "HR can send it again from Undelivered mail" in caplog.text
    assert mailer.send_pending(now + timedelta(days=365)) == (0, 0)
    assert mailer.count_waiting() == 0 and mailer.count_given_up() == 1
    assert len(smtp.envelopes) == 0


def test_a_server_down_for_longer_than_the_days_sets_the_messages_aside(app, mail_port, caplog):
    message = queue()
    start = utcnow()
    assert mailer.send_pending(start) == (0, 1)
    assert mailer.send_pending(start + timedelta(days=3) - timedelta(minutes=1)) == (0, 1)
    assert reload(message).given_up_at is None
    assert mailer.send_pending(start + timedelta(days=3)) == (0, 1)
    message = reload(message)
    assert message.given_up_at is not None and message.attempts == 0
    assert "given up" in caplog.text


def test_the_days_before_giving_up_are_a_setting(app, smtp, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_GIVE_UP_AFTER_DAYS", 1)
    message = queue(recipient="refuse-me@example.test")
    start = utcnow()
    assert mailer.send_pending(start) == (0, 1)
    assert mailer.send_pending(start + timedelta(days=1)) == (0, 1)
    assert reload(message).given_up_at is not None


def test_the_stored_error_never_holds_the_smtp_credentials(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_USERNAME", "portal-user")
    monkeypatch.setitem(app.config, "MAIL_PASSWORD", "hunter2-secret")
    error = OSError("535 login portal-user with hunter2-secret refused\n" + "x" * 500)
    text = mailer.short_error(error, app.config)
    assert "hunter2-secret" not in text and "portal-user" not in text
    assert "\n" not in text and len(text) <= mailer.ERROR_LENGTH


# -- flask send-mail ------------------------------------------------------------------------


def test_send_mail_sends_everything_due_and_says_how_it_went(smtp, runner):
    for n in range(3):
        queue(recipient=f"person{n}@example.test")
    result = runner.invoke(args=["send-mail", "--batch", "2"])
    assert result.exit_code == 0
    assert result.output == "Sent 3, failed 0, waiting 0.\n"
    assert len(smtp.envelopes) == 3


def test_send_mail_exits_0_when_messages_fail_and_counts_them_as_waiting(smtp, runner):
    queue(recipient="refuse-me@example.test")
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0
    assert result.output == "Sent 0, failed 1, waiting 1.\n"


def test_send_mail_says_when_the_mail_server_could_not_be_reached(mail_port, runner):
    queue()
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0
    assert result.output.startswith("Sent 0, failed 1, waiting 1.\n")
    assert "The mail server could not be reached (ConnectionRefusedError" in result.output


def test_send_mail_mentions_messages_it_has_given_up_on(app, smtp, runner, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_GIVE_UP_AFTER_DAYS", 0)
    queue(recipient="refuse-me@example.test")
    result = runner.invoke(args=["send-mail"])
    assert result.exit_code == 0
    assert "Sent 0, failed 1, waiting 0." in result.output
    assert (
        "1 could not be sent and were set aside; HR sees them under Undelivered mail and can "
        "send them again." in result.output
    )


# -- The console, in development --------------------------------------------------------------


def test_the_console_backend_prints_each_message_and_marks_it_sent(app, monkeypatch, capsys):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    message = queue()
    assert mailer.send_pending() == (1, 0)
    printed = capsys.readouterr().out
    assert "To: erin@example.test" in printed
    assert "Subject: Your leave request is approved" in printed
    assert "Hello Erin,\n\nYour leave request is approved." in printed
    assert reload(message).sent_at is not None


def test_send_mail_with_the_console_backend_prints_the_mail(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    queue()
    result = runner.invoke(args=["send-mail"])
    assert "To: erin@example.test" in result.output
    assert result.output.endswith("Sent 1, failed 0, waiting 0.\n")


def test_in_development_the_mail_a_request_wrote_is_printed_right_after_it(
    app, database_url_for_tests, capfd
):
    development = config_for(database_url_for_tests, TESTING=False, MAIL_BACKEND="console")
    from portal.app import create_app

    dev_app = create_app(development)

    def write_mail():  # stands in for a service that writes to the outbox and commits
        queue(recipient="hr-person@example.test", subject="New leave request from Erin")
        return "written"

    dev_app.add_url_rule("/write-mail", view_func=write_mail)
    try:
        with dev_app.app_context():
            assert dev_app.test_client().get("/write-mail").status_code == 200
            assert dev_app.test_client().get("/healthz").status_code == 200
        printed = capfd.readouterr().out
    finally:
        with dev_app.app_context():
            db.engine.dispose()
    assert printed.count("To: hr-person@example.test") == 1
    assert "Subject: New leave request from Erin" in printed
    assert mailer.count_waiting() == 0


def test_under_test_the_outbox_is_not_printed_after_requests(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "console")
    queue()
    client.get("/healthz")
    assert mailer.count_waiting() == 1


# -- Settings -------------------------------------------------------------------------------


def mail_settings(config_name: str, **environment) -> dict:
    """The mail settings a fresh process reads from this environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAIL_")}
    env.update(environment)
    code = (
        "import json, config\n"
        f"c = config.{config_name}\n"
        "print(json.dumps({k: getattr(c, k) for k in dir(c) if k.startswith('MAIL_')}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
        check=True,
    )
    return json.loads(done.stdout)


def test_development_prints_mail_until_a_mail_server_is_named():
    settings = mail_settings("Config")
    assert settings["MAIL_BACKEND"] == "console"
    assert settings["MAIL_PORT"] == 25
    assert settings["MAIL_USE_TLS"] is False and settings["MAIL_USE_SSL"] is False
    assert settings["MAIL_SENDER"] == "Parental leave portal <no-reply@example.com>"
    assert settings["MAIL_GIVE_UP_AFTER_DAYS"] == 3 and settings["MAIL_CLAIM_SECONDS"] == 300
    assert "MAIL_MAX_ATTEMPTS" not in settings  # retired: giving up is a matter of days
    named = mail_settings(
        "Config", MAIL_SERVER="smtp.example.com", MAIL_PORT="587", MAIL_USE_TLS="true",
        MAIL_USERNAME="portal", MAIL_PASSWORD="pw", MAIL_GIVE_UP_AFTER_DAYS="5",
        MAIL_CLAIM_SECONDS="120",
    )
    assert named["MAIL_BACKEND"] == "smtp" and named["MAIL_SERVER"] == "smtp.example.com"
    assert named["MAIL_PORT"] == 587 and named["MAIL_USE_TLS"] is True
    assert named["MAIL_USERNAME"] == "portal" and named["MAIL_GIVE_UP_AFTER_DAYS"] == 5
    assert named["MAIL_CLAIM_SECONDS"] == 120


def test_production_sends_over_smtp():
    assert mail_settings("ProductionConfig")["MAIL_BACKEND"] == "smtp"


def test_a_mail_port_that_is_not_a_number_is_a_clear_error():
    with pytest.raises(subprocess.CalledProcessError) as failure:
        mail_settings("Config", MAIL_PORT="twenty-five")
    assert "MAIL_PORT='twenty-five' is not a whole number." in failure.value.stderr
