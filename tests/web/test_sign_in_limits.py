"""Ten failed sign-ins for one account within fifteen minutes, then HTTP 429."""

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from portal.views.auth import TOO_MANY_ATTEMPTS
from tests.builders import make_employee, sign_in

ROOT = Path(__file__).resolve().parents[2]


def _fail(client, email, times):
    return [sign_in(client, email, "wrong password").status_code for _ in range(times)]


def test_the_eleventh_failed_sign_in_gets_429_with_a_plain_message(app, client):
    make_employee(email="ada@example.test")
    assert _fail(client, "ada@example.test", 10) == [200] * 10
    response = sign_in(client, "ada@example.test", "wrong password")
    assert response.status_code == 429
    assert TOO_MANY_ATTEMPTS in response.get_data(as_text=True)


def test_once_limited_even_the_right_password_waits(app, client):
    make_employee(email="ada@example.test")
    _fail(client, "ada@example.test", 10)
    assert sign_in(client, "Ada@Example.test").status_code == 429


def test_successful_sign_ins_do_not_count_and_other_accounts_are_not_limited(app, client):
    make_employee(email="ada@example.test")
    make_employee(email="grace@example.test")
    _fail(client, "ada@example.test", 9)
    assert sign_in(client, "ada@example.test").status_code == 302
    client.post("/logout")
    _fail(client, "ada@example.test", 1)
    assert sign_in(client, "grace@example.test").status_code == 302


def _redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


PROCESS = """
import sys
from config import TestConfig
from portal.app import create_app
from portal.extensions import db, limiter
from tests.builders import make_employee, sign_in

config = type("C", (TestConfig,), {
    "SQLALCHEMY_DATABASE_URI": sys.argv[1], "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15"})
app = create_app(config)
with app.app_context():
    if sys.argv[2] == "fail":
        db.create_all()
        make_employee(email="ada-redis@example.test")
        limiter.reset()
        codes = [sign_in(app.test_client(), "ada-redis@example.test", "nope").status_code
                 for _ in range(10)]
    else:
        codes = [sign_in(app.test_client(), "ada-redis@example.test").status_code]
print(codes[-1])
"""


@pytest.mark.skipif(not _redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_the_limit_is_shared_between_processes_through_redis(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"

    def run(step: str) -> str:
        result = subprocess.run(
            [sys.executable, "-c", PROCESS, url, step],
            capture_output=True, text=True, timeout=60, cwd=ROOT, check=True,
        )
        return result.stdout.strip()

    assert run("fail") == "200"
    assert run("sign-in") == "429"
