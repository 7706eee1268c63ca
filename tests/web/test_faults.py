"""Faults end in the friendly page, fast: a database that refuses, hangs or fails mid-request,
and hooks that fail after the view. The page always has the request id and the headers."""

from __future__ import annotations

import logging
import socket
import threading
import time

import pytest
from flask import Blueprint
from flask_login import login_required
from sqlalchemy import insert, select, text

from portal.app import create_app
from portal.extensions import db
from portal.models import AuthSession, Location
from tests.builders import make_employee, make_location, sign_in
from tests.fixtures import config_for

SIGNED_IN_PAGES = ("/leave/", "/team/", "/hr/", "/hr/calendar", "/settings")
FAST = 5.0  # seconds: the friendly page, not a worker held until gunicorn kills it


def signed_in_client(app):
    """A browser that signed in earlier: its cookie names a session the database would check."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "a-session-token-from-yesterday"
        session["_fresh"] = True
    return client


def assert_friendly_error_page(response, status: int, words: str) -> None:
    page = response.get_data(as_text=True)
    request_id = response.headers["X-Request-ID"]
    assert response.status_code == status, page[:500]
    assert words in page
    assert request_id not in ("", "-") and request_id in page
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cache-Control"] == "no-store"
    assert "Traceback" not in page and "Internal Server Error" not in page


REFUSING_DATABASES = {
    "postgresql": "postgresql+psycopg://postgres@127.0.0.1:1/portal",  # nothing listens on 1
    "sqlite": "sqlite:////nonexistent-directory/portal.sqlite3",
}


@pytest.fixture(params=sorted(REFUSING_DATABASES))
def refusing_app(request):
    app = create_app(config_for(REFUSING_DATABASES[request.param]))
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("path", SIGNED_IN_PAGES)
def test_with_the_database_refusing_connections_a_signed_in_page_is_the_friendly_503(
    refusing_app, path
):
    client = signed_in_client(refusing_app)
    started = time.perf_counter()
    response = client.get(path)
    assert time.perf_counter() - started < FAST
    assert_friendly_error_page(response, 503, "The portal is briefly unavailable")
    assert int(response.headers["Retry-After"]) > 0
    assert "Sign out" not in response.get_data(as_text=True)  # drawn without the database


def test_with_the_database_refusing_connections_an_unknown_page_is_still_a_friendly_404(
    refusing_app,
):
    response = signed_in_client(refusing_app).get("/no-such-page")
    assert_friendly_error_page(response, 404, "We could not find that page")


def test_a_sign_in_attempt_with_the_database_refusing_connections_gets_the_503_page(
    refusing_app,
):
    response = refusing_app.test_client().post(
        "/login", data={"email": "ada@example.test", "password": "correct horse battery"})
    assert_friendly_error_page(response, 503, "The portal is briefly unavailable")


def test_a_database_that_accepts_connections_and_never_answers_gives_the_503_page_in_seconds():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)  # the kernel completes the handshake; nobody ever speaks
    port = silent.getsockname()[1]
    # Without a connect timeout the request would wait for ever: closing the socket ends it.
    give_up = threading.Timer(15, silent.close)
    give_up.start()
    app = create_app(config_for(f"postgresql+psycopg://postgres@127.0.0.1:{port}/portal",
                                DATABASE_CONNECT_TIMEOUT_SECONDS=2))
    try:
        started = time.perf_counter()
        response = signed_in_client(app).get("/leave/")
        elapsed = time.perf_counter() - started
    finally:
        give_up.cancel()
        silent.close()
        with app.app_context():
            db.engine.dispose()
    assert_friendly_error_page(response, 503, "The portal is briefly unavailable")
    assert elapsed < FAST


@pytest.fixture
def hanging_app(database_url_for_tests):
    if not database_url_for_tests.startswith("postgresql"):
        pytest.skip("statement_timeout is PostgreSQL's; SQLite waits SQLITE_BUSY_TIMEOUT_MS")
    app = create_app(config_for(database_url_for_tests, DATABASE_STATEMENT_TIMEOUT_MS=1000))
    yield app
    with app.app_context():
        db.engine.dispose()


def test_a_page_waiting_on_a_locked_table_gets_the_503_page_within_the_statement_timeout(
    app, hanging_app
):
    person = make_employee(email="ada@example.test")
    client = hanging_app.test_client()
    sign_in(client, person.email)
    # Another transaction holds the table every signed-in page reads first; the database
    # accepts the page's query and does not answer it, as when it hangs.
    blocker = db.engine.connect()
    blocker.begin()
    blocker.execute(text(f"LOCK TABLE {AuthSession.__table__.name} IN ACCESS EXCLUSIVE MODE"))
    release = threading.Timer(15, blocker.rollback)  # without a timeout, this ends the wait
    release.start()
    try:
        started = time.perf_counter()
        response = client.get("/leave/")
        elapsed = time.perf_counter() - started
    finally:
        release.cancel()
        blocker.rollback()
        blocker.close()
    assert_friendly_error_page(response, 503, "The portal is briefly unavailable")
    assert elapsed < 3.0
    assert client.get("/leave/").status_code == 200  # and the next page, once it is free


@pytest.fixture
def app_with_faults(app, database_url_for_tests):
    """The portal with two extra routes that fail the way real code can."""
    faulty = create_app(config_for(database_url_for_tests, PROPAGATE_EXCEPTIONS=False))
    routes = Blueprint("faults", __name__)

    @routes.route("/faults/constraint/<int:location_id>")
    @login_required
    def violate_a_constraint(location_id: int):
        # A row that already exists, written again: the database refuses the transaction (and
        # PostgreSQL refuses every later statement in it until it is rolled back).
        table = Location.__table__
        db.session.execute(insert(table).from_select(
            table.columns.keys(), select(table).where(table.c.id == location_id)))
        return "not reached"

    routes.add_url_rule("/faults/fine", "fine", lambda: "fine")
    faulty.register_blueprint(routes)
    yield faulty
    with faulty.app_context():
        db.engine.dispose()


def test_after_a_statement_fails_mid_request_the_error_page_renders_without_the_database(
    app_with_faults, caplog
):
    person = make_employee(email="ada@example.test")
    office = make_location()
    client = app_with_faults.test_client()
    sign_in(client, person.email)
    with caplog.at_level(logging.ERROR):
        response = client.get(f"/faults/constraint/{office.id}")
    assert_friendly_error_page(response, 500, "Something went wrong on our side")
    assert response.headers["X-Request-ID"] in caplog.text
    assert client.get("/leave/").status_code == 200  # the session was rolled back


def test_a_failing_after_request_hook_still_leaves_the_headers_and_request_id(app_with_faults):
    def broken_hook(_response):
        raise RuntimeError("a hook that fails")

    app_with_faults.after_request(broken_hook)  # runs first: hooks run in reverse order
    response = app_with_faults.test_client().get("/faults/fine")
    assert_friendly_error_page(response, 500, "Something went wrong on our side")


def test_a_form_refused_before_any_view_still_has_its_request_id(database_url_for_tests):
    guarded = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    response = guarded.test_client().post("/password/forgot", data={"email": "a@example.test"})
    assert_friendly_error_page(response, 400, "This form had expired")


def test_the_405_page_says_which_methods_the_address_takes(client):
    response = client.get("/logout")
    assert_friendly_error_page(response, 405, "That action is not available here")
    assert "POST" in response.headers["Allow"]
