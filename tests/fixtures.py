"""Application fixtures: one app per test session on a real database, emptied after every test.

Imported by tests/web/conftest.py and tests/browser/conftest.py, never by the root conftest, so
the domain tests run without Flask or SQLAlchemy.

SQLite (a file, so threads and the browser's live server share it) unless TEST_DATABASE_URL
names a PostgreSQL database; `make test` runs the `db` tests once on each.
"""

from __future__ import annotations

import contextvars
import os
import secrets
from contextlib import contextmanager

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from config import TestConfig, database_url
from portal.app import create_app
from portal.extensions import db, limiter


def config_for(url: str, **settings) -> type[TestConfig]:
    return type("Config", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url, **settings})


class FreshContextClient(FlaskClient):
    """Each request runs in its own app context and g, as in production, not in the test's.

    Afterwards the test's own session ends its transaction, so it reads what the request wrote.
    """

    def open(self, *args, **kwargs):
        # Buffered: a streamed body is read inside the context that made it.
        kwargs.setdefault("buffered", True)
        response = contextvars.Context().run(super().open, *args, **kwargs)
        if has_app_context():  # not when werkzeug follows a redirect inside the fresh context
            db.session.rollback()
        return response


@pytest.fixture(scope="session")
def database_url_for_tests(tmp_path_factory):
    """A database of this test session's own: test runs side by side never share tables."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'portal.sqlite3'}"
        return
    with throwaway_database(database_url(url), f"{os.getpid()}") as session_url:
        yield session_url


@contextmanager
def throwaway_database(server_url: str, label: str):
    """A new PostgreSQL database on the server of server_url, dropped afterwards."""
    server = make_url(server_url)
    name = f"{server.database}_{label}_{secrets.token_hex(3)}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def _session_app(database_url_for_tests, tmp_path_factory):
    documents = tmp_path_factory.mktemp("documents")  # the document store of this test session
    app = create_app(config_for(database_url_for_tests, DOCUMENT_DIRECTORY=str(documents)))
    app.test_client_class = FreshContextClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def empty_all_tables() -> None:
    db.session.rollback()
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(delete(table))
    db.session.commit()


@pytest.fixture
def app(_session_app):
    with _session_app.app_context():
        yield _session_app
        empty_all_tables()
    limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def app_with(app, database_url_for_tests):
    """Make another application on the test database, with other settings (`app_with(OIDC_ONLY=
    True)`); its tables are the session app's, emptied with them after the test."""
    made = []

    def make(**settings):
        other = create_app(config_for(database_url_for_tests, **settings))
        other.test_client_class = FreshContextClient
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
