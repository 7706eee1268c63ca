"""Delivering webhooks to a real HTTP receiver on loopback that checks every signature with the
`standardwebhooks` package: signed once per attempt, retried with growing waits, cut off when
slow, given up and sent again, each delivered once by several workers, and the address checked
again at delivery time."""

from __future__ import annotations

import json
import os
import ssl
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import select
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from portal.extensions import db
from portal.models import WebhookDelivery, utcnow
from portal.services.webhooks import delivery, endpoints, signing
from portal.services.webhooks.events import queue_event
from tests.builders import make_employee
from tests.web.test_mail import ROOT

WAIT = 30


class Receiver:
    """A threaded HTTP server on 127.0.0.1 that verifies each POST with standardwebhooks
    against the secrets it was given (401 when none verifies), records what came, and answers
    from `answers` in turn: a status code, ("sleep", seconds) before a 204, or ("drip",
    seconds) for a body sent a byte at a time; then 204."""

    def __init__(self) -> None:
        self.secrets: list[str] = []
        self.answers: list = []
        self.received: list[dict] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {key.lower(): value for key, value in self.headers.items()}
                verified_by = [
                    secret for secret in list(receiver.secrets)
                    if receiver.verifies(secret, body, headers)
                ]
                with receiver.lock:
                    answer = receiver.answers.pop(0) if receiver.answers else 204
                    receiver.received.append({
                        "path": self.path, "headers": headers, "body": body.decode(),
                        "verified_by": verified_by,
                    })
                if isinstance(answer, tuple) and answer[0] == "drip":
                    self.drip(answer[1])
                    return
                if isinstance(answer, tuple):
                    time.sleep(answer[1])
                    answer = 204
                if not verified_by:
                    answer = 401
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def drip(self, seconds: float) -> None:
                """A 200 whose body comes a byte at a time, never quite finished."""
                self.send_response(200)
                self.send_header("Content-Length", "1000")
                self.end_headers()
                deadline = time.monotonic() + seconds
                try:
                    while time.monotonic() < deadline:
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.2)
                except OSError:
                    pass

            def log_message(self, *_args) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> Receiver:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def verifies(secret: str, body: bytes, headers: dict) -> bool:
        try:
            Webhook(secret).verify(body, headers)
        except WebhookVerificationError:
            return False
        return True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/leave?source=portal"

    def payloads(self) -> list[dict]:
        return [json.loads(item["body"]) for item in self.received]


@pytest.fixture
def receiver(app):
    made = Receiver().start()
    yield made
    made.stop()


@pytest.fixture
def hr(app):
    return make_employee(email="hr@example.test", name="Harper HR", is_hr=True)


def register(hr, receiver, events=("leave.approved",), url=None):
    endpoint, secret = endpoints.create_endpoint(hr, url or receiver.url, "Payroll", list(events))
    receiver.secrets.append(secret)
    return endpoint, secret


def queue(event_type="leave.approved", data=None) -> str:
    event_id = queue_event(event_type, data or {"request_id": 1})
    db.session.commit()
    return event_id


