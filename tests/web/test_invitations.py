"""Invitations: a person added by HR gets a one-time link, for 7 days, to choose a password."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AccountLink, AuthSession, Employee, OutboxMessage, utcnow
from portal.passwords import verify_password
from portal.services import account_links
from portal.services.account_links import LinkState
from tests.builders import make_employee, make_location, sign_in

NEW_PASSWORD = "violet tandem lighthouse 47"


def invited(**fields) -> Employee:
    """A person HR has added, who has not chosen a password yet."""
    return make_employee(password_hash=None, **{"name": "Ada Byron", **fields})


def emailed_link(person: Employee) -> str:
    """The link in the newest email to this person."""
    message = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.recipient == person.email)
        .order_by(OutboxMessage.id.desc())
    ).first()
    return re.search(r"https?://\S+/password/\S+", message.body).group(0)


def token_of(link: str) -> str:
    return urlsplit(link).path.rsplit("/", 1)[1]


def invite(person: Employee, **when) -> str:
    account_links.invite(person, **when)
    db.session.commit()
    return emailed_link(person)


def choose(client, link: str, password: str = NEW_PASSWORD, confirmation: str | None = None):
    return client.post(
        urlsplit(link).path,
        data={"new_password": password, "confirm_password": confirmation or password},
    )


def test_an_invitation_writes_one_email_with_a_link_on_the_portal_address(app, client):
    person = invited(email="ada@example.test")
    link = invite(person)

    messages = db.session.scalars(select(OutboxMessage)).all()
    assert [message.recipient for message in messages] == ["ada@example.test"]
    assert "7 days" in messages[0].body
    assert link.startswith(app.config["PORTAL_BASE_URL"] + "/password/")
    page = client.get(urlsplit(link).path).get_data(as_text=True)
    assert "New password" in page
    assert "Confirm password" in page
    assert 'value="Set password"' in page
    assert "ada@example.test" in page


def test_following_the_invitation_sets_the_password_and_signs_the_person_in(app, client):
    person = invited(email="ada@example.test")
    response = choose(client, invite(person))

    assert response.status_code == 302
    assert response.headers["Location"] == "/leave/"
    page = client.get("/leave/").get_data(as_text=True)
    assert "Welcome, Ada Byron. Your password is set." in page
    db.session.refresh(person)
    assert person.password_hash.startswith("$argon2id$")
    assert verify_password(person.password_hash, NEW_PASSWORD)


def test_a_person_added_in_the_same_transaction_can_be_invited(app):
    location = make_location()
    person = Employee(
        email="new@example.test", name="New Person", location=location,
        timezone=location.timezone, password_hash=None,
    )
    db.session.add(person)
    account_links.invite(person)  # before any flush: the person has no id yet
    db.session.commit()
    link = db.session.scalars(select(AccountLink)).one()
    assert link.employee_id == person.id


def test_an_invitation_link_works_once(app, client):
    person = invited()
    link = invite(person)
    choose(client, link)

    again = app.test_client()
    response = again.get(urlsplit(link).path)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This link has already been used" in page
    assert 'href="/password/forgot"' in page
    assert "HR can also send you a new invitation" in page
    assert choose(again, link, "another fine password 99").status_code == 410
    assert again.get("/leave/").status_code == 302


def test_an_invitation_expires_after_seven_days(app, client):
    person = invited()
    sent = utcnow() - timedelta(days=7, minutes=1)
    link = invite(person, now=sent)
    token = token_of(link)

    assert account_links.link_for(token, sent + timedelta(days=6, hours=23)).state == "usable"
    assert account_links.link_for(token, sent + timedelta(days=7)).state == "expired"
    response = client.get(urlsplit(link).path)
    page = response.get_data(as_text=True)
    assert response.status_code == 410
    assert "This link has expired" in page
    assert 'href="/password/forgot"' in page
    assert "HR can also send you a new invitation" in page
    assert choose(client, link).status_code == 410
    db.session.refresh(person)
    assert person.password_hash is None


def test_only_the_sha256_of_the_token_is_stored(app):
    person = invited()
    token = token_of(invite(person))

    rows = db.session.execute(select(AccountLink.__table__)).all()
    assert len(rows) == 1
    assert rows[0].id == hashlib.sha256(token.encode()).hexdigest()
    assert not any(token in str(value) for value in rows[0])


def test_a_deactivated_persons_invitation_does_not_work(app, client):
    person = invited()
    link = invite(person)
    person.active = False
    db.session.commit()

    response = client.get(urlsplit(link).path)
    assert response.status_code == 404
    assert "This link is not valid" in response.get_data(as_text=True)
    assert choose(client, link).status_code == 404
    db.session.refresh(person)
    assert person.password_hash is None
    assert client.get("/leave/").status_code == 302


def test_a_later_reset_makes_an_older_invitation_unusable(app, client):
    person = invited(email="ada@example.test")
    invitation = invite(person)
    account_links.request_password_reset("ada@example.test")
    reset = emailed_link(person)
    assert reset != invitation

    assert choose(client, reset).status_code == 302
    assert account_links.link_for(token_of(invitation)).state == LinkState.USED
    assert "This link has already been used" in app.test_client().get(
        urlsplit(invitation).path).get_data(as_text=True)


def test_an_unknown_link_says_it_is_not_valid_and_offers_a_new_one(app, client):
    response = client.get("/password/not-a-real-token")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "This link is not valid" in page
    assert 'href="/password/forgot"' in page
    assert "HR can also send you a new invitation" not in page


def test_the_link_page_keeps_its_address_from_other_sites(app, client):
    link = invite(invited())
    assert client.get(urlsplit(link).path).headers["Referrer-Policy"] == "no-referrer"
    assert client.get("/password/unknown").headers["Referrer-Policy"] == "no-referrer"


def test_someone_signed_in_who_opens_anothers_link_is_warned_and_then_replaced(app, client):
    make_employee(email="hr@example.test", name="Grace Hopper", is_hr=True)
    person = invited(email="ada@example.test")
    link = invite(person)
    sign_in(client, "hr@example.test")

    page = client.get(urlsplit(link).path).get_data(as_text=True)
    assert "You are signed in as Grace Hopper" in page
    assert "signs in Ada Byron instead" in page
    assert choose(client, link).status_code == 302
    assert "Ada Byron" in client.get("/leave/").get_data(as_text=True)
    sessions = db.session.scalars(select(AuthSession)).all()
    assert [auth.employee_id for auth in sessions] == [person.id]


@pytest.mark.parametrize("purpose", ["invitation", "reset"])
def test_the_token_never_appears_in_the_log(app, client, caplog, purpose):
    person = invited(email="ada@example.test")
    if purpose == "invitation":
        link = invite(person)
    else:
        account_links.request_password_reset("ada@example.test")
        link = emailed_link(person)
    caplog.set_level("DEBUG")
    client.get(urlsplit(link).path)
    choose(client, link, "short")
    choose(client, link)
    client.get(urlsplit(link).path)
    assert "Password set through" in caplog.text
    assert token_of(link) not in caplog.text
