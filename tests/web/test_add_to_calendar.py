""""Add to my calendar": an iCalendar file of one's own leave on a request, and nobody else's."""

from datetime import date, timedelta

from icalendar import Calendar

from portal.domain.workflow import Action
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

DUE = date.today() + timedelta(days=60)


def file(person, key, submit=True, **fields):
    data = requests.RequestInput(**{"role": "non_birthing", "event": "birth",
                                    "event_date": DUE, **fields})
    return requests.file_request(person, data, key, submit=submit)


def test_the_file_holds_each_block_of_ones_own_leave_and_nothing_more(app, client):
    place = make_location()
    hr = make_employee(is_hr=True, location=place)
    me = make_employee(location=place)
    leave = file(me, "mine-0123456789abcdef")
    requests.act(hr, leave, leave.version, Action.APPROVE, "")
    sign_in(client, me.email)

    page = client.get(f"/leave/requests/{leave.id}").get_data(as_text=True)
    assert "Add to my calendar" in page
    response = client.get(f"/leave/requests/{leave.id}/leave.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.get_data())
    events = list(calendar.walk("VEVENT"))
    assert [(e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [
        (block.start, block.end + timedelta(days=1)) for block in leave.blocks]
    assert {str(e["SUMMARY"]) for e in events} == {"Parental leave"}
    assert {str(e["STATUS"]) for e in events} == {"CONFIRMED"}
    # The same events as the "My leave" feed: a calendar that has both shows them once.
    assert str(events[0]["UID"]) == f"leave-{leave.id}-0@parental-leave-portal"
    body = response.get_data(as_text=True).lower()
    assert "birth" not in body and "non_birthing" not in body


def test_pending_leave_is_tentative(app, client):
    place = make_location()
    me = make_employee(location=place)
    leave = file(me, "pending-0123456789abcdef")
    sign_in(client, me.email)
    response = client.get(f"/leave/requests/{leave.id}/leave.ics",
                          headers={"Accept-Language": "en"})
    event = Calendar.from_ical(response.get_data()).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "TENTATIVE"
    assert str(event["SUMMARY"]) == "Parental leave (not yet approved)"


def test_nobody_else_gets_the_file_and_a_draft_has_none(app, client):
    place = make_location()
    me = make_employee(location=place)
    manager = make_employee(location=place)
    me.manager = manager
    hr = make_employee(is_hr=True, location=place)
    leave = file(me, "theirs-0123456789abcdef")
    draft = file(make_employee(location=place), "draft-0123456789abcdef", submit=False)
    for someone in (manager, hr):
        other = client.application.test_client()
        sign_in(other, someone.email)
        assert other.get(f"/leave/requests/{leave.id}/leave.ics").status_code == 404
    owner = client.application.test_client()
    sign_in(owner, draft.employee.email)
    assert owner.get(f"/leave/requests/{draft.id}/leave.ics").status_code == 404
    assert "Add to my calendar" not in owner.get(f"/leave/requests/{draft.id}").get_data(
        as_text=True)
    assert client.get(f"/leave/requests/{leave.id}/leave.ics").status_code == 302  # sign in
