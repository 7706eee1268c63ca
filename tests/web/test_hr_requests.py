"""HR's side of leave requests: the queue, a request's page, and the decisions made on it."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import event, select

from portal.app import create_app
from portal.domain.workflow import Action, InvalidTransition, Status
from portal.extensions import db
from portal.models import LeaveRequest, OutboxMessage, RequestEvent
from portal.services import requests
from tests.builders import PASSWORD, make_employee, make_location, sign_in
from tests.fixtures import FreshContextClient, config_for

FUTURE = date.today() + timedelta(days=120)


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    employee = make_employee(
        name="Erin Employee", email="erin@example.test", manager=manager, location=london
    )
    hr = make_employee(
        name="Harper HR", is_hr=True, location=london, timezone="America/New_York"
    )
    other_hr = make_employee(name="Hollis HR", is_hr=True, location=london)
    return {"employee": employee, "manager": manager, "hr": hr, "other_hr": other_hr,
            "london": london}


def file(person, key="key-1", submit=True, **fields) -> LeaveRequest:
    values = dict(role="birthing", event="birth", event_date=FUTURE)
    values.update(fields)
    return requests.file_request(person, requests.RequestInput(**values), key, submit=submit)


def submitted_on(request: LeaveRequest, moment: datetime) -> LeaveRequest:
    request.submitted_at = moment
    db.session.commit()
    return request


def mail_to(person) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == person.email).order_by(OutboxMessage.id)))


def queue_ids(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'data-request-id="(\d+)"', page)]


def as_hr(client, people):
    sign_in(client, people["hr"].email)
    return client


def page_of(client, leave_request) -> str:
    return client.get(f"/hr/requests/{leave_request.id}").get_data(as_text=True)


def decide(client, leave_request, decision, **data):
    data.setdefault("version", leave_request.version)
    return client.post(f"/hr/requests/{leave_request.id}/{decision}", data=data)


def history_of(leave_request) -> list[str]:
    db.session.expire_all()
    return [entry.action for entry in leave_request.history if entry.action != "viewed_details"]


# -- The queue ------------------------------------------------------------------------------


def test_the_queue_shows_requests_waiting_for_hr_oldest_first(app, client, people):
    london = people["london"]
    newest = submitted_on(file(make_employee(location=london)), datetime(2026, 3, 3, tzinfo=UTC))
    oldest = submitted_on(file(make_employee(location=london)), datetime(2026, 3, 1, tzinfo=UTC))
    asked = file(make_employee(location=london))
    requests.act(people["hr"], asked, asked.version, Action.REQUEST_INFORMATION, "Which day?")
    submitted_on(asked, datetime(2026, 3, 2, tzinfo=UTC))
    changing = file(make_employee(location=london))
    requests.act(people["hr"], changing, changing.version, Action.APPROVE)
    requests.record_birth(changing.employee, changing, changing.version,
                          date.today() - timedelta(days=1))
    submitted_on(changing, datetime(2026, 2, 1, tzinfo=UTC))
    approved = file(make_employee(location=london))
    requests.act(people["hr"], approved, approved.version, Action.APPROVE)
    file(make_employee(location=london), submit=False)  # a draft: never HR's business

    page = as_hr(client, people).get("/hr/").get_data(as_text=True)

    assert queue_ids(page) == [changing.id, oldest.id, asked.id, newest.id]
    assert "Approved, change pending" in page and "Information requested" in page


def test_each_row_shows_the_person_place_status_dates_and_submission_in_hrs_time_zone(
    app, client, people
):
    leave_request = submitted_on(file(people["employee"]), datetime(2026, 3, 2, 15, 30, tzinfo=UTC))
    page = as_hr(client, people).get("/hr/").get_data(as_text=True)
    row = page.split(f'data-request-id="{leave_request.id}"')[1].split("</tr>")[0]
    assert "Erin Employee" in row and "London" in row and "Submitted" in row
    assert f"/hr/requests/{leave_request.id}" in row
    assert FUTURE.strftime("%-d %b %Y") in row  # the first day (the birth), short in a table
    end = leave_request.end
    assert f"{end.day} {end:%b %Y}" in row
    assert "Monday 2 March 2026, 10:30 EST" in row  # Harper is in New York


def test_the_queue_filters_by_status(app, client, people):
    waiting = file(make_employee(location=people["london"]))
    approved = file(make_employee(location=people["london"]))
    requests.act(people["hr"], approved, approved.version, Action.APPROVE)
    rejected = file(make_employee(location=people["london"]))
    requests.act(people["hr"], rejected, rejected.version, Action.REJECT, "Overlaps")
    as_hr(client, people)
    assert queue_ids(client.get("/hr/?status=approved").get_data(as_text=True)) == [approved.id]
    assert queue_ids(client.get("/hr/?status=rejected").get_data(as_text=True)) == [rejected.id]
    everything = queue_ids(client.get("/hr/?status=all").get_data(as_text=True))
    assert sorted(everything) == sorted([waiting.id, approved.id, rejected.id])


def test_the_queue_filters_by_location(app, client, people):
    paris = make_location(name="Paris", country="FR", subdivision=None, timezone="Europe/Paris")
    in_london = file(make_employee(location=people["london"]))
    in_paris = file(make_employee(location=paris))
    as_hr(client, people)
    assert queue_ids(client.get(f"/hr/?location={paris.id}").get_data(as_text=True)) == [
        in_paris.id]
    page = client.get(f"/hr/?location={people['london'].id}").get_data(as_text=True)
    assert queue_ids(page) == [in_london.id]


def test_the_queue_filters_by_event(app, client, people):
    birth = file(make_employee(location=people["london"]))
    adoption = file(make_employee(location=people["london"]), role="adoptive", event="adoption")
    as_hr(client, people)
    assert queue_ids(client.get("/hr/?event=adoption").get_data(as_text=True)) == [adoption.id]
    assert queue_ids(client.get("/hr/?event=birth").get_data(as_text=True)) == [birth.id]


def test_the_queue_filters_by_the_month_leave_starts(app, client, people):
    first = FUTURE.replace(day=1)
    next_month = (first + timedelta(days=32)).replace(day=1)
    early = file(make_employee(location=people["london"]), event_date=first)
    late = file(make_employee(location=people["london"]), event_date=next_month)
    as_hr(client, people)
    page = client.get(f"/hr/?month={first:%Y-%m}").get_data(as_text=True)
    assert queue_ids(page) == [early.id]
    page = client.get(f"/hr/?month={next_month:%Y-%m}").get_data(as_text=True)
    assert queue_ids(page) == [late.id]


@pytest.mark.parametrize("query,note", [
    ("status=sleeping", "We do not know the status “sleeping”"),
    ("location=nowhere", "We do not know the location “nowhere”"),
    ("location=99999", "We do not know the location “99999”"),
    ("event=war", "We do not know the event “war”"),
    ("month=2026-13", "“2026-13” is not a month written as YYYY-MM"),
    ("month=soon", "“soon” is not a month written as YYYY-MM"),
    ("page=lots", ""),
])
def test_a_filter_that_makes_no_sense_is_left_out_with_a_gentle_note(
    app, client, people, query, note
):
    waiting = file(people["employee"])
    response = as_hr(client, people).get(f"/hr/?{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert note in page
    assert queue_ids(page) == [waiting.id]


def test_the_queue_has_pages_of_25_and_keeps_the_filters_from_page_to_page(app, client, people):
    paris = make_location(name="Paris", country="FR", subdivision=None, timezone="Europe/Paris")
    file(make_employee(location=people["london"]))  # filtered out by location
    filed = []
    for day in range(27):
        leave_request = file(make_employee(location=paris))
        filed.append(submitted_on(leave_request, datetime(2026, 1, 1, tzinfo=UTC)
                                  + timedelta(days=day)).id)
    as_hr(client, people)
    first = client.get(f"/hr/?location={paris.id}&event=birth").get_data(as_text=True)
    assert queue_ids(first) == filed[:25]
    assert "Page 1 of 2" in first and ">Previous<" not in first
    next_link = re.search(r'href="([^"]+)">Next<', first).group(1).replace("&amp;", "&")
    assert f"location={paris.id}" in next_link and "event=birth" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert queue_ids(second) == filed[25:]
    previous = re.search(r'href="([^"]+)">Previous<', second).group(1).replace("&amp;", "&")
    assert f"location={paris.id}" in previous and "page=1" in previous


def count_statements(client, path) -> int:
    statements = []

    def count(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(statements)


def test_the_queue_costs_the_same_number_of_queries_for_2_rows_as_for_25(app, client, people):
    places = [make_location() for _ in range(5)]
    for n in range(2):
        file(make_employee(location=places[n]))
    as_hr(client, people)
    with_two = count_statements(client, "/hr/?status=all")
    for n in range(23):
        file(make_employee(location=places[n % 5], manager=people["manager"]))
    with_25 = count_statements(client, "/hr/?status=all")
    assert with_two == with_25


def test_the_organisation_directory_lives_at_hr_people_and_the_queue_links_to_it(
    app, client, people
):
    make_employee(name="Someone Else")
    queue = as_hr(client, people).get("/hr/").get_data(as_text=True)
    assert 'href="/hr/people"' in queue
    directory = client.get("/hr/people").get_data(as_text=True)
    assert "Someone Else" in directory and "Erin Employee" in directory


# -- A request's page -----------------------------------------------------------------------


def test_the_request_page_shows_the_employee_the_case_the_entitlement_and_the_plan(
    app, client, people
):
    leave_request = file(people["employee"], nicu_days=9, gestation_weeks=33, babies=2,
                         child_number=3, note_to_hr="Please call after ten")
    page = page_of(as_hr(client, people), leave_request)
    employee = page.split('data-testid="employee"')[1].split("</dl>")[0]
    for text in ("Erin Employee", "erin@example.test", "London (GB-ENG)", "Morgan Manager"):
        assert text in employee
    case = page.split('data-testid="case"')[1].split("</dl>")[0]
    for text in ("Birthing parent", "Birth", f"{FUTURE:%A} {FUTURE.day} {FUTURE:%B %Y}",
                 "<dd class=\"col-sm-7\">9</dd>", "33", "<dd class=\"col-sm-7\">2</dd>",
                 "<dd class=\"col-sm-7\">3</dd>", "Please call after ten"):
        assert text in case
    entitlement = page.split('data-testid="entitlement"')[1].split("</section>")[0]
    assert "Parental leave: 26 weeks" in entitlement
    assert "Neonatal care (NICU) leave: 2 weeks" in entitlement
    assert "26 weeks parental leave (birthing parent)" in entitlement  # the explanation
    plan = page.split('data-testid="plan"')[1].split("</section>")[0]
    end = leave_request.end
    assert f"{end:%A} {end.day} {end:%B %Y}" in plan
    history = page.split('data-testid="history"')[1]
    assert "Sent the request" in history and "Erin Employee" in history


def test_the_case_of_a_loss_shows_only_what_a_loss_asks(app, client, people):
    leave_request = file(people["employee"], event="pregnancy_loss", gestation_weeks=11,
                         event_date=date.today() - timedelta(days=2))
    page = page_of(as_hr(client, people), leave_request)
    case = page.split('data-testid="case"')[1].split("</dl>")[0]
    assert "Completed weeks of pregnancy" in case and "11" in case
    for question in ("Days in neonatal care", "Number of babies", "Which child"):
        assert question not in case


def test_opening_a_request_is_recorded_without_the_details_and_changes_no_version(
    app, client, people
):
    leave_request = file(people["employee"], note_to_hr="Private words")
    version = leave_request.version
    page_of(as_hr(client, people), leave_request)
    db.session.expire_all()
    read = leave_request.history[-1]
    assert (read.action, read.actor_id, read.note) == ("viewed_details", people["hr"].id, "")
    assert leave_request.version == version
    assert "Opened the details" in page_of(client, leave_request)


def test_a_draft_is_not_hrs_to_open(app, client, people):
    draft = file(people["employee"], submit=False)
    assert as_hr(client, people).get(f"/hr/requests/{draft.id}").status_code == 404
    assert client.get("/hr/requests/99999").status_code == 404


def test_the_page_offers_exactly_the_decisions_the_workflow_allows(app, client, people):
    leave_request = file(people["employee"])
    page = page_of(as_hr(client, people), leave_request)
    for button in ("Approve", "Reject", "Request information", "Grant extra days"):
        assert f'type="submit">{button}</button>' in page
    assert ">Approve change<" not in page
    assert '<label class="form-label" for="reject-reason">Reason</label>' in page
    requests.act(people["other_hr"], leave_request, leave_request.version, Action.APPROVE)
    page = page_of(client, leave_request)
    assert 'type="submit">Approve</button>' not in page
    assert 'type="submit">Grant extra days</button>' in page


# -- Decisions ------------------------------------------------------------------------------


def test_approving_tells_the_employee_and_the_manager_with_name_and_dates_only(
    app, client, people
):
    leave_request = file(people["employee"], note_to_hr="MARKER-NOTE", nicu_days=3)
    response = decide(as_hr(client, people), leave_request, "approve")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/hr/requests/{leave_request.id}"
    db.session.expire_all()
    assert leave_request.status == Status.APPROVED
    assert history_of(leave_request) == ["submit", "approve"]
    assert mail_to(people["employee"])[-1].subject == "Your leave request is approved"
    (to_manager,) = mail_to(people["manager"])
    text = to_manager.subject + to_manager.body
    assert "Erin Employee" in text and f"{FUTURE.day} {FUTURE:%B %Y}" in text
    for secret in ("MARKER-NOTE", "birth", "NICU", "neonatal", "Birthing"):
        assert secret.lower() not in text.lower().replace("erin employee", "")
    assert "Approved. We have let Erin Employee know." in page_of(client, leave_request)


def test_rejecting_needs_a_reason_beside_the_field_and_then_tells_the_employee(
    app, client, people
):
    leave_request = file(people["employee"])
    as_hr(client, people)
    response = decide(client, leave_request, "reject", reason="   ")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    beside = page.split('id="reject-reason"')[1].split("</div>")[0]
    assert "Please give a reason; the employee will read it." in beside
    assert leave_request.status == Status.SUBMITTED

    response = decide(client, leave_request, "reject", reason="The dates overlap a freeze")
    assert response.status_code == 302
    db.session.expire_all()
    assert leave_request.status == Status.REJECTED
    assert leave_request.history[-1].note == "The dates overlap a freeze"
    assert mail_to(people["employee"])[-1].subject == "Your leave request was not approved"
    assert mail_to(people["manager"]) == []


def test_requesting_information_needs_a_message_and_keeps_what_was_typed_elsewhere(
    app, client, people
):
    leave_request = file(people["employee"])
    as_hr(client, people)
    response = decide(client, leave_request, "request-information", message="")
    assert response.status_code == 400
    assert "Please write what you would like to know." in response.get_data(as_text=True)

    response = decide(client, leave_request, "request-information", message="Which office?")
    assert response.status_code == 302
    db.session.expire_all()
    assert leave_request.status == Status.INFORMATION_REQUESTED
    assert leave_request.history[-1].note == "Which office?"
    subject = mail_to(people["employee"])[-1].subject
    assert subject == "HR has a question about your leave request"
    assert "Information requested" in page_of(client, leave_request)


def test_extra_days_need_a_reason_and_then_show_as_an_override_with_who_granted_them(
    app, client, people
):
    leave_request = file(people["employee"])
    end = leave_request.end
    as_hr(client, people)
    response = decide(client, leave_request, "extra-days", days="10", reason="")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Please write why these days are granted." in page
    assert 'value="10"' in page  # what was typed stays

    response = decide(client, leave_request, "extra-days", days="10", reason="Twins at home")
    assert response.status_code == 302
    db.session.expire_all()
    assert leave_request.end == end + timedelta(days=10)
    page = page_of(client, leave_request)
    override = page.split('data-testid="override"')[1].split("</div>")[0]
    assert "1 week and 3 days beyond the policy, granted by Harper HR" in override
    assert "Twins at home" in override
    assert "Granted extra days" in page and "10 extra days: Twins at home" in page


def test_extra_days_out_of_range_are_refused_beside_the_field(app, client, people):
    leave_request = file(people["employee"])
    response = decide(as_hr(client, people), leave_request, "extra-days", days="0", reason="x")
    assert response.status_code == 400
    assert "A whole number from 1 to 365." in response.get_data(as_text=True)


def a_pending_change(people) -> LeaveRequest:
    leave_request = file(people["employee"])
    requests.act(people["other_hr"], leave_request, leave_request.version, Action.APPROVE)
    born = date.today() - timedelta(days=1)  # a birth is recorded once it has happened
    requests.record_birth(people["employee"], leave_request, leave_request.version, born)
    return leave_request


def test_a_pending_change_is_shown_with_the_difference_and_can_be_approved(
    app, client, people
):
    leave_request = a_pending_change(people)
    born = date.today() - timedelta(days=1)  # a birth is recorded once it has happened
    page = page_of(as_hr(client, people), leave_request)
    change = page.split('data-testid="pending-change"')[1].split("</section>")[0]
    assert "The baby has arrived" in change
    row = change.split("Event date</th>")[1].split("</tr>")[0]
    assert f"{FUTURE:%A} {FUTURE.day}" in row and f"{born:%A} {born.day}" in row
    assert "changed" in row
    for button in ("Approve change", "Reject change"):
        assert f'type="submit">{button}</button>' in page

    assert decide(client, leave_request, "approve-change").status_code == 302
    db.session.expire_all()
    assert requests.state(leave_request) == Status.APPROVED
    assert leave_request.start == born
    assert mail_to(people["employee"])[-1].subject == "The change to your leave is approved"


def test_rejecting_a_change_needs_a_reason_and_keeps_the_approved_plan(app, client, people):
    leave_request = a_pending_change(people)
    before = (leave_request.start, leave_request.end)
    as_hr(client, people)
    response = decide(client, leave_request, "reject-change", reason="")
    assert response.status_code == 400
    assert "Please give a reason" in response.get_data(as_text=True).split(
        'id="reject-change-reason"')[1]
    assert decide(client, leave_request, "reject-change", reason="Call me").status_code == 302
    db.session.expire_all()
    assert requests.state(leave_request) == Status.APPROVED
    assert (leave_request.start, leave_request.end) == before
    assert leave_request.history[-1].note == "Call me"


def test_a_move_the_workflow_does_not_allow_is_a_400_with_a_message(app, client, people):
    leave_request = file(people["employee"])
    requests.act(people["employee"], leave_request, leave_request.version, Action.WITHDRAW)
    response = decide(as_hr(client, people), leave_request, "approve")
    assert response.status_code == 400
    assert "This request is withdrawn, so it can no longer be changed that way." in (
        response.get_data(as_text=True))
    db.session.expire_all()
    assert leave_request.status == Status.WITHDRAWN


def test_an_unknown_decision_is_not_found(app, client, people):
    leave_request = file(people["employee"])
    assert decide(as_hr(client, people), leave_request, "shred").status_code == 404


def test_an_hr_person_cannot_decide_their_own_request(app, client, people):
    own = file(people["hr"])
    as_hr(client, people)
    response = client.get(f"/hr/requests/{own.id}")
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/{own.id}")
    assert not response.headers["Location"].startswith("/hr/")
    response = decide(client, own, "approve")
    assert response.status_code == 302 and not response.headers["Location"].startswith("/hr/")
    db.session.expire_all()
    assert own.status == Status.SUBMITTED
    with pytest.raises(InvalidTransition):
        requests.act(people["hr"], own, own.version, Action.APPROVE)
    assert db.session.scalars(
        select(RequestEvent).where(RequestEvent.action == "viewed_details")).all() == []


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_someone_who_is_not_hr_gets_403_on_every_hr_page(app, client, people, who):
    leave_request = file(people["other_hr"])
    sign_in(client, people[who].email)
    base = f"/hr/requests/{leave_request.id}"
    for path in ("/hr/", "/hr/people", base, "/hr/requests/99999"):
        assert client.get(path).status_code == 403, path
    for decision in ("approve", "reject", "request-information", "approve-change",
                     "reject-change", "extra-days"):
        response = client.post(f"{base}/{decision}", data={
            "version": leave_request.version, "reason": "x", "message": "x", "days": "3"})
        assert response.status_code == 403, decision
    db.session.expire_all()
    assert history_of(leave_request) == ["submit"]


def test_with_csrf_on_every_decision_form_carries_a_token_and_needs_it(
    app, people, database_url_for_tests
):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    client = checked.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": people["hr"].email, "password": PASSWORD,
                                "csrf_token": token})
    leave_request = file(people["employee"])
    page = page_of(client, leave_request)
    forms = re.findall(r'<form[^>]*method="post"[^>]*>.*?</form>', page, re.S)
    decisions = [form for form in forms if "/hr/requests/" in form]
    assert len(decisions) == 4
    assert all('name="csrf_token" type="hidden"' in form for form in decisions)
    assert decide(client, leave_request, "approve").status_code == 400
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', decisions[0]).group(1)
    assert decide(client, leave_request, "approve", csrf_token=token).status_code == 302
