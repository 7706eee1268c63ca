"""Links in emails come from PORTAL_BASE_URL, never from the request; production answers only
to its own host names."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import request
from sqlalchemy import select

from config import ConfigError, ProductionConfig
from portal.app import create_app
from portal.extensions import db
from portal.models import OutboxMessage
from portal.services import requests
from tests.builders import PASSWORD, make_employee

EVIL = "portal-login.evil.example"
FORGED = f"http://{EVIL}"


def sign_in_through_a_forged_host(client, email: str) -> None:
    client.post("/login", data={"email": email, "password": PASSWORD}, base_url=FORGED)


def test_a_forged_host_header_never_reaches_the_links_in_emails(app, client):
    employee = make_employee(name="Erin Employee")
    make_employee(name="Harper HR", email="harper@example.test", is_hr=True)
    hr = make_employee(name="Hollis HR", email="hollis@example.test", is_hr=True)
    leave = requests.file_request(
        employee,
        requests.RequestInput(role="birthing", event="birth",
                              event_date=date.today() + timedelta(days=90)),
        "key-1", submit=True,
    )
    sign_in_through_a_forged_host(client, hr.email)
    response = client.post(
        f"/hr/requests/{leave.id}/approve", data={"version": leave.version}, base_url=FORGED
    )
    assert response.status_code == 302
    bodies = [message.body for message in db.session.scalars(select(OutboxMessage))]
    assert bodies and not any(EVIL in body for body in bodies)
    assert any(f"{app.config['PORTAL_BASE_URL']}/leave/requests/{leave.id}" in body
               for body in bodies)


def test_settings_show_feed_links_on_the_configured_address(app, client):
    person = make_employee()
    sign_in_through_a_forged_host(client, person.email)
    page = client.post(
        "/settings", data={"regenerate": "Regenerate link"}, base_url=FORGED
    ).get_data(as_text=True)
    assert EVIL not in page
    assert f"{app.config['PORTAL_BASE_URL']}/feeds/" in page


@pytest.fixture
def production(monkeypatch, database_url_for_tests):
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "x" * 32)
    monkeypatch.setattr(ProductionConfig, "SQLALCHEMY_DATABASE_URI", database_url_for_tests)
    monkeypatch.setattr(ProductionConfig, "RATELIMIT_STORAGE_URI", "memory://")
    monkeypatch.setattr(ProductionConfig, "PORTAL_BASE_URL", "https://leave.example.com")
    monkeypatch.setattr(ProductionConfig, "EXTRA_TRUSTED_HOSTS", "portal.internal")
    return ProductionConfig


@pytest.mark.parametrize("base", [None, "", "http://leave.example.com", "leave.example.com"])
def test_production_refuses_to_start_without_an_https_base_url(production, monkeypatch, base):
    monkeypatch.setattr(production, "PORTAL_BASE_URL", base)
    with pytest.raises(ConfigError, match="PORTAL_BASE_URL"):
        create_app(production)


def test_production_answers_400_to_any_other_host(app, production):
    client = create_app(production).test_client()
    assert client.get("/login", base_url="https://leave.example.com").status_code == 200
    assert client.get("/healthz", base_url="http://portal.internal").status_code == 200
    assert client.get("/login", base_url=f"https://{EVIL}").status_code == 400
    assert client.get("/login", headers={"Host": EVIL}).status_code == 400


def test_behind_a_proxy_the_client_address_is_the_forwarded_one(app, production):
    portal = create_app(production)

    @portal.get("/test-address")
    def address():
        return request.remote_addr or ""

    client = portal.test_client()
    answer = client.get("/test-address", base_url="https://leave.example.com",
                        headers={"X-Forwarded-For": "203.0.113.7"},
                        environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert answer.get_data(as_text=True) == "203.0.113.7"
