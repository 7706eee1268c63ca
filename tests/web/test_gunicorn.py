"""The gunicorn configuration the README's production instructions use: its settings, and a
real gunicorn serving the portal with it."""

from __future__ import annotations

import importlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from gunicorn.config import Config as GunicornConfig

from config import TestConfig
from portal.app import create_app

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
NEWER_GUNICORN_ONLY = {"control_socket_disable"}  # gunicorn 25.1 and later


def load_settings(monkeypatch, **environment):
    for name in ("WEB_CONCURRENCY", "GUNICORN_BIND", "GUNICORN_TIMEOUT", "FORWARDED_ALLOW_IPS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    import portal.gunicorn_conf as settings

    return importlib.reload(settings)


def test_the_gunicorn_settings_are_sane_for_production(monkeypatch):
    settings = load_settings(monkeypatch)
    assert settings.bind == "127.0.0.1:8000"
    assert settings.worker_class == "sync"
    assert 3 <= settings.workers <= settings.MAX_DEFAULT_WORKERS
    assert settings.workers == min(2 * os.cpu_count() + 1, settings.MAX_DEFAULT_WORKERS)
    # A page facing a hung database answers long before gunicorn would kill its worker.
    worst_page = (TestConfig.DATABASE_CONNECT_TIMEOUT_SECONDS
                  + TestConfig.DATABASE_STATEMENT_TIMEOUT_MS / 1000)
    assert settings.timeout >= 3 * worst_page
    assert settings.graceful_timeout >= 10
    assert settings.control_socket_disable is True
    assert settings.forwarded_allow_ips == "127.0.0.1,::1"
    assert "%({x-request-id}o)s" in settings.access_log_format
    assert settings.accesslog == "-"


def test_each_gunicorn_setting_is_one_the_installed_gunicorn_knows(monkeypatch):
    settings = load_settings(monkeypatch)
    known = GunicornConfig().settings
    ours = {name for name in vars(settings) if name.islower() and not name.startswith("_")}
    ours -= {"annotations", "glogging", "multiprocessing", "os", "re", "without_secrets"}
    ours -= NEWER_GUNICORN_ONLY - set(known)  # ignored by the versions before them
    assert ours <= set(known), ours - set(known)


def test_the_environment_sets_workers_address_and_timeout(monkeypatch):
    settings = load_settings(monkeypatch, WEB_CONCURRENCY="5", GUNICORN_BIND="0.0.0.0:9000",
                             GUNICORN_TIMEOUT="45")
    assert (settings.workers, settings.bind, settings.timeout) == (5, "0.0.0.0:9000", 45)


def test_the_access_log_hides_the_secret_in_every_address_that_carries_one(monkeypatch):
    settings = load_settings(monkeypatch)
    app = create_app(TestConfig)
    with app.test_request_context():
        carrying = [rule for rule in app.url_map.iter_rules() if "token" in rule.arguments]
    assert carrying, "no route takes a token: the redaction has nothing to do"
    for rule in carrying:
        path = re.sub(r"<(?:[^:<>]+:)?token>", "SECRET-123", rule.rule)
        path = re.sub(r"<[^<>]+>", "1", path)
        line = settings.without_secrets(f"GET {path}?x=1 HTTP/1.1")
        assert "SECRET-123" not in line, rule.rule
    assert settings.without_secrets("GET /hr/people?q=ann HTTP/1.1") == (
        "GET /hr/people?q=ann HTTP/1.1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, deadline: float):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  (loopback)
                return response.status, dict(response.headers), response.read()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed in this environment")
def test_gunicorn_serves_the_portal_with_this_configuration(tmp_path):
    port = free_port()
    environment = {
        **os.environ,
        "PORTAL_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "HOME": str(tmp_path),  # where an unwanted control socket would appear
        "XDG_RUNTIME_DIR": str(tmp_path),
    }
    environment.pop("TEST_DATABASE_URL", None)
    server = subprocess.Popen(
        [str(GUNICORN), "-c", "python:portal.gunicorn_conf", "wsgi:app"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        status, headers, body = fetch(f"http://127.0.0.1:{port}/healthz", time.monotonic() + 30)
    finally:
        server.terminate()
        log, _ = server.communicate(timeout=30)
    assert status == 200, log
    assert b'"database":"ok"' in body.replace(b" ", b"")
    request_id = headers["X-Request-ID"]
    assert re.search(rf'"GET /healthz HTTP/1.1" 200 .* request_id={request_id}\b', log), log
    assert "Booting worker" in log and log.count("Booting worker") == 2
    assert not list(tmp_path.rglob("*.ctl")), "gunicorn opened a control socket"
    assert server.returncode == 0, log
