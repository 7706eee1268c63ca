"""Delivering webhooks: claimed from the database as mail is (portal.services.mailer: any
number of workers on any number of machines send each delivery once), signed, POSTed to the
endpoint's checked address, retried with exponential back-off, and set aside for HR after
WEBHOOK_GIVE_UP_AFTER_DAYS of failures ("send again" on the Webhooks page).

Back-off: 1, 2, 4 … minutes after each failure, at most 6 hours. Success is any 2xx answer
within WEBHOOK_TIMEOUT_SECONDS (the whole exchange, not each wait); redirects are not followed.
Before each delivery the host name is resolved again and checked (DNS rebinding), and the
connection goes to that very address.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import joinedload

from portal.domain.webhook_addresses import AddressRefused, IPAddress, Target
from portal.extensions import db
from portal.models import INTEGER_MAX, WebhookDelivery, WebhookEndpoint, utcnow
from portal.services import outbox
from portal.services.webhooks import signing
from portal.services.webhooks.targets import checked_target

FIRST_RETRY = timedelta(minutes=1)
LONGEST_RETRY = timedelta(hours=6)
ERROR_LENGTH = 200
READ_AT_MOST = 64 * 1024  # of an answer's body, which is read and thrown away
USER_AGENT = "parental-leave-portal-webhooks/1"


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the n-th failed attempt: 1, 2, 4 … minutes, at most 6 hours."""
    return min(FIRST_RETRY * 2 ** min(max(attempts - 1, 0), 20), LONGEST_RETRY)


@dataclass(frozen=True)
class Run:
    delivered: int = 0
    failed: int = 0

    def __add__(self, other: Run) -> Run:
        return Run(self.delivered + other.delivered, self.failed + other.failed)


class Failure(Exception):
    """A delivery that did not work: why, in one line; the HTTP status if the endpoint answered;
    whether the endpoint could not be reached at all (then the batch spares it the rest)."""

    def __init__(self, message: str, status: int | None = None, *, unreachable: bool = False
                 ) -> None:
        super().__init__(message)
        self.status = status
        self.unreachable = unreachable


@dataclass(frozen=True)
class Job:
    """What sending one delivery needs, read before the first result is committed."""

    id: int
    endpoint_id: int
    event_id: str
    event_type: str
    body: str
    attempts: int
    failing_since: datetime | None
    url: str
    secret: str
    previous_secret: str | None
    previous_secret_until: datetime | None

    @classmethod
    def of(cls, delivery: WebhookDelivery) -> Job:
        endpoint = delivery.endpoint
        return cls(
            delivery.id, delivery.endpoint_id, delivery.event_id, delivery.event_type,
            delivery.body, delivery.attempts, delivery.failing_since, endpoint.url,
            endpoint.secret, endpoint.previous_secret, endpoint.previous_secret_until,
        )


