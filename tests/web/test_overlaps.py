"""One leave at a time: a request that shares days with another open or approved request of the
same person is refused, naming that request and linking to it; HR sees the person's others."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from portal.domain.overlaps import OverlappingLeave
from portal.domain.workflow import Action, Status
from portal.extensions import db
from portal.formatting import long_date
from portal.models import LeaveRequest, OutboxMessage
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

DUE = date.today() + timedelta(days=90)
KEY = "a-one-time-key-0123456789"


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    return {
        "employee": make_employee(name="Erin Employee", manager=manager, location=london),
        "hr": make_employee(name="Harper HR", is_hr=True, location=london),
        "other_hr": make_employee(name="Hollis HR", is_hr=True, location=london),
    }


def file(person, key, submit=True, **fields) -> LeaveRequest:
    values = dict(role="non_birthing", event="birth", event_date=DUE)
    values.update(fields)
    return requests.file_request(person, requests.RequestInput(**values), key, submit=submit)


def count_requests() -> int:
    return db.session.scalar(select(func.count()).select_from(LeaveRequest))


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_sending_leave_that_shares_days_with_approved_leave_is_refused_and_names_it(
    app, client, people
):
    approved = file(people["employee"], "first")
    requests.act(people["hr"], approved, approved.version, Action.APPROVE)
    sign_in(client, people["employee"].email)
    mail_before = db.session.scalar(select(func.count()).select_from(OutboxMessage))

    response = client.post("/leave/requests/new", data={
        "role": "non_birthing", "event": "birth",
        "event_date": (DUE + timedelta(days=30)).isoformat(), "submission_key": KEY,
        "submit": "Submit request"})

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    notice = page.split('data-testid="overlap"')[1].split("</div>")[0]
    assert f'href="/leave/requests/{approved.id}"' in notice
    words = text_of(notice)
    assert f"approved leave from {long_date(approved.start)} to {long_date(approved.end)}" in words
    assert "Nothing has been saved or sent." in words
    assert count_requests() == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == mail_before


def test_a_request_still_with_hr_also_holds_its_days(people):
    waiting = file(people["employee"], "first")
    with pytest.raises(OverlappingLeave) as refused:
        file(people["employee"], "second", event_date=DUE + timedelta(days=7))
    assert refused.value.other.request_id == waiting.id
    assert refused.value.other.state == Status.SUBMITTED


def test_a_draft_may_overlap_until_it_is_sent(people):
    file(people["employee"], "first")
    draft = file(people["employee"], "second", submit=False)
    assert draft.status == Status.DRAFT
    with pytest.raises(OverlappingLeave):
        requests.edit_draft(people["employee"], draft, draft.version,
                            requests.RequestInput("non_birthing", "birth", DUE), submit=True)
    db.session.expire_all()
    assert draft.status == Status.DRAFT


@pytest.mark.parametrize("closing", ["withdraw", "reject", "cancel"])
def test_withdrawn_rejected_or_cancelled_leave_frees_its_days(people, closing):
    first = file(people["employee"], "first")
    if closing == "withdraw":
        requests.act(people["employee"], first, first.version, Action.WITHDRAW)
    elif closing == "reject":
        requests.act(people["hr"], first, first.version, Action.REJECT, "Please send it again")
    else:
        requests.act(people["hr"], first, first.version, Action.APPROVE)
        requests.act(people["employee"], first, first.version, Action.CANCEL)
    again = file(people["employee"], "second")
    assert again.status == Status.SUBMITTED


def test_the_same_days_for_two_people_are_fine(people):
    file(people["employee"], "first")
    colleague = make_employee(location=people["employee"].location)
    assert file(colleague, "first").status == Status.SUBMITTED


def test_a_life_event_that_would_run_into_the_next_leave_is_refused_and_changes_nothing(
    app, client, people
):
    employee = people["employee"]
    first = file(employee, "first")
    requests.act(people["hr"], first, first.version, Action.APPROVE)
    following = file(employee, "second", role="adoptive", event="adoption",
                     event_date=first.end + timedelta(days=3))
    requests.act(people["hr"], following, following.version, Action.APPROVE)
    before = (first.start, first.end, first.version)
    sign_in(client, employee.email)

    response = client.post(f"/leave/requests/{first.id}/neonatal-care", data={
        "neonatal_care-version": first.version, "neonatal_care-nicu_days": "20"})

    assert response.status_code == 400
    notice = response.get_data(as_text=True).split('data-testid="overlap"')[1].split("</div>")[0]
    assert f'href="/leave/requests/{following.id}"' in notice
    db.session.expire_all()
    assert (first.start, first.end, first.version) == before
    assert first.details.nicu_days == 0


def test_hr_cannot_approve_leave_that_shares_days_with_approved_leave_and_is_told_which(
    app, client, people
):
    employee = people["employee"]
    # Filed before the rule (or left waiting from before it): two requests for the same days.
    first = file(employee, "first")
    requests.act(people["other_hr"], first, first.version, Action.APPROVE)
    second = file(make_employee(), "theirs")
    second.employee_id = employee.id
    db.session.commit()
    sign_in(client, people["hr"].email)

    response = client.post(f"/hr/requests/{second.id}/approve", data={"version": second.version})

    assert response.status_code == 400
    notice = response.get_data(as_text=True).split('data-testid="overlap"')[1].split("</div>")[0]
    assert f'href="/hr/requests/{first.id}"' in notice
    assert "Erin Employee's approved leave" in text_of(notice)
    db.session.expire_all()
    assert second.status == Status.SUBMITTED


def test_hrs_request_page_lists_the_persons_other_requests_with_dates_and_states(
    app, client, people
):
    employee = people["employee"]
    earlier = file(employee, "earlier", event_date=DUE - timedelta(days=400))
    requests.act(people["hr"], earlier, earlier.version, Action.APPROVE)
    withdrawn = file(employee, "withdrawn", role="adoptive", event="adoption",
                     event_date=DUE + timedelta(days=20))
    requests.act(employee, withdrawn, withdrawn.version, Action.WITHDRAW)
    file(employee, "draft", submit=False, event_date=DUE + timedelta(days=200))
    this_one = file(employee, "this")
    sign_in(client, people["hr"].email)

    page = client.get(f"/hr/requests/{this_one.id}").get_data(as_text=True)

    listed = page.split('data-testid="other-requests"')[1].split("</section>")[0]
    rows = re.findall(r'data-other-request-id="(\d+)"', listed)
    assert rows == [str(earlier.id), str(withdrawn.id)]  # by first day; never the draft
    earlier_row = text_of(listed.split(f'data-other-request-id="{earlier.id}"')[1]
                          .split("</tr>")[0])
    assert "Approved" in earlier_row
    assert long_date(earlier.start) in earlier_row and long_date(earlier.end) in earlier_row
    withdrawn_row = listed.split(f'data-other-request-id="{withdrawn.id}"')[1].split("</tr>")[0]
    assert "Withdrawn" in withdrawn_row and "shares days" not in withdrawn_row
    assert f'href="/hr/requests/{withdrawn.id}"' in withdrawn_row
