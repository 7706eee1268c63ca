"""With CSRF checking on, as in production: every form carries a token and needs it."""

import re

import pytest

from portal.app import create_app
from portal.extensions import db
from tests.builders import PASSWORD, make_employee
from tests.fixtures import FreshContextClient, config_for


@pytest.fixture
def csrf_client(app, database_url_for_tests):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    return checked.test_client()


def _token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_the_login_form_carries_a_csrf_token(csrf_client):
    assert _token(csrf_client.get("/login").get_data(as_text=True))


def test_a_post_without_the_token_is_refused_with_a_friendly_page(app, csrf_client):
    make_employee(email="ada@example.test")
    response = csrf_client.post("/login", data={"email": "ada@example.test", "password": PASSWORD})
    assert response.status_code == 400
    assert "This form had expired, so nothing was saved" in response.get_data(as_text=True)


def test_signing_in_and_out_with_the_tokens_works(app, csrf_client):
    make_employee(email="ada@example.test")
    token = _token(csrf_client.get("/login").get_data(as_text=True))
    response = csrf_client.post(
        "/login", data={"email": "ada@example.test", "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    page = csrf_client.get("/leave/").get_data(as_text=True)
    assert csrf_client.post("/logout").status_code == 400
    assert csrf_client.get("/leave/").status_code == 200
    sign_out_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    assert csrf_client.post("/logout", data={"csrf_token": sign_out_token}).status_code == 302
    assert csrf_client.get("/leave/").status_code == 302
    db.session.rollback()
