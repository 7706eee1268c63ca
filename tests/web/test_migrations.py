"""Migrations upgrade, downgrade to base and upgrade again, and match the models exactly."""

import hashlib
import warnings

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from portal.app import create_app
from portal.extensions import db
from tests.fixtures import config_for, throwaway_database


@pytest.fixture
def empty_database_url(app, database_url_for_tests, tmp_path):
    """A database of its own, so the shared test schema is not touched."""
    url = make_url(database_url_for_tests)
    if url.get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    with throwaway_database(database_url_for_tests, "migrations") as migrations_url:
        yield migrations_url


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def _plant_a_request() -> None:
    """Rows in every table the first revisions made, so later ones must carry real data."""
    statements = [
        "INSERT INTO location (id, name, country, subdivision, timezone, weekend_days) "
        "VALUES (1, 'London', 'GB', 'ENG', 'Europe/London', '56')",
        "INSERT INTO employee (id, email, name, password_hash, is_hr, location_id, timezone, "
        "active, created_at) VALUES (1, 'a@example.test', 'A', 'x', false, 1, "
        "'Europe/London', true, CURRENT_TIMESTAMP)",
        "INSERT INTO employee (id, email, name, password_hash, is_hr, manager_id, location_id, "
        "timezone, active, created_at) VALUES (2, 'b@example.test', 'B', 'x', false, 1, 1, "
        "'Europe/London', true, CURRENT_TIMESTAMP)",
        "INSERT INTO leave_request (id, employee_id, status, change_pending, start, \"end\", "
        "return_date, policy_id, submission_key, created_at, updated_at, version) VALUES "
        "(1, 2, 'submitted', false, '2027-01-04', '2027-07-04', '2027-07-05', 'p', 'k', "
        "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)",
    ]
    with db.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def _plant_details() -> None:
    """The request's case and entitlement as 0011 kept them: 0012 copies its pay figures out."""
    entitlement = ('{"company_days": 182, "statutory": {"end": "2027-12-31"}, '
                   '"phased_return": {"start": "2027-07-05", "end": "2027-08-01"}}')
    with db.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO request_details (request_id, role, event, event_date, "
            "event_has_happened, nicu_days, babies, child_number, note_to_hr, entitlement, "
            "extra_days, extra_days_reason) VALUES (1, 'birthing', 'birth', '2027-01-04', "
            "false, 0, 1, 1, '', :entitlement, 0, '')"), {"entitlement": entitlement})


def test_migrations_go_up_down_to_base_and_up_again_without_drift(empty_database_url):
    migrated = create_app(config_for(empty_database_url))
    with migrated.app_context():
        upgrade(revision="0002")
        _plant_a_request()
        upgrade(revision="0006")
        with db.engine.begin() as connection:
            connection.execute(text("UPDATE employee SET feed_token = 'a-feed-token' WHERE id = 1"))
        upgrade(revision="0011")
        _plant_details()
        upgrade()
        with db.engine.connect() as connection:
            figures = connection.execute(text(
                "SELECT company_days, statutory_end, phased_return_days FROM request_details"
            )).one()
            assert (figures[0], str(figures[1]), figures[2]) == (182, "2027-12-31", 28)
        with db.engine.connect() as connection:
            kept = connection.execute(text("SELECT feed_token FROM employee WHERE id = 1"))
            assert kept.scalar() == hashlib.sha256(b"a-feed-token").hexdigest()
        assert _tables() == set(db.metadata.tables)
        with db.engine.connect() as connection:
            names = connection.execute(text("SELECT name FROM employee ORDER BY id")).scalars()
            assert list(names) == ["A", "B"]
        downgrade(revision="base")
        assert _tables() == set()
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            with warnings.catch_warnings():
                # SQLAlchemy cannot reflect an index on an expression from SQLite, so the
                # comparison skips the lower(userName) index there; PostgreSQL compares it.
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression")
                warnings.filterwarnings("ignore", "autogenerate skipping metadata-specified expr")
                assert compare_metadata(context, db.metadata) == []
            if connection.dialect.name == "postgresql":
                indexes = inspect(connection).get_indexes("employee")
                assert "uq_employee_scim_user_name_lower" in {index["name"] for index in indexes}
            else:
                assert connection.execute(text(
                    "SELECT 1 FROM sqlite_master WHERE name = 'uq_employee_scim_user_name_lower'"
                )).scalar() == 1
        db.engine.dispose()