def deliveries() -> list[WebhookDelivery]:
    db.session.expire_all()
    return list(db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_delivery_is_signed_so_that_standardwebhooks_verifies_it(hr, receiver):
    endpoint, secret = register(hr, receiver)
    event_id = queue(data={"request_id": 7})
    assert delivery.deliver_everything_due() == delivery.Run(1, 0)
    (got,) = receiver.received
    assert got["verified_by"] == [secret]
    assert got["path"] == "/hooks/leave?source=portal"
    assert got["headers"]["webhook-id"] == event_id
    assert got["headers"]["content-type"] == "application/json"
    assert abs(int(got["headers"]["webhook-timestamp"]) - time.time()) < 30
    assert got["headers"]["webhook-signature"].startswith("v1,")
    payload = json.loads(got["body"])
    assert payload["type"] == "leave.approved" and payload["data"] == {"request_id": 7}
    (done,) = deliveries()
    assert done.delivered_at is not None and done.last_status == 204 and done.attempts == 1
    assert done.claimed_by is None


def test_the_signature_is_hmac_sha256_of_id_timestamp_and_body_with_the_decoded_secret():
    secret = signing.new_secret()
    assert secret.startswith("whsec_")
    ours = signing.signature(secret, "msg_1", 1700000000, '{"a":1}')
    theirs = Webhook(secret).sign("msg_1", datetime.fromtimestamp(1700000000, tz=UTC), '{"a":1}')
    assert ours == theirs


def test_the_secret_is_stored_encrypted_and_a_changed_secret_key_fails_in_words(
    hr, receiver, app, monkeypatch
):
    endpoint, secret = register(hr, receiver)
    assert secret not in endpoint.secret and secret[6:] not in endpoint.secret
    queue()
    monkeypatch.setitem(app.config, "SECRET_KEY", "another-key")
    assert delivery.deliver_everything_due() == delivery.Run(0, 1)
    assert receiver.received == []
    (failed,) = deliveries()
    assert "SECRET_KEY has changed" in failed.last_error
    assert endpoints.endpoint_rows()[0].secret_readable is False


def test_a_receiver_that_fails_first_gets_the_same_event_again_after_a_growing_wait(
    hr, receiver
):
    register(hr, receiver)
    receiver.answers = [500, 503, 502]
    event_id = queue()
    waits = []
    for attempt in (1, 2, 3):
        before = utcnow()
        assert delivery.deliver_everything_due(now=before + sum(waits, timedelta())) \
            == delivery.Run(0, 1)
        (item,) = deliveries()
        assert item.attempts == attempt and item.delivered_at is None
        assert item.last_status in (500, 503, 502) and "HTTP" in item.last_error
        waits.append(item.next_attempt_at - item.last_attempt_at)
        # Not due yet: nothing is sent.
        assert delivery.deliver_everything_due(now=item.last_attempt_at) == delivery.Run(0, 0)
    assert waits == [timedelta(minutes=1), timedelta(minutes=2), timedelta(minutes=4)]
    later = utcnow() + timedelta(minutes=10)
    assert delivery.deliver_everything_due(now=later) == delivery.Run(1, 0)
    assert [got["headers"]["webhook-id"] for got in receiver.received] == [event_id] * 4
    assert all(got["verified_by"] for got in receiver.received)
    (item,) = deliveries()
    assert item.delivered_at is not None and item.failing_since is None and item.last_error == ""


def test_the_wait_grows_to_six_hours_and_no_further():
    assert [delivery.retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 4)] == [1, 2, 4, 8]
    assert delivery.retry_delay(10) == delivery.retry_delay(1000) == timedelta(hours=6)


def test_a_receiver_too_slow_to_answer_is_cut_off_and_its_other_events_wait_without_a_call(
    hr, receiver, app, monkeypatch
):
    monkeypatch.setitem(app.config, "WEBHOOK_TIMEOUT_SECONDS", 1)
    register(hr, receiver)
    receiver.answers = [("sleep", 3)]
    queue()
    queue()
    started = time.monotonic()
    assert delivery.deliver_everything_due() == delivery.Run(0, 2)
    assert time.monotonic() - started < 3  # not the 3 s the receiver would have taken
    assert len(receiver.received) == 1  # the second was not tried against a silent endpoint
    first, second = deliveries()
    assert first.last_error == "No answer within 1 second."
    assert "could not be reached a moment ago" in second.last_error
    assert first.attempts == second.attempts == 1
    assert first.next_attempt_at > utcnow()


def test_a_receiver_answering_drop_by_drop_is_cut_off_when_the_whole_exchange_runs_late(
    hr, receiver, app, monkeypatch
):
    monkeypatch.setitem(app.config, "WEBHOOK_TIMEOUT_SECONDS", 1)
    register(hr, receiver)
    receiver.answers = [("drip", 4)]
    queue()
    started = time.monotonic()
    assert delivery.deliver_everything_due() == delivery.Run(0, 1)
    assert time.monotonic() - started < 3.5
    assert deliveries()[0].last_error == "No answer within 1 second."


