"""Security headers, caching, request size, health check and error pages."""

import logging

import pytest
from flask import Blueprint

from config import ProductionConfig
from portal.app import create_app
from portal.security import CONTENT_SECURITY_POLICY
from tests.builders import make_employee, sign_in
from tests.fixtures import config_for


def test_every_response_carries_the_security_headers(client):
    for path in ("/login", "/healthz", "/no-such-page"):
        headers = client.get(path).headers
        assert "default-src 'self'" in headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Strict-Transport-Security" not in headers


def test_pages_behind_login_are_never_cached(app, client):
    make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    assert client.get("/leave/").headers["Cache-Control"] == "no-store"


def test_bootstrap_is_served_from_this_site(client):
    page = client.get("/login").get_data(as_text=True)
    assert "cdn." not in page and "https://" not in page
    assert client.get("/bootstrap/static/css/bootstrap.min.css").status_code == 200


def test_a_request_body_over_the_limit_gets_a_friendly_413(client):
    response = client.post("/login", data={"email": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 413
    assert "more than we can accept" in response.get_data(as_text=True)


def test_health_check_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_health_check_answers_503_when_the_database_cannot_be_reached(tmp_path):
    broken = create_app(config_for(f"sqlite:///{tmp_path}/missing/dir/portal.sqlite3"))
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_an_unknown_page_gets_a_friendly_404_with_the_request_id(client):
    response = client.get("/no-such-page")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "We could not find that page" in page
    assert response.headers["X-Request-ID"] in page


@pytest.fixture
def failing_app(database_url_for_tests):
    app = create_app(config_for(database_url_for_tests, PROPAGATE_EXCEPTIONS=False))
    broken = Blueprint("broken", __name__)
    broken.add_url_rule("/broken", "boom", lambda: 1 / 0)
    app.register_blueprint(broken)
    return app


def test_an_error_shows_a_friendly_page_and_the_request_id_is_in_the_log(failing_app, caplog):
    with caplog.at_level(logging.ERROR):
        response = failing_app.test_client().get("/broken")
    page = response.get_data(as_text=True)
    request_id = response.headers["X-Request-ID"]
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert request_id in page
    assert "Traceback" not in page and "ZeroDivisionError" not in page
    assert any(request_id in record.getMessage() for record in caplog.records)
    assert any(getattr(record, "request_id", None) == request_id for record in caplog.records)


def test_production_refuses_to_start_without_secret_key_and_database_url(monkeypatch):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", None)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", None)
    with pytest.raises(RuntimeError, match="needs SECRET_KEY and DATABASE_URL"):
        create_app(ProductionConfig)


def test_production_sends_hsts_and_secure_cookies(monkeypatch, database_url_for_tests):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 32)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", database_url_for_tests)
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.setattr(ProductionConfig, "PORTAL_BASE_URL", "https://leave.example.com")
    app = create_app(ProductionConfig)
    response = app.test_client().get("/login", base_url="https://leave.example.com")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in response.headers["Set-Cookie"]


def test_content_security_policy_allows_nothing_from_elsewhere():
    assert "http" not in CONTENT_SECURITY_POLICY
