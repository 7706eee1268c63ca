"""More than one machine: two app processes (gunicorn) and two mail senders share one database
and one Redis; a sign-in, a decision and its emails each happen once."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
import redis
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from portal.extensions import db
from portal.models import AuthSession, OutboxMessage, RequestEvent
from portal.services import requests
from tests.builders import PASSWORD, make_employee
from tests.web.test_mail import free_port, start_server
from tests.web.test_sign_in_limits import _redis_is_running

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
# A Redis database of this test's own, one per database the suite runs on: `make test` runs the
# SQLite and PostgreSQL passes side by side, and each empties its own.
LIMITS = {"sqlite": "redis://127.0.0.1:6379/13", "postgresql": "redis://127.0.0.1:6379/12"}

pytestmark = pytest.mark.skipif(not _redis_is_running(), reason="no Redis on 127.0.0.1:6379")


class Browser:
    """A cookie jar and CSRF-aware form posts, over plain HTTP to any of the processes."""

    def __init__(self) -> None:
        self.cookies = http.cookiejar.CookieJar()
        handlers = (urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect())
        self.opener = urllib.request.build_opener(*handlers)

    def open(self, url: str, form: dict | None = None) -> tuple[int, str]:
        data = urllib.parse.urlencode(form).encode() if form is not None else None
        try:
            with self.opener.open(url, data=data, timeout=20) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def token(self, url: str) -> str:
        _status, page = self.open(url)
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _limits(database_url: str) -> str:
    return LIMITS[make_url(database_url).get_backend_name()]


def _environment(database_url: str, mail_port: int) -> dict:
    return {
        **os.environ,
        "PORTAL_CONFIG": "development",
        "FLASK_APP": "wsgi",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "shared-by-every-process",
        "RATELIMIT_STORAGE_URI": _limits(database_url),
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_port),
        "PORTAL_BASE_URL": "http://portal.test",
    }


def _serve(environment: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/healthz", timeout=1)  # noqa: S310 (loopback)
            return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start")


@pytest.fixture
def two_apps(app, database_url_for_tests):
    redis.Redis.from_url(_limits(database_url_for_tests)).flushdb()  # starts empty
    controller, recorder = start_server(mail_port := free_port())
    environment = _environment(database_url_for_tests, mail_port)
    servers = [_serve(environment), _serve(environment)]
    try:
        yield [url for _process, url in servers], environment, recorder
    finally:
        for process, _url in servers:
            process.terminate()
            process.wait(timeout=10)
        controller.stop()


def _decide(browser: Browser, url: str, request_id: int, form: dict, results: list, barrier):
    barrier.wait()
    results.append(browser.open(f"{url}/hr/requests/{request_id}/approve", form)[0])


def test_a_sign_in_a_decision_and_its_emails_happen_once_across_two_processes(two_apps):
    (first, second), environment, recorder = two_apps
    make_employee(name="Hollis HR", email="hollis@example.test", is_hr=True)
    hr = make_employee(name="Harper HR", email="harper@example.test", is_hr=True)
    employee = make_employee(name="Erin Employee", email="erin@example.test")
    leave = requests.file_request(
        employee,
        requests.RequestInput(role="birthing", event="birth",
                              event_date=date.today() + timedelta(days=90)),
        "key-1", submit=True,
    )
    db.session.execute(OutboxMessage.__table__.delete())  # only the decision's mail counts
    db.session.commit()

    browser = Browser()
    status, _page = browser.open(f"{first}/login", {
        "csrf_token": browser.token(f"{first}/login"), "email": hr.email, "password": PASSWORD,
    })
    assert status == 302
    assert browser.open(f"{second}/hr/")[0] == 200  # the session lives in the database
    assert db.session.scalar(select(func.count()).select_from(AuthSession)) == 1

    form = {"csrf_token": browser.token(f"{first}/hr/requests/{leave.id}"),
            "version": str(leave.version)}
    results: list[int] = []
    barrier = threading.Barrier(2)
    deciders = [threading.Thread(target=_decide, args=(browser, url, leave.id, form, results,
                                                       barrier)) for url in (first, second)]
    for thread in deciders:
        thread.start()
    for thread in deciders:
        thread.join()
    assert sorted(results) == [302, 409]
    db.session.rollback()
    approvals = select(func.count()).select_from(RequestEvent).where(
        RequestEvent.request_id == leave.id, RequestEvent.action == "approve")
    assert db.session.scalar(approvals) == 1

    queued = db.session.scalar(select(func.count()).select_from(OutboxMessage))
    assert queued >= 1
    senders = [
        subprocess.Popen([str(BIN / "flask"), "send-mail"], cwd=ROOT, env=environment,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    for sender in senders:
        sender.wait(timeout=60)
    delivered = [tuple(envelope.rcpt_tos) for envelope in recorder.envelopes]
    assert len(delivered) == queued
    assert len(set(zip(delivered, (e.content for e in recorder.envelopes), strict=True))) == queued


def test_failed_sign_ins_are_counted_together_by_both_processes(two_apps):
    (first, second), _environment, _recorder = two_apps
    person = make_employee(email=f"shared-{time.time_ns()}@example.test")
    browser = Browser()
    codes = []
    for attempt in range(11):
        url = (first, second)[attempt % 2]
        codes.append(browser.open(f"{url}/login", {
            "csrf_token": browser.token(f"{url}/login"), "email": person.email,
            "password": "not the password",
        })[0])
    assert codes[:10] == [200] * 10
    assert codes[10] == 429