def test_an_endpoint_where_nothing_listens_is_recorded_and_tried_later(hr, receiver):
    register(hr, receiver, url="http://127.0.0.1:9/hooks")
    queue()
    assert delivery.deliver_everything_due() == delivery.Run(0, 1)
    (item,) = deliveries()
    assert item.last_error == "Nothing answered at this address (the connection was refused)."
    assert item.last_status is None and item.next_attempt_at > utcnow()


def test_a_redirect_is_not_followed(hr, receiver):
    register(hr, receiver)
    receiver.answers = [301]
    queue()
    delivery.deliver_everything_due()
    (item,) = deliveries()
    assert item.last_error == "The endpoint answered HTTP 301 (redirects are not followed)."


def test_a_delivery_failing_for_three_days_is_given_up_and_hr_can_send_it_again(
    hr, receiver
):
    register(hr, receiver)
    receiver.answers = [500]
    queue()
    item = deliveries()[0]
    item.failing_since = utcnow() - timedelta(days=3, minutes=1)
    db.session.commit()
    delivery.deliver_everything_due()
    (item,) = deliveries()
    assert item.given_up_at is not None
    assert delivery.deliver_everything_due(now=utcnow() + timedelta(days=1)) == delivery.Run()
    delivery.send_again(item.id)
    assert delivery.deliver_everything_due() == delivery.Run(1, 0)
    assert deliveries()[0].delivered_at is not None


def test_an_endpoint_turned_off_holds_its_deliveries_until_it_is_on_again(hr, receiver):
    endpoint, _secret = register(hr, receiver)
    queue()
    endpoints.set_active(endpoint, False)
    assert delivery.deliver_everything_due() == delivery.Run()
    assert queue_event("leave.approved", {"request_id": 2}) is None  # no one listens now
    endpoints.set_active(endpoint, True)
    assert delivery.deliver_everything_due() == delivery.Run(1, 0)


def test_after_a_rotation_both_secrets_sign_for_a_day_unless_stopped_at_once(hr, receiver):
    endpoint, old = register(hr, receiver)
    new = endpoints.rotate_secret(endpoint)
    receiver.secrets = [old, new]
    queue()
    delivery.deliver_everything_due()
    assert receiver.received[-1]["verified_by"] == [old, new]
    assert len(receiver.received[-1]["headers"]["webhook-signature"].split(" ")) == 2

    newest = endpoints.rotate_secret(endpoint, at_once=True)
    receiver.secrets = [old, new, newest]
    queue()
    delivery.deliver_everything_due()
    assert receiver.received[-1]["verified_by"] == [newest]


def test_a_name_that_now_points_inside_the_network_is_refused_at_delivery(
    hr, receiver, app, monkeypatch
):
    """DNS rebinding: registered while allowed, the name is checked again before sending."""
    port = receiver.server.server_address[1]
    register(hr, receiver, url=f"http://localhost:{port}/hooks")
    queue()
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
    assert delivery.deliver_everything_due() == delivery.Run(0, 1)
    assert receiver.received == []
    (item,) = deliveries()
    assert "localhost (which points at" in item.last_error
    assert "public internet" in item.last_error


def test_two_workers_at_once_deliver_every_event_exactly_once(app, hr, receiver):
    register(hr, receiver)
    sent = [queue_event("leave.approved", {"request_id": n}) for n in range(30)]
    db.session.commit()
    ready, failures = threading.Barrier(2), []

    def worker() -> None:
        try:
            with app.app_context():
                ready.wait()
                delivery.deliver_everything_due(batch=4)
        except Exception as error:  # reported below
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT)
    assert failures == []
    assert Counter(got["headers"]["webhook-id"] for got in receiver.received) == Counter(sent)
    assert all(item.delivered_at and item.claimed_by is None for item in deliveries())