# -- Sending one ------------------------------------------------------------------------------


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to by now."""

    def __init__(self, host: str, port: int, address: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((str(self.address), self.port), self.timeout)
        self.opened = self.sock


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: IPAddress, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((str(self.address), self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.opened = self.sock


class _Watchdog:
    """Cuts the connection off when the whole exchange has taken `timeout` seconds."""

    def __init__(self, connection: http.client.HTTPConnection, timeout: float) -> None:
        self.connection = connection
        self.fired = False
        self.timer = threading.Timer(timeout, self._cut_off)
        self.timer.daemon = True

    def _cut_off(self) -> None:
        self.fired = True
        # Not `connection.sock`: the connection lets go of it once an answer that closes the
        # connection has begun, while the answer is still being read from it.
        sock = getattr(self.connection, "opened", None)
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


def post(target: Target, address: IPAddress, path: str, headers: dict[str, str], body: bytes,
         timeout: float) -> int:
    """POST the body to the checked address and return the HTTP status. The whole exchange
    must end within `timeout` seconds (TimeoutError): a receiver that answers drop by drop
    is cut off too."""
    kind = _PinnedHTTPSConnection if target.scheme == "https" else _PinnedHTTPConnection
    connection = kind(target.host, target.port, address, timeout)
    watchdog = _Watchdog(connection, timeout)
    watchdog.timer.start()
    try:
        connection.request("POST", path, body=body, headers=headers)
        response = connection.getresponse()
        response.read(READ_AT_MOST)  # a cut-off read ends early, without an error
        if watchdog.fired:
            raise TimeoutError
        return response.status
    except (OSError, http.client.HTTPException):
        if watchdog.fired:
            raise TimeoutError from None
        raise
    finally:
        watchdog.timer.cancel()
        connection.close()


def _path_of(url: str) -> str:
    parts = urlsplit(url.strip())
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _secrets_in_use(job: Job, now: datetime, secret_key: str) -> list[str]:
    secrets_now = [signing.unseal(job.secret, secret_key)]
    until = job.previous_secret_until
    if job.previous_secret and until is not None and until > now:
        with contextlib.suppress(signing.UnreadableSecret):  # the new secret still signs
            secrets_now.append(signing.unseal(job.previous_secret, secret_key))
    return secrets_now


def headers_for(job: Job, timestamp: int, secret_key: str, now: datetime) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "webhook-id": job.event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signing.signature_header(
            _secrets_in_use(job, now, secret_key), job.event_id, timestamp, job.body
        ),
    }


def send_one(job: Job, config) -> int:
    """Sign and send one delivery; its HTTP status on a 2xx, else Failure. The address is
    checked now, and the connection goes to the address checked."""
    now = utcnow()
    try:
        headers = headers_for(job, int(now.timestamp()), config["SECRET_KEY"], now)
        target, addresses = checked_target(job.url, config)
    except (signing.UnreadableSecret, AddressRefused) as refused:
        raise Failure(str(refused)) from None
    timeout = float(config["WEBHOOK_TIMEOUT_SECONDS"])
    body = job.body.encode()
    last: Exception | None = None
    for address in addresses:  # the first address that takes the connection
        try:
            status = post(target, address, _path_of(job.url), headers, body, timeout)
        except TimeoutError:
            seconds = f"{timeout:g} second" + ("" if timeout == 1 else "s")
            raise Failure(f"No answer within {seconds}.", unreachable=True) from None
        except (ConnectionRefusedError, ConnectionAbortedError) as error:
            last = error
            continue
        except (OSError, http.client.HTTPException) as error:
            raise Failure(_short(error), unreachable=True) from None
        if 200 <= status < 300:
            return status
        moved = " (redirects are not followed)" if 300 <= status < 400 else ""
        raise Failure(f"The endpoint answered HTTP {status}{moved}.", status)
    why = _short(last) if last else "The endpoint could not be reached."
    raise Failure(why, unreachable=True)


def _short(error: Exception) -> str:
    """What went wrong, in one line a person can read."""
    if isinstance(error, ConnectionRefusedError):
        return "Nothing answered at this address (the connection was refused)."
    if isinstance(error, ssl.SSLCertVerificationError):
        text = f"The endpoint's certificate could not be verified: {error.verify_message}."
    elif isinstance(error, ssl.SSLError):
        text = f"The encrypted connection failed: {error.reason or error}."
    elif isinstance(error, ConnectionResetError | http.client.RemoteDisconnected):
        text = "The endpoint closed the connection without answering."
    else:
        text = f"The endpoint could not be reached ({type(error).__name__}: {error})."
    return text.replace("\n", " ")[:ERROR_LENGTH]


# -- Claims -----------------------------------------------------------------------------------


def _due(now: datetime) -> tuple:
    return (
        WebhookDelivery.delivered_at.is_(None),
        WebhookDelivery.given_up_at.is_(None),
        WebhookDelivery.next_attempt_at <= now,
        WebhookDelivery.endpoint_id.in_(
            select(WebhookEndpoint.id).where(WebhookEndpoint.active).scalar_subquery()
        ),
    )


def claim(now: datetime, limit: int, config) -> tuple[str, list[WebhookDelivery]]:
    """Claim up to `limit` due deliveries of active endpoints, oldest first, and commit,
    exactly as the mailer claims mail (portal.services.outbox.claim)."""
    return outbox.claim(WebhookDelivery, _due(now), now, limit, config["WEBHOOK_CLAIM_SECONDS"],
                        joinedload(WebhookDelivery.endpoint))


def _record(delivery_id: int, name: str, **values) -> None:
    """Write one result, and clear the claim, if the claim is still this batch's (and the
    endpoint was not deleted meanwhile)."""
    db.session.rollback()  # nothing of the ORM objects is written: only this UPDATE
    db.session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.claimed_by == name)
        .values(claimed_by=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def _failure_values(job: Job, failure: Failure, now: datetime, config) -> dict:
    attempts = job.attempts + 1
    failing_since = job.failing_since or now
    values = dict(
        attempts=attempts, last_attempt_at=now, last_status=failure.status,
        last_error=str(failure)[:ERROR_LENGTH], failing_since=failing_since,
        next_attempt_at=now + retry_delay(attempts),
    )
    if now - failing_since >= timedelta(days=int(config["WEBHOOK_GIVE_UP_AFTER_DAYS"])):
        values["given_up_at"] = now
        current_app.logger.warning(
            "Webhook delivery %s (%s to endpoint %s) given up after %s attempts: %s. HR can "
            "send it again from the Webhooks page.",
            job.id, job.event_type, job.endpoint_id, attempts, failure,
        )
    return values


# -- Batches ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    run: Run
    claimed: int
    finished: bool


def deliver_batch(now: datetime, limit: int) -> Batch:
    """Claim up to `limit` due deliveries and send them, each result committed on its own.
    An endpoint that cannot be reached fails the rest of its deliveries in this batch without
    a call each (they wait their back-off like the first); near the end of the claim no new
    delivery is started and the rest are given back."""
    config = current_app.config
    name, deliveries = claim(now, limit, config)
    if not deliveries:
        return Batch(Run(), 0, True)
    jobs = [Job.of(delivery) for delivery in deliveries]
    timeout = float(config["WEBHOOK_TIMEOUT_SECONDS"])
    claim_seconds = float(config["WEBHOOK_CLAIM_SECONDS"])
    stop_starting_at = time.monotonic() + claim_seconds - min(claim_seconds / 2, 3 * timeout)
    waiting = [job.id for job in jobs]
    unreachable: dict[int, str] = {}
    delivered = failed = 0
    try:
        for job in jobs:
            if time.monotonic() >= stop_starting_at:
                break
            moment = utcnow()
            try:
                if job.endpoint_id in unreachable:
                    raise Failure(unreachable[job.endpoint_id], unreachable=True)
                status = send_one(job, config)
            except Failure as failure:
                if failure.unreachable and job.endpoint_id not in unreachable:
                    unreachable[job.endpoint_id] = (
                        f"Not sent: the endpoint could not be reached a moment ago ({failure})"
                    )
                _record(waiting.pop(0), name, **_failure_values(job, failure, moment, config))
                failed += 1
            else:
                _record(waiting.pop(0), name, attempts=job.attempts + 1,
                        last_attempt_at=moment, last_status=status, last_error="",
                        delivered_at=utcnow(), failing_since=None)
                delivered += 1
    finally:
        outbox.give_back(WebhookDelivery, name, waiting)
    return Batch(Run(delivered, failed), len(jobs), not waiting)


def deliver_everything_due(now: datetime | None = None, batch: int = 50,
                           stopped: Callable[[], bool] = lambda: False) -> Run:
    """Batch after batch until nothing due is left or `stopped()` says so."""
    run = Run()
    while not stopped():
        done = deliver_batch(now or utcnow(), batch)
        run += done.run
        if done.claimed < batch or not done.finished:
            break
    return run


def deliver_until_stopped(stop: threading.Event, interval: float, batch: int = 50,
                          report: Callable[[Run], None] = lambda run: None) -> Run:
    """The long-lived worker: everything due, then a pause, until `stop` is set
    (portal.services.outbox.work_until_stopped)."""
    return outbox.work_until_stopped(
        stop, interval, lambda stopped: deliver_everything_due(batch=batch, stopped=stopped),
        Run(), report, "webhook sender")


# -- HR's list --------------------------------------------------------------------------------

RECENT_PER_PAGE = 50


def recent(page: int = 1, endpoint_id: int | None = None, per_page: int = RECENT_PER_PAGE):
    """The latest deliveries first, of one endpoint or all."""
    statement = select(WebhookDelivery).options(joinedload(WebhookDelivery.endpoint))
    if endpoint_id is not None:
        statement = statement.where(WebhookDelivery.endpoint_id == endpoint_id)
    statement = statement.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    return db.paginate(statement, page=page, per_page=per_page, error_out=False, count=True)


def count_waiting() -> int:
    return db.session.scalar(
        select(func.count()).select_from(WebhookDelivery).where(
            WebhookDelivery.delivered_at.is_(None), WebhookDelivery.given_up_at.is_(None)
        )
    )


def send_again(delivery_id: int, now: datetime | None = None) -> WebhookDelivery | None:
    """HR: send this delivery again at the worker's next round, with the same webhook-id (a
    receiver that has it already can ignore it), fresh back-off and give-up clock."""
    if not 0 < delivery_id <= INTEGER_MAX:
        return None
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:
        return None
    delivery.delivered_at = delivery.given_up_at = delivery.failing_since = None
    delivery.attempts = 0
    delivery.next_attempt_at = now or utcnow()
    db.session.commit()
    return delivery
