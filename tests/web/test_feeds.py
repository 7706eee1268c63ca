"""Private calendar feeds: all-day events per block, stable UIDs, neutral labels, tokens as keys."""

import secrets
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar
from sqlalchemy import event

from portal.domain.plan import Block
from portal.domain.workflow import Action, Status
from portal.extensions import db
from portal.models import LeaveRequest, PlanBlock, utcnow
from portal.services import requests
from tests.builders import give_feed_token, make_employee, make_location, sign_in

TODAY = date.today()
FUTURE = TODAY + timedelta(days=120)
STAMP = datetime.fromisoformat("2026-01-05T09:30:00+00:00")


@pytest.fixture
def people(app):
    office = make_location(name="London", country="GB", subdivision="ENG")
    director = make_employee(name="Dana Director", location=office)
    manager = make_employee(name="Morgan Manager", manager=director, location=office)
    employee = make_employee(name="Erin Employee", manager=manager, location=office)
    hr = make_employee(name="Harper HR", is_hr=True, location=office)
    outsider = make_employee(name="Olive Outsider", location=office)
    everyone = dict(director=director, manager=manager, employee=employee, hr=hr,
                    outsider=outsider)
    for person in everyone.values():
        give_feed_token(person)
    return everyone


def make_request(employee, *blocks, status=Status.APPROVED, change_pending=False):
    """A request with these (start, end) blocks, written directly: only what a calendar reads."""
    blocks = blocks or ((FUTURE, FUTURE + timedelta(days=13)),)
    request = LeaveRequest(
        employee_id=employee.id, status=status, change_pending=change_pending,
        start=blocks[0][0], end=blocks[-1][1], return_date=blocks[-1][1] + timedelta(days=1),
        policy_id="company-2022-01-01", submission_key=secrets.token_hex(8),
        updated_at=STAMP, blocks=[PlanBlock(start=start, end=end) for start, end in blocks],
    )
    db.session.add(request)
    db.session.commit()
    return request


def feed_url(person, feed="mine", token=None):
    return f"/feeds/{token or person.feed_token}/{feed}.ics"