def test_a_deleted_endpoint_mid_batch_loses_nothing_else(hr, receiver):
    endpoint, _secret = register(hr, receiver)
    queue()
    endpoints.delete_endpoint(endpoint)
    assert delivery.deliver_everything_due() == delivery.Run()
    assert deliveries() == []


def test_flask_send_webhooks_delivers_and_says_how_many(hr, receiver, runner):
    register(hr, receiver)
    queue()
    result = runner.invoke(args=["send-webhooks"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Delivered 1, failed 0, waiting 0."
    assert len(receiver.received) == 1


def test_on_postgresql_a_worker_passes_over_deliveries_another_is_claiming(app, hr, receiver):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite has one writer at a time")
    register(hr, receiver)
    held, free = queue(data={"request_id": 1}), queue(data={"request_id": 2})
    held_id = next(item.id for item in deliveries() if item.event_id == held)
    results = []

    def worker() -> None:
        with app.app_context():
            results.append(delivery.deliver_everything_due())

    with db.engine.connect() as other_worker:
        other_worker.execute(
            select(WebhookDelivery.id).where(WebhookDelivery.id == held_id).with_for_update()
        )
        thread = threading.Thread(target=worker)
        thread.start()
        thread.join(5)
        waited = thread.is_alive()
        other_worker.rollback()
        thread.join(WAIT)
    assert not waited, "the worker waited for the delivery another worker holds"
    assert results == [delivery.Run(1, 0)]
    assert [got["headers"]["webhook-id"] for got in receiver.received] == [free]


def test_two_send_webhooks_processes_at_once_deliver_every_event_exactly_once(
    app, hr, receiver, database_url_for_tests
):
    register(hr, receiver)
    sent = [queue_event("leave.approved", {"request_id": n}) for n in range(40)]
    db.session.commit()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("WEBHOOK", "PORTAL_", "FLASK_", "DATABASE_URL", "SECRET_KEY"))}
    env.update(FLASK_APP="wsgi", PORTAL_CONFIG="development", SECRET_KEY=app.config["SECRET_KEY"],
               DATABASE_URL=database_url_for_tests, WEBHOOKS_ALLOW_PRIVATE_ADDRESSES="1")
    workers = [
        subprocess.Popen([sys.executable, "-m", "flask", "send-webhooks", "--batch", "5"],
                         cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
        for _ in range(2)
    ]
    outputs = [worker.communicate(timeout=3 * WAIT) for worker in workers]  # a loaded machine
    assert [worker.returncode for worker in workers] == [0, 0], outputs
    assert Counter(got["headers"]["webhook-id"] for got in receiver.received) == Counter(sent)
    assert all(got["verified_by"] for got in receiver.received)
    assert all(item.delivered_at and item.claimed_by is None for item in deliveries())


def self_signed(tmp_path, name: str = "localhost") -> tuple[str, str]:
    """A certificate for `name` and its key, as PEM files; the certificate is its own CA."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return str(cert_path), str(key_path)


@pytest.fixture
def tls_receiver(app, tmp_path):
    cert, key = self_signed(tmp_path)
    made = Receiver()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    made.server.socket = context.wrap_socket(made.server.socket, server_side=True)
    made.cert = cert
    made.start()
    yield made
    made.stop()


def test_an_https_endpoint_is_reached_at_the_checked_address_with_its_certificate_checked(
    hr, tls_receiver, monkeypatch
):
    port = tls_receiver.server.server_address[1]
    register(hr, tls_receiver, url=f"https://localhost:{port}/hooks")
    queue()
    assert delivery.deliver_everything_due() == delivery.Run(0, 1)  # not a trusted certificate
    (item,) = deliveries()
    assert item.last_error.startswith("The endpoint's certificate could not be verified")
    assert tls_receiver.received == []

    monkeypatch.setenv("SSL_CERT_FILE", tls_receiver.cert)  # now it is trusted
    assert delivery.deliver_everything_due(now=utcnow() + timedelta(minutes=2)) \
        == delivery.Run(1, 0)
    (got,) = tls_receiver.received
    assert got["verified_by"] and got["headers"]["host"] == f"localhost:{port}"
