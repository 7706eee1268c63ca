"""Coming back earlier (POLICY §4): the employee chooses the last day of leave, from the end of
the law's compulsory weeks to the longest leave, on "Plan my leave" and on a new request."""

import re
from datetime import date, timedelta
from html import unescape

from sqlalchemy import select

from portal.domain.plan import Block
from portal.domain.workdays import first_working_day_after
from portal.extensions import db
from portal.formatting import long_date
from portal.models import LeaveRequest
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

# A GB birth: 26 weeks on company pay, 52 weeks of statutory maternity leave, and the law's 2
# compulsory weeks after the birth.
BIRTH = date(2026, 3, 2)  # a Monday
COMPANY_END = date(2026, 8, 30)  # 182 days
LONGEST_END = date(2027, 2, 28)  # 52 weeks
COMPULSORY_END = date(2026, 3, 15)  # 2 weeks after the birth


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def signed_in_in_london(client):
    london = make_location(name="London", country="GB", subdivision="ENG")
    person = make_employee(location=london)
    sign_in(client, person.email)
    return person


def plan(client, person, **answers):
    query = dict(role="birthing", event="birth", event_date=BIRTH.isoformat(),
                 location=person.location_id, **answers)
    return client.get("/leave/plan", query_string=query).get_data(as_text=True)


def test_choosing_a_day_after_the_compulsory_weeks_shows_the_return_and_what_is_given_up(
    app, client
):
    person = signed_in_in_london(client)
    page = plan(client, person, end="2026-06-28")
    text = text_of(page)
    assert "Last day of leave Sunday 28 June 2026" in text
    assert '<dd class="col-sm-8" data-testid="return-date">Monday 29 June 2026</dd>' in page
    assert ("You could stay until Sunday 28 February 2027; after Sunday 30 August 2026 you "
            "would be on statutory pay or unpaid.") in text
    assert "Coming back on Monday 29 June 2026 gives up 9 weeks of company-paid leave." in text
    assert "17 weeks of leave, 17 weeks of it on full company pay" in text
    assert "Back at work Monday 29 June 2026." in page  # the timeline ends there too
    assert "Statutory leave, statutory pay or unpaid" not in page
    assert "invalid-feedback" not in page


def test_a_day_inside_the_compulsory_weeks_is_refused_beside_the_field_and_stays_typed(
    app, client
):
    person = signed_in_in_london(client)
    page = plan(client, person, end="2026-03-10")
    field = re.search(r'<input[^>]*name="end"[^>]*>', page).group(0)
    assert 'value="2026-03-10"' in field and "is-invalid" in field
    feedback = re.search(r'name="end".*?<div class="invalid-feedback">(.*?)</div>', page, re.S)
    message = unescape(feedback.group(1))
    assert "the earliest you can come back is Monday 16 March 2026" in message
    assert "from Sunday 15 March 2026 to Sunday 28 February 2027" in message
    assert not re.search(r"\d{4}-\d{2}-\d{2}", message)
    assert 'data-testid="estimate-dates"' not in page


def test_a_day_after_the_longest_leave_is_refused_too(app, client):
    person = signed_in_in_london(client)
    page = text_of(plan(client, person, end="2027-03-01"))
    assert "the longest leave you can take ends on Sunday 28 February 2027" in page


def test_an_empty_last_day_keeps_the_longest_leave(app, client):
    person = signed_in_in_london(client)
    page = plan(client, person, end="")
    text = text_of(page)
    assert "Last day of leave Sunday 28 February 2027" in text
    assert '<dd class="col-sm-8" data-testid="return-date">Monday 1 March 2027</dd>' in page
    assert "You could stay until Sunday 28 February 2027" in text
    assert "gives up" not in text


def test_coming_back_after_company_leave_gives_up_no_company_pay(app, client):
    person = signed_in_in_london(client)
    text = text_of(plan(client, person, end=LONGEST_END.replace(day=1).isoformat()))
    assert "Last day of leave Monday 1 February 2027" in text
    assert "gives up" not in text


def test_a_request_filed_with_a_chosen_last_day_keeps_that_plan_and_return_date(app, client):
    person = signed_in_in_london(client)
    due = date.today() + timedelta(days=60)
    end = due + timedelta(days=100)
    response = client.post("/leave/requests/new", data={
        "role": "birthing", "event": "birth", "event_date": due.isoformat(),
        "end": end.isoformat(), "submission_key": "a-one-time-key-0123456789",
        "submit": "Submit request",
    })
    assert response.status_code == 302
    leave_request = db.session.scalars(select(LeaveRequest)).one()
    location = person.location
    assert leave_request.end == end
    assert [(block.start, block.end) for block in leave_request.blocks] == [
        (leave_request.start, end)
    ]
    assert leave_request.return_date == first_working_day_after(
        end, location.country, location.subdivision, location.weekend
    )
    page = text_of(client.get(f"/leave/requests/{leave_request.id}").get_data(as_text=True))
    assert f"Last day of leave {long_date(end)}" in page


