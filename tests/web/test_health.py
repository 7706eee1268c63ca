"""/healthz: the database, and the Redis the processes share their sign-in limits through."""

import socket
import time

import pytest

from portal.app import create_app
from portal.extensions import db, limiter
from tests.fixtures import config_for


@pytest.fixture
def app_with_limits_in(app, database_url_for_tests):
    """An app whose limits live at another address. The limiter is one object for every app, so
    afterwards it is given back to the tests' app and its in-memory counts."""
    made = []

    def make(storage_uri: str):
        config = config_for(database_url_for_tests, RATELIMIT_STORAGE_URI=storage_uri)
        made.append(create_app(config))
        return made[-1]

    yield make
    limiter.init_app(app)
    for other in made:
        with other.app_context():
            db.engine.dispose()


def test_with_limits_kept_in_each_process_the_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_with_redis_unreachable_the_health_check_says_degraded_and_answers_quickly(
    app_with_limits_in,
):
    started = time.monotonic()
    response = app_with_limits_in("redis://127.0.0.1:1/0").test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "degraded", "database": "ok", "rate_limits": "degraded"
    }
    assert time.monotonic() - started < 5


def _redis_is_running() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_is_running(), reason="no Redis on 127.0.0.1:6379")
def test_with_redis_answering_the_health_check_says_ok(app_with_limits_in):
    response = app_with_limits_in("redis://127.0.0.1:6379/15").test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok", "rate_limits": "ok"}