def fetch(client, person, feed="mine") -> Calendar:
    response = client.get(feed_url(person, feed))
    assert response.status_code == 200, response.status_code
    assert response.content_type == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events_of(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


def summaries(calendar: Calendar) -> list[str]:
    return sorted(str(item["SUMMARY"]) for item in events_of(calendar))


def test_my_feed_has_one_all_day_event_per_block_ending_the_day_after_the_last(people, client):
    first = (FUTURE, FUTURE + timedelta(days=13))
    second = (FUTURE + timedelta(days=60), FUTURE + timedelta(days=73))
    request = make_request(people["employee"], first, second)
    calendar = fetch(client, people["employee"])
    assert str(calendar["VERSION"]) == "2.0"
    assert "Parental-leave portal" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "My leave"
    events = events_of(calendar)
    assert [str(item["UID"]) for item in events] == [
        f"leave-{request.id}-0@parental-leave-portal", f"leave-{request.id}-1@parental-leave-portal"
    ]
    for item, (start, end) in zip(events, (first, second), strict=True):
        assert item["DTSTART"].params["VALUE"] == "DATE"
        assert item["DTEND"].params["VALUE"] == "DATE"
        assert item.decoded("DTSTART") == start
        assert item.decoded("DTEND") == end + timedelta(days=1)
        assert str(item["SUMMARY"]) == "Erin Employee: Parental leave"
        assert str(item["STATUS"]) == "CONFIRMED"
        assert str(item["TRANSP"]) == "OPAQUE"
        assert item.decoded("DTSTAMP") == STAMP
        assert "DESCRIPTION" not in item


def test_pending_leave_is_tentative_and_drafts_and_closed_requests_never_show(people, client):
    employee = people["employee"]
    day = timedelta(days=1)
    for n, status in enumerate(Status):
        make_request(employee, (FUTURE + 20 * n * day, FUTURE + (20 * n + 9) * day), status=status)
    make_request(employee, (FUTURE - 30 * day, FUTURE - 21 * day), change_pending=True)
    events = events_of(fetch(client, employee))
    shown = {(item.decoded("DTSTART"), str(item["SUMMARY"]), str(item["STATUS"]))
             for item in events}
    position = {status: n for n, status in enumerate(Status)}
    assert shown == {
        (FUTURE + 20 * position[Status.SUBMITTED] * day,
         "Erin Employee: Parental leave (pending)", "TENTATIVE"),
        (FUTURE + 20 * position[Status.INFORMATION_REQUESTED] * day,
         "Erin Employee: Parental leave (pending)", "TENTATIVE"),
        (FUTURE + 20 * position[Status.APPROVED] * day, "Erin Employee: Parental leave",
         "CONFIRMED"),
        (FUTURE - 30 * day, "Erin Employee: Parental leave", "CONFIRMED"),
    }


def test_the_feed_is_byte_identical_across_fetches_and_a_new_link(people, client):
    employee = people["employee"]
    make_request(employee)
    make_request(employee, status=Status.SUBMITTED)
    first = client.get(feed_url(employee)).data
    assert client.get(feed_url(employee)).data == first
    give_feed_token(employee)
    assert client.get(feed_url(employee)).data == first


def test_a_changed_plan_keeps_the_uid_of_each_block_and_moves_its_dates(people, client):
    employee = people["employee"]
    request = make_request(employee, (FUTURE, FUTURE + timedelta(days=13)),
                           (FUTURE + timedelta(days=60), FUTURE + timedelta(days=73)))
    before = {str(item["UID"]) for item in events_of(fetch(client, employee))}
    request.blocks = [PlanBlock(start=FUTURE + timedelta(days=7), end=FUTURE + timedelta(days=20)),
                      PlanBlock(start=FUTURE + timedelta(days=90), end=FUTURE + timedelta(days=99))]
    request.updated_at = utcnow()
    db.session.commit()
    after = events_of(fetch(client, employee))
    assert {str(item["UID"]) for item in after} == before
    assert sorted(item.decoded("DTSTART") for item in after) == [
        FUTURE + timedelta(days=7), FUTURE + timedelta(days=90)
    ]


def test_a_new_link_revokes_the_old_one_at_once(people, client):
    employee = people["employee"]
    old = employee.feed_token
    give_feed_token(employee)
    assert employee.feed_token != old
    assert client.get(feed_url(employee, token=old)).status_code == 404
    assert client.get(feed_url(employee)).status_code == 200


def test_feeds_nobody_may_have_are_not_found(people, client):
    assert client.get("/feeds/not-a-token/mine.ics").status_code == 404
    assert client.get(feed_url(people["employee"], "team")).status_code == 404
    assert client.get(feed_url(people["manager"], "organisation")).status_code == 404
    assert client.get(feed_url(people["hr"], "team")).status_code == 404
    departed = people["outsider"]
    departed.active = False
    db.session.commit()
    assert client.get(feed_url(departed)).status_code == 404


def test_a_manager_whose_reports_have_all_left_has_no_team_feed(people, client):
    people["employee"].active = False
    db.session.commit()
    assert client.get(feed_url(people["manager"], "team")).status_code == 404
    assert client.get(feed_url(people["director"], "team")).status_code == 200


def test_the_team_feed_holds_everyone_below_the_manager_at_any_depth(people, client):
    for name in ("director", "manager", "employee", "hr", "outsider"):
        make_request(people[name])
    departed = make_employee(name="Dee Departed", manager=people["employee"], active=False)
    make_request(departed)
    calendar = fetch(client, people["director"], "team")
    assert str(calendar["X-WR-CALNAME"]) == "Team leave"
    assert summaries(calendar) == [
        "Erin Employee: Parental leave", "Morgan Manager: Parental leave"
    ]
    assert summaries(fetch(client, people["manager"], "team")) == [
        "Erin Employee: Parental leave"
    ]


def test_the_organisation_feed_holds_everyone_and_hr_always_sees_parental_leave(people, client):
    people["employee"].show_as_out_of_office = True
    db.session.commit()
    for name in ("director", "employee", "outsider"):
        make_request(people[name])
    calendar = fetch(client, people["hr"], "organisation")
    assert str(calendar["X-WR-CALNAME"]) == "Organisation leave"
    assert summaries(calendar) == [
        "Dana Director: Parental leave", "Erin Employee: Parental leave",
        "Olive Outsider: Parental leave",
    ]


def test_choosing_out_of_office_changes_what_the_manager_feed_shows(people, client, app):
    employee = people["employee"]
    make_request(employee)
    assert summaries(fetch(client, people["manager"], "team")) == [
        "Erin Employee: Parental leave"
    ]
    own = app.test_client()
    sign_in(own, employee.email)
    own.post("/settings", data={"show_as_out_of_office": "y", "save": "Save settings"})
    assert summaries(fetch(client, people["manager"], "team")) == ["Erin Employee: Out of office"]
    assert summaries(fetch(client, employee)) == ["Erin Employee: Parental leave"]


def test_only_the_window_from_a_year_back_to_eighteen_months_ahead_is_shown(people, client):
    employee = people["employee"]
    long_ago = TODAY - timedelta(days=730)
    far_ahead = TODAY + timedelta(days=800)
    make_request(employee, (long_ago, long_ago + timedelta(days=13)))
    make_request(employee, (far_ahead, far_ahead + timedelta(days=13)))
    # A request that began long ago: the block still inside the window keeps its place, 1.
    recent = make_request(employee, (long_ago, long_ago + timedelta(days=13)),
                          (TODAY - timedelta(days=30), TODAY - timedelta(days=20)))
    events = events_of(fetch(client, employee))
    assert [str(item["UID"]) for item in events] == [
        f"leave-{recent.id}-1@parental-leave-portal"
    ]


NEVER_IN_A_FEED = ("pregnancy", "loss", "nicu", "neonatal", "birth", "adopt", "surrogacy",
                   "marker-note")


def test_no_feed_names_the_kind_of_leave_or_anything_told_to_hr(people, client):
    employee, hr = people["employee"], people["hr"]
    requests.file_request(employee, requests.RequestInput(
        role="birthing", event="pregnancy_loss", event_date=TODAY - timedelta(days=2),
        gestation_weeks=11, note_to_hr="MARKER-NOTE about the loss"), "loss", submit=True)
    colleague = make_employee(name="Cole Colleague", manager=people["manager"])
    give_feed_token(colleague)
    nicu = requests.file_request(colleague, requests.RequestInput(
        role="non_birthing", event="birth", event_date=FUTURE,
        note_to_hr="MARKER-NOTE neonatal"), "nicu", submit=True)
    requests.act(hr, nicu, nicu.version, Action.APPROVE)
    requests.record_birth(colleague, nicu, nicu.version, TODAY - timedelta(days=1))
    requests.act(hr, nicu, nicu.version, Action.APPROVE_CHANGE)
    requests.record_neonatal_care(colleague, nicu, nicu.version, 20)
    adoption = make_employee(name="Ada Adopter", manager=people["manager"])
    requests.file_request(adoption, requests.RequestInput(
        role="adoptive", event="adoption", event_date=FUTURE,
        blocks=(Block(FUTURE, FUTURE + timedelta(days=13)),
                Block(FUTURE + timedelta(days=40), FUTURE + timedelta(days=53)))),
        "adopt", submit=True)
    feeds = [
        (employee, "mine"), (colleague, "mine"), (people["manager"], "team"),
        (people["director"], "team"), (hr, "organisation"),
    ]
    for person, feed in feeds:
        text = client.get(feed_url(person, feed)).get_data(as_text=True)
        assert "BEGIN:VEVENT" in text
        lowered = text.lower().replace("ada adopter", "")
        assert [word for word in NEVER_IN_A_FEED if word in lowered] == [], (person.name, feed)
    organisation = events_of(fetch(client, hr, "organisation"))
    assert len(organisation) == 4  # loss, NICU, and the adoption's two blocks


def count_queries(app, client, url) -> int:
    statements = []

    def record(*_args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_the_team_feed_needs_as_many_queries_for_five_people_as_for_fifty(people, client, app):
    director = people["director"]
    small = count_queries(app, client, feed_url(director, "team"))
    for n in range(50):
        report = make_employee(name=f"Report {n}", manager=people["manager"])
        make_request(report, (FUTURE, FUTURE + timedelta(days=13)),
                     (FUTURE + timedelta(days=60), FUTURE + timedelta(days=73)))
    large = count_queries(app, client, feed_url(director, "team"))
    assert large == small
    assert len(events_of(fetch(client, director, "team"))) == 100
