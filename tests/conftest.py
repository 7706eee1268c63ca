"""Marks, for every test: no application here, so the domain tests import no Flask (the
application fixtures are in tests/fixtures.py, used by tests/web and tests/browser)."""

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "app" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.db)
