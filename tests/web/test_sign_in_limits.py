"""Failed sign-ins are limited per account and address, per address, and (slowing, not locking)
per account; only form posts are read; without Redis the limits are kept in each process."""

import json
import re
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from portal.views.auth import KNOWN_DEVICE_COOKIE, TOO_MANY_ATTEMPTS
from tests.builders import PASSWORD, make_employee
from tests.web.test_invitations import NEW_PASSWORD, choose, invite

ROOT = Path(__file__).resolve().parents[2]
OWNERS_ADDRESS = "192.0.2.10"


def attempt(client, email, password=PASSWORD, address=OWNERS_ADDRESS):
    return client.post(
        "/login", data={"email": email, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def fail(client, email, times, address=OWNERS_ADDRESS):
    return [attempt(client, email, "wrong password", address).status_code for _ in range(times)]


def retry_after(response) -> int:
    return int(response.headers["Retry-After"])


def message_of(response) -> str:
    return re.search(r"<h1[^>]*>.*?</h1>\s*<p>(.*?)</p>", response.get_data(as_text=True), re.S)[1]


# -- One account from one address: 10 failures in 15 minutes ----------------------------------


def test_the_eleventh_failure_gets_429_with_retry_after_whether_or_not_the_account_exists(
    app, client
):
    make_employee(email="ada@example.test")
    assert fail(client, "ada@example.test", 10, "203.0.113.1") == [200] * 10
    assert fail(client, "nobody@example.test", 10, "203.0.113.2") == [200] * 10
    known = attempt(client, "ada@example.test", "wrong password", "203.0.113.1")
    unknown = attempt(client, "nobody@example.test", "wrong password", "203.0.113.2")
    assert known.status_code == unknown.status_code == 429
    assert 14 * 60 < retry_after(known) <= 15 * 60 + 1
    assert 14 * 60 < retry_after(unknown) <= 15 * 60 + 1
    assert message_of(known) == message_of(unknown)
    assert message_of(known).startswith(TOO_MANY_ATTEMPTS)
    assert "Please wait 15 minutes" in message_of(known)


def test_the_counters_and_their_log_lines_never_hold_the_email(app, client, caplog):
    make_employee(email="ada@example.test")
    caplog.set_level("DEBUG")
    assert fail(client, "Ada@Example.test", 11, "203.0.113.3")[-1] == 429
    assert "sign-in" in caplog.text  # the limiter logged the breach, by its key
    assert "ada@example.test" not in caplog.text.lower()


def test_someone_guessing_elsewhere_is_stopped_without_locking_the_owner_out(app, client):
    make_employee(email="ada@example.test")
    fail(client, "ada@example.test", 10, "203.0.113.66")
    # From the guesser's address even the right password now waits...
    assert attempt(client, "Ada@Example.test", address="203.0.113.66").status_code == 429
    # ...while Ada, at her own address, signs in as usual.
    assert attempt(client, "ada@example.test").status_code == 302


def test_successful_sign_ins_do_not_count_and_other_accounts_are_not_limited(app, client):
    make_employee(email="ada@example.test")
    make_employee(email="grace@example.test")
    fail(client, "ada@example.test", 9)
    assert attempt(client, "ada@example.test").status_code == 302
    client.post("/logout")
    fail(client, "ada@example.test", 1)
    assert attempt(client, "grace@example.test").status_code == 302


# -- One address across accounts: 20 failures in 15 minutes -----------------------------------


def test_one_address_trying_a_password_on_many_accounts_is_stopped_after_twenty(app, client):
    sprayer = "198.51.100.20"
    make_employee(email="grace@example.test")
    graces_browser = app.test_client()
    assert attempt(graces_browser, "grace@example.test", address=sprayer).status_code == 302
    graces_browser.post("/logout")
    codes = [
        attempt(client, f"sprayed{n}@example.test", "Summer2024!", sprayer).status_code
        for n in range(21)
    ]
    assert codes == [200] * 20 + [429]
    refused = attempt(client, "someone-new@example.test", "Summer2024!", sprayer)
    assert refused.status_code == 429 and retry_after(refused) > 14 * 60
    assert message_of(refused).startswith(TOO_MANY_ATTEMPTS)
    assert fail(client, "sprayed1@example.test", 1, "198.51.100.21") == [200]
    # Behind the same (office) address, Grace's browser, which she signed in with before, gets in.
    assert attempt(graces_browser, "grace@example.test", address=sprayer).status_code == 302


# -- One account from every address: past the threshold, slowed, and never its own browser -----


@pytest.fixture
def low_account_threshold(app, monkeypatch):
    """Three failures instead of forty, so the tests hash a handful of passwords, not dozens."""
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_FAILURE_LIMIT", "3 per hour")


def attack_from_many_addresses(client, email, failures):
    return [fail(client, email, 1, f"203.0.113.{100 + n}")[0] for n in range(failures)]


def test_an_attack_from_many_addresses_slows_new_browsers_but_not_the_owners_own(
    app, low_account_threshold
):
    make_employee(email="ada@example.test")
    make_employee(email="mallory@example.test")
    adas_laptop, mallorys_laptop = app.test_client(), app.test_client()
    first = attempt(adas_laptop, "ada@example.test")
    assert first.status_code == 302
    [cookie] = [c for c in first.headers.getlist("Set-Cookie") if c.startswith(KNOWN_DEVICE_COOKIE)]
    assert "ada" not in cookie.lower()
    assert "HttpOnly" in cookie and "Path=/login" in cookie
    adas_laptop.post("/logout")
    # Mallory's laptop knows Mallory's account, which says nothing about Ada's.
    mallory = attempt(mallorys_laptop, "mallory@example.test", address="198.51.100.7")
    assert mallory.status_code == 302
    mallorys_laptop.post("/logout")

    # Three failures from three addresses reach the threshold; one more is let through and counted.
    assert attack_from_many_addresses(mallorys_laptop, "ada@example.test", 4) == [200] * 4

    slowed = attempt(mallorys_laptop, "ada@example.test", address="198.51.100.7")
    assert slowed.status_code == 429
    assert 1 <= retry_after(slowed) <= 61
    assert "Please wait a minute" in message_of(slowed)
    new_browser = app.test_client()
    new_browser.set_cookie(KNOWN_DEVICE_COOKIE, "forged", path="/login")
    assert attempt(new_browser, "ada@example.test", address="192.0.2.77").status_code == 429
    # Ada's own laptop is not held up by any of it, from home or from the office.
    assert attempt(adas_laptop, "ada@example.test").status_code == 302
    adas_laptop.post("/logout")
    assert attempt(adas_laptop, "ada@example.test", address="192.0.2.200").status_code == 302


def test_the_browser_that_followed_its_invitation_is_known_and_not_slowed(
    app, low_account_threshold
):
    ada = make_employee(email="ada@example.test", password_hash=None)
    adas_laptop = app.test_client()
    assert choose(adas_laptop, invite(ada)).status_code == 302
    adas_laptop.post("/logout")

    attack_from_many_addresses(app.test_client(), "ada@example.test", 4)

    assert attempt(app.test_client(), "ada@example.test", NEW_PASSWORD,
                   address="192.0.2.77").status_code == 429
    assert attempt(adas_laptop, "ada@example.test", NEW_PASSWORD).status_code == 302


def test_a_slowed_browser_gets_in_once_it_has_waited_as_long_as_retry_after_said(
    app, client, low_account_threshold, monkeypatch
):
    monkeypatch.setitem(app.config, "LOGIN_ACCOUNT_SLOW_DOWN", "1 per second")
    make_employee(email="ada@example.test")
    attack_from_many_addresses(client, "ada@example.test", 4)
    slowed = attempt(client, "ada@example.test", address="192.0.2.77")
    assert slowed.status_code == 429
    time.sleep(retry_after(slowed))
    assert attempt(client, "ada@example.test", address="192.0.2.77").status_code == 302


def test_other_limited_pages_also_say_when_to_retry(app, client):
    for _ in range(5):
        client.post("/password/forgot", data={"email": "nobody@example.test"})
    refused = client.post("/password/forgot", data={"email": "nobody@example.test"})
    assert refused.status_code == 429
    assert 14 * 60 < retry_after(refused) <= 15 * 60 + 1


# -- Only what the sign-in page sends ----------------------------------------------------------


def test_sign_in_accepts_only_the_form_encodings_of_its_page(app, client):
    make_employee(email="ada@example.test")
    credentials = {"email": "ada@example.test", "password": PASSWORD}
    as_json = client.post("/login", json=credentials)
    assert as_json.status_code == 415
    assert "not sent the way this page sends it" in as_json.get_data(as_text=True)
    as_text = client.post(
        "/login", data="email=ada@example.test&password=x", content_type="text/plain"
    )
    assert as_text.status_code == 415
    untyped = client.post("/login", data=b'{"email": "ada@example.test"}', content_type="")
    assert untyped.status_code == 415
    assert client.get("/leave/").status_code == 302  # nobody signed in
    assert client.post("/login").status_code == 200  # no body at all: an empty form, shown again
    multipart = client.post("/login", data=credentials, content_type="multipart/form-data")
    assert multipart.status_code == 302


# -- Redis: shared between processes, and not needed to sign in ---------------------------------


def _redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


def run_app_process(script: str, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, *arguments],
        capture_output=True, text=True, timeout=60, cwd=ROOT, check=True,
    )


SHARED = """
import sys
from config import TestConfig
from portal.app import create_app
from portal.extensions import db
from tests.builders import make_employee

url, step, email, address = sys.argv[1:]
config = type("C", (TestConfig,), {
    "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/15"})
app = create_app(config)
client = app.test_client()
password = "correct horse battery staple" if step == "sign-in" else "nope"
with app.app_context():
    if step == "fail":
        db.create_all()
        make_employee(email=email)
    codes = [client.post("/login", data={"email": email, "password": password},
                         environ_base={"REMOTE_ADDR": address}).status_code
             for _ in range(10 if step == "fail" else 1)]
print(codes[-1])
"""


@pytest.mark.skipif(not _redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_the_limit_is_shared_between_processes_through_redis(tmp_path):
    # Names of this run's own: other test runs may use the same Redis at the same time.
    run = secrets.token_hex(4)
    email, address = f"ada-{run}@example.test", f"2001:db8::{run[:4]}"
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    assert run_app_process(SHARED, url, "fail", email, address).stdout.strip() == "200"
    assert run_app_process(SHARED, url, "sign-in", email, address).stdout.strip() == "429"


REDIS_DOWN = """
import json, sys
from config import TestConfig
from portal.app import create_app

url, email, password = sys.argv[1:]
config = type("C", (TestConfig,), {
    "SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"})
app = create_app(config)
client = app.test_client()

def sign_in(password):
    response = client.post("/login", data={"email": email, "password": password})
    return [response.status_code, response.headers.get("Retry-After")]

answers = [sign_in(password)]
client.post("/logout")
answers += [sign_in("wrong password") for _ in range(11)]
print(json.dumps(answers))
"""


def test_without_redis_sign_in_works_with_limits_kept_in_the_process_and_a_warning(
    app, database_url_for_tests
):
    make_employee(email="ada@example.test")
    started = time.monotonic()
    process = run_app_process(REDIS_DOWN, database_url_for_tests, "ada@example.test", PASSWORD)
    answers = json.loads(process.stdout)
    assert answers[0] == [302, None]
    assert [code for code, _ in answers[1:]] == [200] * 10 + [429]
    assert int(answers[-1][1]) > 14 * 60
    assert "Rate limit storage unreachable - falling back to in-memory storage" in process.stderr
    assert time.monotonic() - started < 30
