"""HR's Undelivered mail: what could not be sent is never set aside silently, and HR can send
it again. A real SMTP server on loopback (aiosmtpd) where a message is to arrive."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.models import utcnow
from portal.services import mailer
from tests.builders import make_employee, sign_in
from tests.web.test_mail import free_port, queue, reload, start_server

BODY_MARKER = "BODY-IS-NOT-SHOWN-7f3a"


@pytest.fixture
def hr(app):
    hr = make_employee(email="hr@example.test", name="Harriet HR", is_hr=True,
                       timezone="Europe/London")
    client = app.test_client()
    sign_in(client, hr.email)
    return client


@pytest.fixture
def port(app, monkeypatch) -> int:
    """A loopback port where nothing listens until the test starts a server there."""
    port = free_port()
    monkeypatch.setitem(app.config, "MAIL_PORT", port)
    return port


def given_up(recipient="erin@example.test", subject="Your leave request is approved",
             error="SMTPRecipientsRefused: 550 No such mailbox here", age=timedelta(days=4)):
    now = utcnow()
    return queue(
        recipient=recipient, subject=subject, body=f"Hello,\n{BODY_MARKER}\n", age=age,
        attempts=60, last_error=error, failing_since=now - age + timedelta(minutes=1),
        given_up_at=now - timedelta(hours=1),
    )


def page_of(client) -> str:
    response = client.get("/hr/mail/")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_mail_given_up_or_failing_for_over_an_hour_is_listed_for_hr_without_its_body(hr):
    given_up(recipient="gone@example.test", subject="Your leave request was not approved")
    queue(recipient="failing@example.test", body=BODY_MARKER, age=timedelta(hours=3),
          attempts=4, last_error="SMTPDataError: 451 Try again later",
          failing_since=utcnow() - timedelta(hours=2))
    queue(recipient="just-failed@example.test", last_error="SMTPDataError: 451 Try again later",
          attempts=1, failing_since=utcnow() - timedelta(minutes=5))
    queue(recipient="sent@example.test", sent_at=utcnow())
    queue(recipient="waiting@example.test")

    text = page_of(hr)
    assert "Undelivered mail" in text
    assert "gone@example.test" in text and "Your leave request was not approved" in text
    assert "SMTPRecipientsRefused: 550 No such mailbox here" in text
    assert "No longer tried" in text and "Send all 1 again" in text
    assert "failing@example.test" in text and "Still being tried" in text
    assert "SMTPDataError: 451 Try again later" in text
    for elsewhere in ("just-failed@", "sent@", "waiting@"):
        assert elsewhere not in text
    assert BODY_MARKER not in text
    assert not re.search(r"\d{4}-\d\d-\d\d", text)  # dates in words, in the reader's zone


def test_with_nothing_undelivered_the_page_says_so(hr):
    queue(recipient="sent@example.test", sent_at=utcnow())
    text = page_of(hr)
    assert "Nothing here: every email has been delivered or is on its way." in text
    assert "Send all" not in text


def test_mail_set_aside_while_the_server_was_down_goes_once_hr_sends_it_again(
    app, hr, port, monkeypatch
):
    monkeypatch.setitem(app.config, "MAIL_GIVE_UP_AFTER_DAYS", 0)  # give up at once
    message = queue()
    assert mailer.send_pending() == (0, 1)
    message = reload(message)
    assert message.given_up_at is not None
    assert "erin@example.test" in page_of(hr)

    response = hr.post(f"/hr/mail/{message.id}/resend", follow_redirects=True)
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "The email to erin@example.test will be sent again in the next minute or so." in text
    assert "erin@example.test</td>" not in text
    message = reload(message)
    assert message.given_up_at is None and message.failing_since is None
    assert message.attempts == 0 and message.next_attempt_at <= utcnow()

    controller, recorder = start_server(port)
    try:
        assert mailer.send_pending() == (1, 0)
    finally:
        controller.stop()
    assert [e.rcpt_tos for e in recorder.envelopes] == [["erin@example.test"]]


def test_send_all_again_makes_every_message_set_aside_due(hr):
    messages = [given_up(recipient=f"person{n}@example.test") for n in range(3)]
    queue(recipient="sent@example.test", sent_at=utcnow())
    response = hr.post("/hr/mail/resend-all", follow_redirects=True)
    assert "3 emails will be sent again in the next minute or so." in response.get_data(
        as_text=True)
    assert mailer.count_given_up() == 0 and mailer.count_waiting() == 3
    assert all(reload(m).given_up_at is None for m in messages)

    response = hr.post("/hr/mail/resend-all", follow_redirects=True)
    assert "No email was waiting to be sent again." in response.get_data(as_text=True)


def test_a_message_failing_but_still_tried_can_be_tried_now(hr):
    message = queue(attempts=5, last_error="SMTPDataError: 451 Try again later",
                    failing_since=utcnow() - timedelta(hours=2))
    message.next_attempt_at = utcnow() + timedelta(hours=1)
    db.session.commit()
    assert "Try now" in page_of(hr)
    assert hr.post(f"/hr/mail/{message.id}/resend").status_code == 302
    assert reload(message).next_attempt_at <= utcnow()


def test_a_sent_or_unknown_message_cannot_be_sent_again(hr):
    sent = queue(sent_at=utcnow())
    for message_id in (sent.id, 999999, 2**31, 2**63):
        assert hr.post(f"/hr/mail/{message_id}/resend").status_code == 404
    assert reload(sent).sent_at is not None


@pytest.mark.parametrize("role", ["employee", "manager"])
def test_only_hr_sees_or_resends_undelivered_mail(app, role):
    manager = make_employee(email="manager@example.test")
    make_employee(email="employee@example.test", manager=manager)
    message = given_up()
    client = app.test_client()
    sign_in(client, f"{role}@example.test")
    assert client.get("/hr/mail/").status_code == 403
    assert client.post(f"/hr/mail/{message.id}/resend").status_code == 403
    assert client.post("/hr/mail/resend-all").status_code == 403
    assert reload(message).given_up_at is not None


def test_signed_out_visitors_are_sent_to_sign_in(app):
    response = app.test_client().get("/hr/mail/")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_every_hr_page_links_to_undelivered_mail(hr):
    for path in ("/hr/", "/hr/mail/"):
        assert 'href="/hr/mail/"' in hr.get(path).get_data(as_text=True)
    assert 'aria-current="page">Undelivered mail' in page_of(hr)
