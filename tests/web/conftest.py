"""The web tests run the application on a real database: its fixtures are in tests/fixtures.py."""

from tests.fixtures import _session_app, app, client, database_url_for_tests, runner  # noqa: F401
