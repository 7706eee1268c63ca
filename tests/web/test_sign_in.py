"""Signing in and out: messages, sessions, timeouts and password storage."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from config import Config
from portal.extensions import db
from portal.models import AuthSession, utcnow
from portal.passwords import hash_password
from portal.services.accounts import end_all_sessions
from portal.views.auth import FAILED_SIGN_IN
from tests.builders import PASSWORD, make_employee, sign_in


def test_login_page_has_labelled_email_and_password_and_a_sign_in_button(client):
    page = client.get("/login").get_data(as_text=True)
    assert '<label class="form-label" for="email">Email</label>' in page
    assert '<label class="form-label" for="password">Password</label>' in page
    assert 'value="Sign in"' in page


def test_signing_in_with_the_right_password_lands_on_my_leave(app, client):
    person = make_employee(email="ada@example.test", name="Ada Byron")
    response = sign_in(client, "ADA@example.test ")
    assert response.status_code == 302
    assert response.headers["Location"] == "/leave/"
    page = client.get("/leave/").get_data(as_text=True)
    assert person.name in page


@pytest.mark.parametrize("email,password", [
    ("ada@example.test", "wrong password"),
    ("nobody@example.test", PASSWORD),
])
def test_a_wrong_email_or_password_gets_one_generic_message_and_keeps_the_email(
    app, client, email, password
):
    make_employee(email="ada@example.test")
    response = sign_in(client, email, password)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert FAILED_SIGN_IN.replace("'", "&#39;") in page
    assert f'value="{email}"' in page
    assert PASSWORD not in page


def test_an_inactive_account_cannot_sign_in(app, client):
    make_employee(email="gone@example.test", active=False)
    assert sign_in(client, "gone@example.test").status_code == 200
    assert client.get("/leave/").status_code == 302


def test_passwords_are_stored_as_argon2id_hashes_at_the_configured_cost(app):
    person = make_employee()
    assert person.password_hash.startswith("$argon2id$")
    assert "m=8,t=1,p=1" in hash_password("anything")  # the test configuration's cost
    assert (Config.ARGON2_TIME_COST, Config.ARGON2_MEMORY_KIB, Config.ARGON2_PARALLELISM) == (
        3, 65536, 4)  # everywhere else: RFC 9106's low-memory profile


def test_the_session_is_renewed_at_sign_in(app, client):
    make_employee(email="ada@example.test")
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    sign_in(client, "ada@example.test")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.permanent


def test_a_session_cookie_copied_before_sign_out_no_longer_works(app, client):
    make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    copied = client.get_cookie("session").value
    client.post("/logout")
    assert client.get("/leave/").status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/leave/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def _only_session() -> AuthSession:
    return db.session.scalars(select(AuthSession)).one()


def test_a_session_ends_after_thirty_minutes_idle(app, client):
    make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    auth = _only_session()
    auth.last_seen_at = utcnow() - timedelta(minutes=29)
    db.session.commit()
    assert client.get("/leave/").status_code == 200

    auth = _only_session()
    auth.last_seen_at = utcnow() - timedelta(minutes=31)
    db.session.commit()
    assert client.get("/leave/").status_code == 302
    assert db.session.scalars(select(AuthSession)).all() == []


def test_a_session_ends_twelve_hours_after_sign_in_even_when_busy(app, client):
    make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    auth = _only_session()
    auth.created_at = utcnow() - timedelta(hours=12, minutes=1)
    db.session.commit()
    assert client.get("/leave/").status_code == 302


def test_ending_all_sessions_signs_a_person_out_everywhere(app, client):
    person = make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    end_all_sessions(person.id)
    assert client.get("/leave/").status_code == 302


def test_the_session_cookie_is_httponly_and_samesite_lax(app, client):
    make_employee(email="ada@example.test")
    response = sign_in(client, "ada@example.test")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie


@pytest.mark.parametrize("target,expected", [
    ("/team/", "/team/"),
    ("/hr/?page=2", "/hr/?page=2"),
    ("https://evil.example/", "/leave/"),
    ("//evil.example/", "/leave/"),
    ("/\\evil.example", "/leave/"),
    ("javascript:alert(1)", "/leave/"),
    ("http:/evil.example", "/leave/"),
])
def test_next_redirects_stay_on_this_site(app, client, target, expected):
    make_employee(email="ada@example.test")
    response = client.post(
        "/login", query_string={"next": target},
        data={"email": "ada@example.test", "password": PASSWORD},
    )
    assert response.headers["Location"] == expected


def test_signing_out_needs_a_post(app, client):
    make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    assert client.get("/logout").status_code == 405
    assert client.get("/leave/").status_code == 200
