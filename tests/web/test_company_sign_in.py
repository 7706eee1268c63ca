"""Signing in with the company account, through a real OpenID provider (oidc-provider on node)."""

from __future__ import annotations

import html
from datetime import timedelta
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AuthSession, Employee, utcnow
from tests import fixtures, node_tools
from tests.builders import make_employee, sign_in
from tests.node_tools import sign_in_at_provider

node_tools.require_node()
app_with = fixtures.app_with
oidc_provider = node_tools.oidc_provider
oidc_provider_with_claims_in_userinfo = node_tools.oidc_provider_with_claims_in_userinfo

PORTAL = "http://127.0.0.1:8765"
BUTTON = "Sign in with your company account"
NOT_HERE = "We couldn't find you in the leave portal"
DID_NOT_WORK = "Signing in with your company account didn't work this time"


@pytest.fixture
def company_app(app_with, oidc_provider):
    return app_with(**oidc_provider.settings(PORTAL))


@pytest.fixture
def people(app):
    return {
        "hr": make_employee(email="harriet.hr@example.test", name="Harriet", is_hr=True),
        "erin": make_employee(email="erin@example.test", name="Erin"),
        "leo": make_employee(email="leo@example.test", name="Leo", active=False),
    }


def authorize_url(client, path: str = "/login/oidc") -> str:
    response = client.get(path)
    assert response.status_code == 302, words(response)
    return response.headers["Location"]


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    return urlunsplit(parts._replace(query=urlencode({**query, **changes})))


def callback_path(url: str) -> str:
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == PORTAL
    return f"{parts.path}?{parts.query}"


def company_sign_in(client, login: str, path: str = "/login/oidc"):
    return client.get(callback_path(sign_in_at_provider(authorize_url(client, path), login)))


