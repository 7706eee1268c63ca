"""Company sign-in where no provider is needed: settings the portal refuses to start with, the
portal without them, and HR's "May use a password"."""

from __future__ import annotations

import html
import re

import pytest

from config import Config, ConfigError, ProductionConfig, TestConfig
from portal.app import create_app
from portal.extensions import db
from portal.models import OutboxMessage
from portal.services import account_links
from tests import fixtures
from tests.builders import make_employee, sign_in

app_with = fixtures.app_with

BUTTON = "Sign in with your company account"


def words(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# -- Without OIDC settings, nothing changes ------------------------------------------------------


def test_without_oidc_settings_the_sign_in_page_has_no_company_button(client):
    page = words(client.get("/login"))
    assert BUTTON not in page
    assert 'name="password"' in page and "Forgot password?" in page


def test_without_oidc_settings_the_company_sign_in_routes_answer_404(client):
    assert client.get("/login/oidc").status_code == 404
    assert client.get("/login/oidc/callback?code=x&state=y").status_code == 404


# -- HR's checkbox ------------------------------------------------------------------------------


def test_hr_marks_a_person_may_use_a_password_and_the_history_shows_it(app, client):
    make_employee(email="harriet.hr@example.test", is_hr=True)
    erin = make_employee(email="erin@example.test", name="Erin")
    sign_in(client, "harriet.hr@example.test")
    form = words(client.get(f"/hr/people/{erin.id}/edit"))
    assert "May use a password" in form
    response = client.post(f"/hr/people/{erin.id}/edit", data={
        "email": erin.email, "name": erin.name, "location": erin.location_id,
        "hire_date": "2020-01-06", "may_use_password": "y",
    })
    assert response.status_code == 302
    db.session.refresh(erin)
    assert erin.may_use_password
    history = words(client.get(f"/hr/people/{erin.id}"))
    assert "May use a password" in history.split("person-history")[1]
    form = words(client.get(f"/hr/people/{erin.id}/edit"))
    assert re.search(r'<input [^>]*checked[^>]* name="may_use_password"', form)


# -- The issuer the portal will start with -------------------------------------------------------


def oidc_config(base=TestConfig, **settings):
    values = {"OIDC_ISSUER": "https://login.example.com", "OIDC_CLIENT_ID": "portal",
              "OIDC_CLIENT_SECRET": "secret", **settings}
    return type("Config", (base,), values)


@pytest.mark.parametrize("issuer", [
    "https://login.example.com", "https://login.microsoftonline.com/tenant-id/v2.0",
    "http://127.0.0.1:8080", "http://localhost:8080/realms/company", "http://[::1]:8080",
])
def test_an_https_issuer_or_an_http_one_on_loopback_is_accepted(issuer):
    oidc_config(OIDC_ISSUER=issuer).check()


@pytest.mark.parametrize("base", [TestConfig, Config])
@pytest.mark.parametrize("issuer", [
    "http://login.example.com", "http://10.0.0.5", "http://127.0.0.1.example.com",
    "ftp://login.example.com", "login.example.com", "https://login.example.com/?tenant=1",
])
def test_any_other_issuer_stops_the_portal_with_a_clear_message(base, issuer):
    with pytest.raises(ConfigError, match="must be the identity provider's https:// address"):
        oidc_config(base, OIDC_ISSUER=issuer).check()


def test_production_refuses_an_http_issuer_too():
    production = oidc_config(
        ProductionConfig, OIDC_ISSUER="http://login.example.com", SECRET_KEY="k",
        SQLALCHEMY_DATABASE_URI="sqlite://", PORTAL_BASE_URL="https://leave.example.com",
    )
    with pytest.raises(ConfigError, match="http:// is accepted only on 127.0.0.1"):
        production.check()


def test_create_app_refuses_an_http_issuer_off_loopback(database_url_for_tests):
    with pytest.raises(ConfigError, match="will not start"):
        create_app(oidc_config(
            SQLALCHEMY_DATABASE_URI=database_url_for_tests, OIDC_ISSUER="http://sso.example.com"
        ))


def test_an_issuer_without_its_client_id_and_secret_is_a_clear_error():
    with pytest.raises(ConfigError, match="OIDC_CLIENT_ID and OIDC_CLIENT_SECRET"):
        oidc_config(OIDC_CLIENT_ID="", OIDC_CLIENT_SECRET="").check()


def test_oidc_only_without_an_issuer_is_a_clear_error():
    with pytest.raises(ConfigError, match="OIDC_ONLY is set but OIDC_ISSUER is not"):
        oidc_config(OIDC_ISSUER="", OIDC_ONLY=True).check()


# -- Invitations ---------------------------------------------------------------------------------


def test_with_oidc_only_an_invitation_asks_to_sign_in_with_the_company_account(app_with):
    company_only = app_with(
        OIDC_ISSUER="https://id.example.test", OIDC_CLIENT_ID="portal", OIDC_CLIENT_SECRET="s",
        OIDC_ONLY=True,
    )
    with company_only.app_context():
        erin = make_employee(email="erin@example.test", name="Erin")
        hattie = make_employee(email="hattie@example.test", name="Hattie", is_hr=True)
        hattie.may_use_password = True
        account_links.invite(erin)
        account_links.invite(hattie)
        db.session.commit()
        messages = db.session.scalars(db.select(OutboxMessage))
        bodies = {message.recipient: message.body for message in messages}
    assert "sign in with your company account" in bodies["erin@example.test"]
    assert "Choose your password" not in bodies["erin@example.test"]
    assert "Choose your password here" in bodies["hattie@example.test"]