def test_the_request_preview_says_what_coming_back_earlier_gives_up(app, client):
    signed_in_in_london(client)
    response = client.post("/leave/requests/new?partial=1", data={
        "role": "birthing", "event": "birth", "event_date": BIRTH.isoformat(),
        "end": "2026-06-28", "submission_key": "a-one-time-key-0123456789", "preview": "1",
    })
    text = text_of(response.get_data(as_text=True))
    assert "Last day of leave Sunday 28 June 2026" in text
    assert "Coming back on Monday 29 June 2026 gives up 9 weeks of company-paid leave." in text


def test_a_request_refuses_a_last_day_inside_the_compulsory_weeks_beside_the_field(app, client):
    signed_in_in_london(client)
    due = date.today() + timedelta(days=60)
    response = client.post("/leave/requests/new", data={
        "role": "birthing", "event": "birth", "event_date": due.isoformat(),
        "end": (due + timedelta(days=3)).isoformat(),
        "submission_key": "a-one-time-key-0123456789", "submit": "Submit request",
    })
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    field = re.search(r'<input[^>]*name="end"[^>]*>', page).group(0)
    assert f'value="{(due + timedelta(days=3)).isoformat()}"' in field
    feedback = re.search(r'name="end".*?<div class="invalid-feedback">(.*?)</div>', page, re.S)
    assert "The law asks you to stay on leave until" in unescape(feedback.group(1))
    assert db.session.scalars(select(LeaveRequest)).first() is None


def test_a_saved_draft_keeps_the_chosen_last_day_in_its_form(app, client):
    signed_in_in_london(client)
    due = date.today() + timedelta(days=60)
    end = due + timedelta(days=100)
    response = client.post("/leave/requests/new", data={
        "role": "birthing", "event": "birth", "event_date": due.isoformat(),
        "end": end.isoformat(), "submission_key": "a-one-time-key-0123456789",
        "save_draft": "Save draft",
    })
    assert response.status_code == 302
    leave_request = db.session.scalars(select(LeaveRequest)).one()
    page = client.get(f"/leave/requests/{leave_request.id}/edit").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="end"[^>]*>', page).group(0)
    assert f'value="{end.isoformat()}"' in field
    assert f"Last day of leave {long_date(end)}" in text_of(page)


def test_a_last_day_with_a_split_plan_is_refused_beside_the_field(app, client):
    signed_in_in_london(client)
    due = date.today() + timedelta(days=60)
    response = client.post("/leave/requests/new", data={
        "role": "birthing", "event": "birth", "event_date": due.isoformat(),
        "end": (due + timedelta(days=100)).isoformat(),
        "blocks-0-start": due.isoformat(), "blocks-0-end": (due + timedelta(days=30)).isoformat(),
        "blocks-1-start": (due + timedelta(days=60)).isoformat(),
        "blocks-1-end": (due + timedelta(days=90)).isoformat(),
        "submission_key": "a-one-time-key-0123456789", "submit": "Submit request",
    })
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    feedback = re.search(r'name="end".*?<div class="invalid-feedback">(.*?)</div>', page, re.S)
    assert "ends on the last day of your last block" in unescape(feedback.group(1))
    assert db.session.scalars(select(LeaveRequest)).first() is None


def test_a_chosen_last_day_survives_a_life_event_and_grows_with_the_neonatal_weeks(app, client):
    """Recording neonatal care keeps the employee's earlier return, moved by the company weeks
    the care adds; it never silently becomes the longest leave again."""
    person = signed_in_in_london(client)
    start = date.today() - timedelta(days=20)
    end = start + timedelta(days=100)
    filed = requests.file_request(
        person,
        requests.RequestInput(role="birthing", event="birth", event_date=start,
                              blocks=(Block(start, end),)),
        "earlier-0123456789abcdef", submit=True,
    )
    assert filed.end == end
    requests.record_neonatal_care(person, filed, filed.version, 10)
    changed = db.session.get(LeaveRequest, filed.id)
    assert changed.end == end + timedelta(days=14)  # 10 days in care: 2 more company weeks
    assert changed.end < date.fromisoformat(changed.details.entitlement["end"])


def test_the_request_page_sums_up_the_chosen_leave_not_the_longest(app, client):
    person = signed_in_in_london(client)
    start = date.today() + timedelta(days=60)
    end = start + timedelta(days=97)  # 14 weeks
    filed = requests.file_request(
        person,
        requests.RequestInput(role="birthing", event="birth", event_date=start,
                              blocks=(Block(start, end),)),
        "summary-0123456789abcdef", submit=True,
    )
    page = text_of(client.get(f"/leave/requests/{filed.id}").get_data(as_text=True))
    assert "In all 14 weeks of leave, 14 weeks of it on full company pay" in page
    assert f"Phased return {long_date(filed.return_date)} to" in page