def words(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def sessions() -> int:
    return db.session.scalar(select(func.count()).select_from(AuthSession))


# -- Signing in ----------------------------------------------------------------------------------


def test_with_oidc_settings_the_sign_in_page_shows_the_company_button_and_passwords(
    company_app,
):
    page = words(company_app.test_client().get("/login"))
    assert BUTTON in page
    assert page.index(BUTTON) < page.index('name="password"')


def test_the_provider_is_asked_for_a_code_with_pkce_nonce_state_and_the_portals_callback(
    company_app, oidc_provider
):
    url = authorize_url(company_app.test_client())
    assert url.startswith(oidc_provider.issuer + "/")
    query = parse_qs(urlsplit(url).query)
    assert query["response_type"] == ["code"]
    assert query["client_id"] == [oidc_provider.client_id]
    assert query["redirect_uri"] == [f"{PORTAL}/login/oidc/callback"]
    assert set(query["scope"][0].split()) == {"openid", "email", "profile"}
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43  # base64url of a SHA-256
    assert query["nonce"][0] and query["state"][0]


def test_the_callback_address_comes_from_the_portal_base_url_not_the_host_header(company_app):
    response = company_app.test_client().get("/login/oidc", headers={"Host": "evil.example"})
    redirect_uri = parse_qs(urlsplit(response.headers["Location"]).query)["redirect_uri"]
    assert redirect_uri == [f"{PORTAL}/login/oidc/callback"]


def test_an_hr_person_signs_in_with_the_company_account_whatever_the_case_of_the_email(
    company_app, people
):
    client = company_app.test_client()
    response = company_sign_in(client, "harriet")  # the provider says Harriet.HR@Example.Test
    assert response.status_code == 302
    assert response.headers["Location"] == "/leave/"
    page = words(client.get("/leave/"))
    assert "Welcome, Harriet." in page
    assert 'href="/hr/"' in page
    assert db.session.scalars(select(AuthSession)).one().employee_id == people["hr"].id


def test_a_safe_next_page_is_kept_through_the_round_trip(company_app, people):
    client = company_app.test_client()
    response = company_sign_in(client, "erin", "/login/oidc?next=/leave/plan")
    assert response.headers["Location"] == "/leave/plan"


def test_a_next_page_on_another_site_is_dropped(company_app, people):
    client = company_app.test_client()
    response = company_sign_in(client, "erin", "/login/oidc?next=https://evil.example/")
    assert response.headers["Location"] == "/leave/"


def test_the_sign_in_page_passes_next_on_to_the_company_button(company_app):
    page = words(company_app.test_client().get("/login?next=/leave/plan"))
    assert 'href="/login/oidc?next=/leave/plan"' in page


def test_a_company_sign_in_has_the_same_idle_limit_and_sign_out_as_a_password(
    company_app, people
):
    client = company_app.test_client()
    company_sign_in(client, "erin")
    auth = db.session.scalars(select(AuthSession)).one()
    auth.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert client.get("/leave/").status_code == 302
    assert sessions() == 0

    company_sign_in(client, "erin")
    assert client.get("/leave/").status_code == 200
    client.post("/logout")
    assert sessions() == 0
    assert client.get("/leave/").status_code == 302


def test_a_company_sign_in_starts_a_fresh_session_cookie(company_app, people):
    client = company_app.test_client()
    with client.session_transaction() as planted:
        planted["planted"] = "by someone else"
    company_sign_in(client, "erin")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


def test_someone_signed_in_already_is_sent_on_without_a_new_sign_in(company_app, people):
    client = company_app.test_client()
    company_sign_in(client, "erin")
    response = client.get("/login/oidc?next=/leave/plan")
    assert response.headers["Location"] == "/leave/plan"


def test_entra_ids_domain_owner_claim_stands_in_for_email_verified(company_app, people):
    client = company_app.test_client()
    assert company_sign_in(client, "entra").headers["Location"] == "/leave/"
    assert db.session.scalars(select(AuthSession)).one().employee_id == people["erin"].id


def test_an_email_only_in_the_userinfo_answer_is_read_from_there(
    app_with, oidc_provider_with_claims_in_userinfo, people
):
    company_app = app_with(**oidc_provider_with_claims_in_userinfo.settings(PORTAL))
    client = company_app.test_client()
    assert company_sign_in(client, "erin").headers["Location"] == "/leave/"
    assert db.session.scalars(select(AuthSession)).one().employee_id == people["erin"].id


# -- People the portal does not know --------------------------------------------------------------


@pytest.mark.parametrize("login", ["stranger", "unverified", "leo"])
def test_an_unknown_unverified_or_departed_email_gets_a_kind_page_and_nothing_is_made(
    company_app, people, login
):
    employees = db.session.scalar(select(func.count()).select_from(Employee))
    client = company_app.test_client()
    response = company_sign_in(client, login)
    page = words(response)
    assert response.status_code == 403
    assert NOT_HERE in page
    assert "Please ask HR" in page
    assert "Traceback" not in page
    assert db.session.scalar(select(func.count()).select_from(Employee)) == employees
    assert sessions() == 0
    assert client.get("/leave/").status_code == 302


# -- Everything that can go wrong on the way ---------------------------------------------------


def test_starting_again_keeps_one_sign_in_under_way_so_the_cookie_stays_small(company_app):
    client = company_app.test_client()
    for _ in range(20):
        authorize_url(client)
    with client.session_transaction() as session:
        assert len([key for key in session if key.startswith("_state_")]) == 1
    assert len(client.get_cookie("session").value) < 2000


def test_a_tampered_state_is_refused_kindly(company_app, people):
    client = company_app.test_client()
    url = sign_in_at_provider(authorize_url(client), "erin")
    response = client.get(callback_path(with_query(url, state="forged")))
    assert response.status_code == 400
    assert DID_NOT_WORK in words(response)
    assert sessions() == 0


def test_a_callback_in_a_browser_that_did_not_start_the_sign_in_is_refused_kindly(
    company_app, people
):
    url = sign_in_at_provider(authorize_url(company_app.test_client()), "erin")
    response = company_app.test_client().get(callback_path(url))
    assert response.status_code == 400
    assert DID_NOT_WORK in words(response)
    assert sessions() == 0


def test_a_code_whose_pkce_challenge_was_changed_is_refused_at_the_exchange(
    company_app, people
):
    """The portal sends its code verifier: a challenge that does not match it fails."""
    client = company_app.test_client()
    url = with_query(authorize_url(client), code_challenge="A" * 43)
    response = client.get(callback_path(sign_in_at_provider(url, "erin")))
    assert response.status_code == 400
    assert sessions() == 0


def test_an_id_token_with_another_nonce_is_refused(company_app, people):
    client = company_app.test_client()
    url = with_query(authorize_url(client), nonce="not-the-portals-nonce")
    response = client.get(callback_path(sign_in_at_provider(url, "erin")))
    assert response.status_code == 400
    assert DID_NOT_WORK in words(response)
    assert sessions() == 0


def test_a_made_up_code_is_refused_kindly(company_app, people):
    client = company_app.test_client()
    url = sign_in_at_provider(authorize_url(client), "erin")
    response = client.get(callback_path(with_query(url, code="made-up")))
    assert response.status_code == 400
    assert sessions() == 0


def test_a_provider_that_names_another_issuer_than_the_configured_one_is_not_used(
    app_with, oidc_provider, people
):
    # Same provider under another name: discovery and the token say 127.0.0.1, not localhost.
    settings = oidc_provider.settings(PORTAL)
    settings["OIDC_ISSUER"] = settings["OIDC_ISSUER"].replace("127.0.0.1", "localhost")
    client = app_with(**settings).test_client()
    response = client.get("/login/oidc")
    assert response.status_code == 503
    assert "Company sign-in isn't working just now" in words(response)
    assert sessions() == 0


def test_the_wrong_client_secret_is_refused_kindly(app_with, oidc_provider, people):
    client = app_with(**oidc_provider.settings(PORTAL, OIDC_CLIENT_SECRET="wrong")).test_client()
    response = company_sign_in(client, "erin")
    assert response.status_code == 400
    assert sessions() == 0


def test_an_error_from_the_provider_is_a_kind_page(company_app):
    client = company_app.test_client()
    state = parse_qs(urlsplit(authorize_url(client)).query)["state"][0]
    response = client.get(f"/login/oidc/callback?error=access_denied&state={state}")
    assert response.status_code == 400
    assert "didn't finish" in words(response)


def test_a_callback_without_anything_is_a_kind_page(company_app):
    response = company_app.test_client().get("/login/oidc/callback")
    assert response.status_code == 400


@pytest.mark.parametrize("query", [
    "code=x&state=x", "state=%00", "code=&state=", "error=" + "x" * 5000,
    "code=x&state=x&state=y", "error_description=only", "code=%ff%fe&state=%C0",
])
def test_odd_callbacks_are_kind_pages_never_errors(company_app, query):
    client = company_app.test_client()
    authorize_url(client)  # a sign-in under way, with its state in the session
    response = client.get(f"/login/oidc/callback?{query}")
    assert response.status_code == 400
    assert "Traceback" not in words(response)


def test_odd_next_pages_when_starting_are_dropped_or_refused_never_errors(
    company_app, oidc_provider
):
    for target in ("//evil.example", "\\\\evil", "x" * 5000, "javascript:alert(1)"):
        response = company_app.test_client().get(f"/login/oidc?next={target}")
        assert response.headers["Location"].startswith(oidc_provider.issuer)
    # The portal's input guard refuses a NUL anywhere, as on every page.
    assert company_app.test_client().get("/login/oidc?next=%00").status_code == 400


def test_a_provider_that_cannot_be_reached_is_a_kind_page_not_an_error(app_with, oidc_provider):
    settings = oidc_provider.settings(PORTAL, OIDC_ISSUER="http://127.0.0.1:9")
    response = app_with(**settings).test_client().get("/login/oidc")
    assert response.status_code == 503
    assert "isn't answering just now" in words(response)


# -- OIDC_ONLY and the people who may use a password ----------------------------------------


@pytest.fixture
def only_company_app(app_with, oidc_provider):
    return app_with(**oidc_provider.settings(PORTAL, OIDC_ONLY=True))


def test_with_oidc_only_the_button_comes_first_and_passwords_are_folded_away(only_company_app):
    page = words(only_company_app.test_client().get("/login"))
    assert page.index(BUTTON) < page.index("<details")
    assert page.index("<details") < page.index('name="password"')
    assert "only for people HR has allowed" in page


def test_with_oidc_only_a_right_password_is_refused_for_people_without_permission(
    only_company_app, people
):
    client = only_company_app.test_client()
    response = sign_in(client, "erin@example.test")
    assert response.status_code == 200
    assert "passwords are not used here" in words(response)
    assert sessions() == 0


def test_with_oidc_only_a_wrong_password_says_no_more_than_usual(only_company_app, people):
    client = only_company_app.test_client()
    known = words(sign_in(client, "erin@example.test", "wrong password"))
    unknown = words(sign_in(client, "nobody@example.test", "wrong password"))
    assert "passwords are not used here" not in known
    assert "don't match an account" in known and "don't match an account" in unknown


def test_with_oidc_only_hr_marked_may_use_a_password_can_still_sign_in_with_it(
    only_company_app, people
):
    people["hr"].may_use_password = True
    db.session.commit()
    client = only_company_app.test_client()
    assert sign_in(client, "harriet.hr@example.test").headers["Location"] == "/leave/"
    assert sessions() == 1


def test_with_oidc_only_the_company_account_still_signs_everyone_in(only_company_app, people):
    assert company_sign_in(only_company_app.test_client(), "erin").status_code == 302
    assert sessions() == 1


def test_with_oidc_only_reset_links_go_only_to_people_who_may_use_a_password(
    only_company_app, people
):
    from portal.models import OutboxMessage

    people["hr"].may_use_password = True
    db.session.commit()
    client = only_company_app.test_client()
    assert "most people do not need a password" in client.get("/password/forgot").get_data(
        as_text=True
    )
    pages = {
        email: words(client.post("/password/forgot", data={"email": email}))
        for email in ("erin@example.test", "harriet.hr@example.test", "nobody@example.test")
    }
    assert len({page.split("reset-link-sent")[1][:300] for page in pages.values()}) == 1
    recipients = [message.recipient for message in db.session.scalars(select(OutboxMessage))]
    assert recipients == ["harriet.hr@example.test"]


def test_with_oidc_only_an_invitation_points_to_the_company_button_instead_of_a_password(
    only_company_app, people
):
    from portal.services import account_links

    erin = people["erin"]
    token = account_links.new_link(erin, account_links.Purpose.INVITATION)
    db.session.commit()
    page = words(only_company_app.test_client().get(f"/password/{token}"))
    assert "Welcome, Erin" in page and BUTTON in page
    assert 'name="new_password"' not in page


def test_with_oidc_only_an_invitation_still_lets_a_person_who_may_use_a_password_choose_one(
    only_company_app, people
):
    from portal.services import account_links

    harriet = people["hr"]
    harriet.may_use_password = True
    token = account_links.new_link(harriet, account_links.Purpose.INVITATION)
    db.session.commit()
    page = words(only_company_app.test_client().get(f"/password/{token}"))
    assert 'name="new_password"' in page


# -- The node tools ------------------------------------------------------------------------------


def test_the_node_tools_are_not_installed_again_while_the_lock_file_is_unchanged(
    oidc_provider, monkeypatch
):
    def npm_must_not_run(*args, **kwargs):
        raise AssertionError("npm ci ran again")

    monkeypatch.setattr(node_tools.subprocess, "run", npm_must_not_run)
    node_tools.install()
    assert node_tools.STAMP.read_text() == node_tools._lock_digest()
