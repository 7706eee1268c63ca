"""HR's Webhooks pages: adding an endpoint shows its secret once, addresses inside the network
are refused when private addresses are not allowed (always in production), bad input keeps what
was typed, turning off, rotating, deleting, and the deliveries with "send again"."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from portal.app import create_app
from portal.extensions import db
from portal.models import WebhookDelivery, WebhookEndpoint
from portal.services.webhooks import delivery
from portal.services.webhooks.events import queue_event
from portal.services.webhooks.targets import https_required, private_addresses_allowed
from tests.builders import make_employee, sign_in
from tests.fixtures import FreshContextClient, config_for
from tests.web.test_webhook_delivery import Receiver

ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


@pytest.fixture
def receiver(app):
    made = Receiver().start()
    yield made
    made.stop()


@pytest.fixture
def hr(app):
    hr = make_employee(email="hr@example.test", name="Harper HR", is_hr=True,
                       timezone="Europe/London")
    client = app.test_client()
    sign_in(client, hr.email)
    return client


def add(client, url, events=("leave.approved",), description="Payroll"):
    return client.post("/hr/webhooks/new", data={
        "url": url, "description": description, "events": list(events)})


def secret_on(page: str) -> str:
    return re.search(r'data-testid="webhook-secret"[^>]*value="(whsec_[^"]+)"', page).group(1)


def endpoint_count() -> int:
    return db.session.scalar(select(func.count()).select_from(WebhookEndpoint))


def test_adding_an_endpoint_shows_its_secret_once_and_never_again(hr, receiver):
    response = add(hr, receiver.url, events=("leave.approved", "person.deactivated"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    page = response.get_data(as_text=True)
    secret = secret_on(page)
    assert "shown only this once" in page
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    assert endpoint.event_names == ["leave.approved", "person.deactivated"]
    for path in ("/hr/webhooks/", f"/hr/webhooks/{endpoint.id}", "/hr/webhooks/deliveries"):
        shown = hr.get(path)
        assert shown.status_code == 200
        assert secret not in shown.get_data(as_text=True)
        assert secret[6:] not in shown.get_data(as_text=True)
    index = hr.get("/hr/webhooks/").get_data(as_text=True)
    assert "Payroll" in index and "Leave was approved" in index
    assert "<code class=\"small text-body-secondary\">leave.approved</code>" in index


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://192.168.0.10:8080/hooks",
    "http://0.0.0.0/", "http://[fe80::1]/", "http://localhost/", "http://2130706433/",
    "http://0x7f.1/",
])
def test_addresses_inside_the_network_are_refused_when_private_addresses_are_not_allowed(
    app, hr, monkeypatch, url
):
    monkeypatch.setitem(app.config, "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", False)
    response = add(hr, url)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "not an address on the public internet" in page or "could not be found" in page
    assert f'value="{url}"' in page  # what was typed stays
    assert endpoint_count() == 0


def test_the_same_addresses_are_accepted_in_development_and_tests_when_allowed(hr, receiver):
    assert add(hr, receiver.url).status_code == 200
    assert endpoint_count() == 1


def test_production_refuses_private_addresses_and_plain_http_whatever_the_setting():
    production = {"NAME": "production", "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": True,
                  "WEBHOOKS_REQUIRE_HTTPS": False}
    assert not private_addresses_allowed(production)
    assert https_required(production)
    assert private_addresses_allowed({**production, "NAME": "development"})


def test_plain_http_is_refused_where_https_is_required(app, hr, monkeypatch):
    monkeypatch.setitem(app.config, "WEBHOOKS_REQUIRE_HTTPS", True)
    response = add(hr, "http://127.0.0.1:9/hooks")
    assert response.status_code == 400
    assert "must start with https://" in response.get_data(as_text=True)


@pytest.mark.parametrize(("data", "words"), [
    ({"url": "", "events": ["leave.approved"]}, "Please give the address"),
    ({"url": "not a url", "events": ["leave.approved"]}, "spaces or control characters"),
    ({"url": "http://127.0.0.1:9/", "events": []}, "choose at least one event"),
    ({"url": "http://127.0.0.1:9/", "events": ["made.up"]}, "choose at least one event"),
    ({"url": "http://127.0.0.1:9/", "events": ["leave.approved"], "description": "x" * 201},
     "At most 200 characters"),
])
def test_bad_input_is_named_and_what_was_typed_stays(hr, data, words):
    response = hr.post("/hr/webhooks/new", data={"description": "Kept words", **data})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert words in page
    if data.get("url"):
        assert data["url"] in page
    assert endpoint_count() == 0


def test_turning_off_rotating_and_deleting_an_endpoint(hr, receiver):
    secret = secret_on(add(hr, receiver.url).get_data(as_text=True))
    endpoint = db.session.scalars(select(WebhookEndpoint)).one()
    base = f"/hr/webhooks/{endpoint.id}"
    assert hr.post(f"{base}/disable").status_code == 302
    assert "Off: nothing is sent" in hr.get(base).get_data(as_text=True)
    assert hr.post(f"{base}/enable").status_code == 302
    rotated = hr.post(f"{base}/rotate")
    assert rotated.status_code == 200 and rotated.headers["Cache-Control"] == "no-store"
    page = rotated.get_data(as_text=True)
    new = secret_on(page)
    assert new != secret and "The old secret also signs every event until" in page
    assert not ISO_DATE.search(re.sub(r"<[^>]+>", " ", page).replace(receiver.url, ""))
    at_once = hr.post(f"{base}/rotate", data={"at_once": "y"}).get_data(as_text=True)
    assert "The old secret no longer signs anything" in at_once
    assert hr.post(f"{base}/delete").status_code == 302
    assert endpoint_count() == 0
    assert hr.get(base).status_code == 404


def test_the_deliveries_show_their_state_and_can_be_sent_again(hr, receiver):
    secret = secret_on(add(hr, receiver.url).get_data(as_text=True))
    receiver.secrets.append(secret)
    receiver.answers = [500]
    queue_event("leave.approved", {"request_id": 3})
    db.session.commit()
    assert "Waiting to be sent" in hr.get("/hr/webhooks/deliveries").get_data(as_text=True)
    delivery.deliver_everything_due()
    page = hr.get("/hr/webhooks/deliveries").get_data(as_text=True)
    assert "Failing, tried again later" in page and "HTTP 500" in page
    item = db.session.scalars(select(WebhookDelivery)).one()
    response = hr.post(f"/hr/webhooks/deliveries/{item.id}/resend")
    assert response.status_code == 302
    delivery.deliver_everything_due()
    page = hr.get("/hr/webhooks/").get_data(as_text=True)
    assert "Delivered" in page
    assert len(receiver.received) == 2 and receiver.received[-1]["verified_by"] == [secret]


def test_every_form_on_the_pages_needs_its_csrf_token(app, database_url_for_tests, receiver):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    client = checked.test_client()
    make_employee(email="hr2@example.test", is_hr=True)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    sign_in(client, "hr2@example.test", csrf_token=token)
    form = client.get("/hr/webhooks/new").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form).group(1)
    refused = client.post("/hr/webhooks/new", data={"url": receiver.url,
                                                    "events": ["leave.approved"]})
    assert refused.status_code == 400 and endpoint_count() == 0
    made = client.post("/hr/webhooks/new", data={"url": receiver.url, "csrf_token": token,
                                                 "events": ["leave.approved"]})
    assert made.status_code == 200 and endpoint_count() == 1
    endpoint_id = db.session.scalars(select(WebhookEndpoint.id)).one()
    for action in ("disable", "enable", "rotate", "delete"):
        assert client.post(f"/hr/webhooks/{endpoint_id}/{action}").status_code == 400
    shown = client.get(f"/hr/webhooks/{endpoint_id}").get_data(as_text=True)
    assert shown.count('name="csrf_token"') >= 3
    assert endpoint_count() == 1
    with checked.app_context():
        db.engine.dispose()


def test_managers_and_employees_never_reach_the_pages(app):
    manager = make_employee(email="m@example.test")
    make_employee(email="e@example.test", manager=manager)
    for email in ("m@example.test", "e@example.test"):
        client = app.test_client()
        sign_in(client, email)
        assert client.get("/hr/webhooks/").status_code == 403
        assert client.post("/hr/webhooks/new", data={"url": "http://127.0.0.1:9/",
                                                      "events": ["leave.approved"]}
                           ).status_code == 403
    assert endpoint_count() == 0


def test_the_hr_navigation_names_the_webhooks_page(hr):
    page = hr.get("/hr/mail/").get_data(as_text=True)
    assert 'href="/hr/webhooks/"' in page and ">Webhooks<" in page
