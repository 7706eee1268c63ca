"""Marks, for every test: no application here, so the domain tests import no Flask (the
application fixtures are in tests/fixtures.py, used by tests/web and tests/browser)."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        # `once`: what the test checks (words, markup) does not depend on the database, so the
        # PostgreSQL pass of `make test` does not run it again.
        if "app" in getattr(item, "fixturenames", ()) and not item.get_closest_marker("once"):
            item.add_marker(pytest.mark.db)
