"""Forgot password, reset links (one hour, once), and the rules a new password must meet."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AccountLink, OutboxMessage, utcnow
from portal.passwords import password_problem
from portal.services import account_links
from portal.services.account_links import LinkNotUsable, LinkState, PasswordRefused
from portal.views.passwords import RESET_LINK_SENT, TOO_MANY_RESET_REQUESTS
from tests.builders import PASSWORD, make_employee, password_hash, sign_in

NEW_PASSWORD = "violet tandem lighthouse 47"


def emailed_link(email: str) -> str:
    """The link in the newest email to this address."""
    message = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == email)
        .order_by(OutboxMessage.id.desc())
    ).first()
    return re.search(r"https?://\S+/password/\S+", message.body).group(0)


def token_of(link: str) -> str:
    return urlsplit(link).path.rsplit("/", 1)[1]


def reset_link(email: str = "ada@example.test", **when) -> str:
    account_links.request_password_reset(email, **when)
    return emailed_link(email)


def choose(client, link: str, password: str = NEW_PASSWORD, confirmation: str | None = None):
    return client.post(
        urlsplit(link).path,
        data={"new_password": password, "confirm_password": confirmation or password},
    )


def forgot(client, email: str):
    return client.post("/password/forgot", data={"email": email})


# The rules, without the app or a database.


def test_a_long_uncommon_passphrase_is_accepted():
    assert password_problem(NEW_PASSWORD, ["Ada Byron", "ada@example.test"]) is None


@pytest.mark.parametrize("password", ["", "short", "eleven char"])
def test_a_password_under_twelve_characters_is_refused_kindly(password):
    assert password_problem(password, []).startswith(
        "Please choose a password of at least 12 characters."
    )


@pytest.mark.parametrize("password", ["password1234", "qwertyuiopas", "aaaaaaaaaaaa"])
def test_a_common_or_patterned_password_is_refused_with_zxcvbns_advice(password):
    problem = password_problem(password, [])
    assert problem.startswith("This password would be easy to guess.")
    assert len(problem) > len("This password would be easy to guess. ")


def test_the_common_password_message_says_why_in_plain_words():
    assert "This is a very common password." in password_problem("password1234", [])


def test_a_password_made_of_the_persons_own_name_or_email_is_refused():
    inputs = ["Ada Byron", "ada.byron@example.test"]
    assert password_problem("adabyron1234", inputs) is not None
    assert password_problem("ada.byron@example.test", inputs) is not None
    assert password_problem("adabyron1234", []) is None


def test_a_password_over_1024_characters_is_refused():
    assert "at most 1024 characters" in password_problem("violet tandem " * 80, [])


def test_a_long_password_is_checked_quickly():
    started = time.perf_counter()
    assert password_problem(("violet tandem lighthouse 47 " * 40)[:1024], ["Ada Byron"]) is None
    assert time.perf_counter() - started < 2


# Asking for a link.


def test_the_sign_in_page_links_to_forgot_password(app, client):
    page = client.get("/login").get_data(as_text=True)
    assert '<a href="/password/forgot">Forgot password?</a>' in page
    forgot_page = client.get("/password/forgot").get_data(as_text=True)
    assert '<label class="form-label" for="email">Email</label>' in forgot_page
    assert 'value="Send reset link"' in forgot_page


def test_forgot_password_answers_the_same_for_known_unknown_and_departed_emails(app):
    make_employee(email="ada@example.test")
    make_employee(email="gone@example.test", active=False)

    answers = {}
    for email in ("ada@example.test", "nobody@example.test", "gone@example.test"):
        response = forgot(app.test_client(), email)
        answers[email] = (response.status_code, response.get_data(as_text=True))
    assert len(set(answers.values())) == 1
    status, page = answers["ada@example.test"]
    assert status == 200
    assert RESET_LINK_SENT in page
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == ["ada@example.test"]


def test_the_email_is_found_whatever_its_case_and_spaces(app, client):
    make_employee(email="ada@example.test")
    forgot(client, "  Ada@Example.TEST ")
    assert db.session.scalars(select(OutboxMessage)).one().recipient == "ada@example.test"


def test_a_reset_email_links_to_the_form_on_the_portal_address(app, client):
    make_employee(email="ada@example.test")
    forgot(client, "ada@example.test")
    message = db.session.scalars(select(OutboxMessage)).one()
    link = emailed_link("ada@example.test")

    assert "one hour" in message.body
    assert link.startswith(app.config["PORTAL_BASE_URL"] + "/password/")
    page = client.get(urlsplit(link).path).get_data(as_text=True)
    assert "Choose a new password" in page
    assert "New password" in page and "Confirm password" in page
    assert 'value="Set password"' in page


def test_an_invited_person_without_a_password_can_ask_for_a_link_too(app, client):
    make_employee(email="ada@example.test", password_hash=None)
    assert choose(client, reset_link()).status_code == 302


def test_the_forgot_form_asks_for_an_email_when_it_is_left_empty(app, client):
    response = forgot(client, "")
    assert response.status_code == 200
    assert "Please enter the email you use for work." in response.get_data(as_text=True)
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_asking_for_a_link_for_one_email_is_limited_to_five_in_fifteen_minutes(app, client):
    make_employee(email="ada@example.test")
    assert [forgot(client, "ada@example.test").status_code for _ in range(5)] == [200] * 5
    response = forgot(client, "ADA@example.test")
    assert response.status_code == 429
    assert TOO_MANY_RESET_REQUESTS in response.get_data(as_text=True)
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 5
    assert forgot(client, "grace@example.test").status_code == 200


def test_asking_from_one_address_is_limited_to_twenty_in_fifteen_minutes(app, client):
    codes = [forgot(client, f"person{n}@example.test").status_code for n in range(21)]
    assert codes == [200] * 20 + [429]
    page = forgot(client, "another@example.test").get_data(as_text=True)
    assert "Please wait a moment" in page
    assert TOO_MANY_RESET_REQUESTS in page
    assert client.get("/password/forgot").status_code == 200


# Using a reset link.


def test_a_reset_link_sets_the_new_password_and_signs_the_person_in(app, client):
    make_employee(email="ada@example.test", name="Ada Byron")
    response = choose(client, reset_link())
    assert response.status_code == 302
    assert response.headers["Location"] == "/leave/"
    assert "Welcome back, Ada Byron" in client.get("/leave/").get_data(as_text=True)

    assert sign_in(app.test_client(), "ada@example.test", PASSWORD).status_code == 200
    assert sign_in(app.test_client(), "ada@example.test", NEW_PASSWORD).status_code == 302


def test_setting_a_new_password_ends_every_other_session(app, client):
    make_employee(email="ada@example.test")
    elsewhere = app.test_client()
    sign_in(elsewhere, "ada@example.test")
    assert elsewhere.get("/leave/").status_code == 200

    choose(client, reset_link())
    response = elsewhere.get("/leave/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")
    assert client.get("/leave/").status_code == 200


def test_a_person_signed_in_on_this_browser_stays_signed_in_with_a_fresh_session(app, client):
    make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    before = client.get_cookie("session").value
    assert choose(client, reset_link()).status_code == 302
    assert client.get("/leave/").status_code == 200
    thief = app.test_client()
    thief.set_cookie("session", before)
    assert thief.get("/leave/").status_code == 302


def test_a_reset_link_expires_after_one_hour(app, client):
    make_employee(email="ada@example.test")
    sent = utcnow()
    link = reset_link(now=sent)
    token = token_of(link)
    assert account_links.link_for(token, sent + timedelta(minutes=59)).state == LinkState.USABLE
    assert account_links.link_for(token, sent + timedelta(hours=1)).state == LinkState.EXPIRED

    stored = db.session.scalars(select(AccountLink)).one()
    stored.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get(urlsplit(link).path)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This link has expired" in page
    assert 'href="/password/forgot"' in page
    assert "HR can also send you a new invitation" not in page


def test_a_reset_link_works_once_and_then_says_so(app, client):
    make_employee(email="ada@example.test")
    link = reset_link()
    assert choose(client, link).status_code == 302

    again = app.test_client()
    response = again.get(urlsplit(link).path)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This link has already been used" in page
    assert 'href="/password/forgot"' in page
    with pytest.raises(LinkNotUsable) as refused:
        account_links.set_password_with_link(token_of(link), "yet another fine passphrase")
    assert refused.value.lookup.state == LinkState.USED


def test_a_departed_persons_reset_link_does_not_work(app, client):
    person = make_employee(email="ada@example.test")
    link = reset_link()
    person.active = False
    db.session.commit()
    response = choose(client, link)
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)


@pytest.mark.parametrize("password,message", [
    ("short pass", "at least 12 characters"),
    ("password1234", "This password would be easy to guess."),
    ("qwertyuiopas", "This password would be easy to guess."),
])
def test_a_short_or_common_password_is_refused_on_the_same_page(app, client, password, message):
    person = make_employee(email="ada@example.test")
    link = reset_link()
    response = choose(client, link, password)
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert message in page
    assert 'value="Set password"' in page
    assert password not in page
    db.session.refresh(person)
    assert person.password_hash == password_hash()
    assert account_links.link_for(token_of(link)).state == LinkState.USABLE


def test_a_password_like_the_persons_name_is_refused(app, client):
    make_employee(email="ada@example.test", name="Ada Byron")
    response = choose(client, reset_link(), "adabyron1234")
    assert "This password would be easy to guess." in response.get_data(as_text=True)


def test_a_confirmation_that_differs_is_refused(app, client):
    make_employee(email="ada@example.test")
    link = reset_link()
    response = choose(client, link, NEW_PASSWORD, "violet tandem lighthouse 48")
    assert response.status_code == 200
    assert "The two passwords are not the same." in response.get_data(as_text=True)
    assert account_links.link_for(token_of(link)).state == LinkState.USABLE


def test_a_refused_password_names_its_field(app):
    make_employee(email="ada@example.test")
    with pytest.raises(PasswordRefused) as refused:
        account_links.set_password_with_link(token_of(reset_link()), "password1234")
    assert refused.value.field == "new_password"


def test_a_signed_in_person_may_open_forgot_password(app, client):
    make_employee(email="ada@example.test")
    sign_in(client, "ada@example.test")
    assert client.get("/password/forgot").status_code == 200
    assert forgot(client, "ada@example.test").status_code == 200
