"""Every message true: each one says what happened, in the words of the person reading it."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import select

from portal.domain.workflow import Action
from portal.extensions import db
from portal.models import OutboxMessage
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

TODAY = date.today()
DUE = TODAY + timedelta(days=60)


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    return {
        "employee": make_employee(name="Erin Employee", email="erin@example.test",
                                  manager=manager, location=london),
        "manager": manager,
        "hr": make_employee(name="Harper HR", is_hr=True, location=london),
    }


def file(person, key="key-1", submit=True, **fields):
    values = dict(role="birthing", event="birth", event_date=DUE)
    values.update(fields)
    return requests.file_request(person, requests.RequestInput(**values), key, submit=submit)


def text_of(html: str) -> str:
    text = re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))
    return re.sub(r"\( ", "(", re.sub(r" ([:,.;)])", r"\1", text))


def page_of(client, leave_request) -> str:
    return client.get(f"/leave/requests/{leave_request.id}").get_data(as_text=True)


def mail_to(person) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == person.email).order_by(OutboxMessage.id)))


def test_withdrawing_a_draft_says_nobody_was_told_because_nobody_was(app, client, people):
    draft = file(people["employee"], submit=False)
    sign_in(client, people["employee"].email)
    response = client.post(f"/leave/requests/{draft.id}/withdraw",
                           data={"withdraw-version": draft.version})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your draft is withdrawn. Nobody else had seen it, so nobody was told." in page
    assert "HR has been told" not in page
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_cancelling_without_a_manager_says_only_hr_was_told(app, client, people):
    loner = make_employee(location=people["employee"].location)
    leave = file(loner)
    requests.act(people["hr"], leave, leave.version, Action.APPROVE)
    sign_in(client, loner.email)
    response = client.post(f"/leave/requests/{leave.id}/cancel",
                           data={"cancel-version": leave.version})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your leave is cancelled. HR has been told." in page
    assert "your manager" not in page


def test_neonatal_care_while_a_birth_change_waits_says_it_was_approved_at_once(
    app, client, people
):
    leave = file(people["employee"])
    requests.act(people["hr"], leave, leave.version, Action.APPROVE)
    requests.record_birth(people["employee"], leave, leave.version, TODAY - timedelta(days=1))
    sign_in(client, people["employee"].email)
    response = client.post(f"/leave/requests/{leave.id}/neonatal-care", data={
        "neonatal_care-version": leave.version, "neonatal_care-nicu_days": "10"})
    page = text_of(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "Your neonatal care leave is added and approved straight away, as the policy " \
        "says; HR has been told." in page
    assert "The date of birth you sent is still with HR" in page
    assert "The new dates have gone to HR for approval" not in page


def test_the_history_says_the_policy_approved_it_not_the_employee(app, client, people):
    loss = file(people["employee"], event="pregnancy_loss", event_date=TODAY - timedelta(days=2),
                gestation_weeks=9)
    sign_in(client, people["employee"].email)
    history = text_of(page_of(client, loss).split('data-testid="history"')[1].split("</ol>")[0])
    assert "You: Sent the request; it was approved straight away, as the policy says" in history
    assert "Approved on submission" not in history
    client.post("/logout")
    sign_in(client, people["hr"].email)
    history = text_of(client.get(f"/hr/requests/{loss.id}").get_data(as_text=True)
                      .split('data-testid="history"')[1].split("</ol>")[0])
    assert "Erin Employee: Sent the request; approved straight away, as the policy says" in history


def test_a_loss_on_a_request_hr_has_not_decided_reads_as_an_update_not_a_sending(
    app, client, people
):
    leave = file(people["employee"])
    requests.record_pregnancy_loss(people["employee"], leave, leave.version,
                                   TODAY - timedelta(days=1), 9)
    sign_in(client, people["employee"].email)
    history = text_of(page_of(client, leave).split('data-testid="history"')[1].split("</ol>")[0])
    assert "You: Updated the request; it was approved straight away, as the policy says" \
        in history


def test_cancel_is_not_offered_once_the_baby_has_arrived_and_leave_has_in_effect_begun(
    app, client, people
):
    leave = file(people["employee"])  # leave planned to start on the due date, weeks away
    requests.act(people["hr"], leave, leave.version, Action.APPROVE)
    sign_in(client, people["employee"].email)
    assert "Cancel leave" in page_of(client, leave)
    requests.record_birth(people["employee"], leave, leave.version, TODAY - timedelta(days=1))
    assert requests.state(leave) == "change_pending"  # HR has yet to approve the new dates

    page = page_of(client, leave)
    assert "Cancel leave" not in page and "has not started yet" not in page
    # Only taking the change back is offered (a mistyped date): not cancelling.
    assert requests.allowed_actions(people["employee"], leave) == [Action.WITHDRAW_CHANGE]


def test_a_rejected_request_shows_the_reason_first_says_what_next_and_offers_a_new_one(
    app, client, people
):
    leave = file(people["employee"], note_to_hr="Twins, we think", nicu_days=3)
    requests.act(people["hr"], leave, leave.version, Action.REJECT,
                 "Please send the expected date from your midwife's letter.")
    sign_in(client, people["employee"].email)
    page = page_of(client, leave)

    top = page.split('data-testid="rejection"')[1].split("</div>\n</div>")[0]
    assert page.index('data-testid="rejection"') < page.index("Your leave</h2>")
    assert 'id="reason"' in page.split('data-testid="rejection"')[0].rsplit("<div", 1)[1]
    assert "Please send the expected date from your midwife&#39;s letter." in top
    assert "start a new request from this one" in text_of(top)
    link = re.search(r'href="([^"]+)">Start a new request from this one<', top).group(1)
    assert link == f"/leave/requests/new?from={leave.id}"

    form = client.get(link).get_data(as_text=True)
    assert 'data-testid="started-from"' in form
    assert f'value="{DUE.isoformat()}"' in form and "Twins, we think</textarea>" in form
    assert '<option selected value="birthing">' in form
    key = re.search(r'name="submission_key" type="hidden" value="([^"]+)"', form).group(1)
    assert key != leave.submission_key


def test_someone_elses_request_cannot_start_a_new_one(app, client, people):
    theirs = file(people["employee"], note_to_hr="Private words")
    someone = make_employee(location=people["employee"].location)
    sign_in(client, someone.email)
    form = client.get(f"/leave/requests/new?from={theirs.id}").get_data(as_text=True)
    assert "Private words" not in form and 'data-testid="started-from"' not in form


def test_the_rejection_email_says_not_approved_and_links_to_the_reason(app, people):
    leave = file(people["employee"])
    requests.act(people["hr"], leave, leave.version, Action.REJECT, "MARKER-REASON")
    (email,) = mail_to(people["employee"])
    assert email.subject == "Your leave request was not approved"
    assert "was not approved" in email.body
    assert f"/leave/requests/{leave.id}#reason" in email.body
    assert "MARKER-REASON" not in email.body  # the reason stays in the portal
    assert "Your leave from" not in email.body  # it is not their leave: it was not approved
