"""HR's People pages: finding people, adding and editing them, their history, and leavers."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AccountLink, AuthSession, Employee, OutboxMessage, PersonChange
from tests.builders import (
    PASSWORD,
    give_feed_token,
    make_employee,
    make_leave,
    make_location,
    sign_in,
    statements_for,
)

TODAY = date.today()


@pytest.fixture
def org(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    berlin = make_location(name="Berlin", country="DE", subdivision="BE", timezone="Europe/Berlin")
    hr = make_employee(name="Harper HR", email="harper@example.test", is_hr=True, location=london)
    head = make_employee(name="Hana Head", email="hana@example.test", location=london)
    lead = make_employee(name="Lee Lead", email="lee@example.test", manager=head, location=london)
    dev = make_employee(name="Dana Dev", email="dana@example.test", manager=lead, location=berlin)
    return {"london": london, "berlin": berlin, "hr": hr, "head": head, "lead": lead, "dev": dev}


@pytest.fixture
def hr_client(org, client):
    sign_in(client, org["hr"].email)
    return client


def names_on(page: str) -> list[str]:
    return re.findall(r'<a href="/hr/people/\d+">([^<]+)</a>', page)


def person_form(**fields) -> dict:
    values = dict(email="new.person@example.test", name="New Person", manager_email="",
                  location="", hire_date="2026-01-05", is_hr="")
    values.update(fields)
    if not values["is_hr"]:
        del values["is_hr"]
    return values


def history_of(person) -> list[tuple[str, str, str, str]]:
    return [
        (change.source, change.field, change.old_value, change.new_value)
        for change in db.session.scalars(
            select(PersonChange).where(PersonChange.employee_id == person.id)
            .order_by(PersonChange.id)
        )
    ]


def mail_to(email: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == email)))


# -- Finding people -------------------------------------------------------------------------


def test_the_hr_area_links_to_people_and_the_page_lists_everyone_working_here(org, hr_client):
    queue = hr_client.get("/hr/").get_data(as_text=True)
    assert '<a class="nav-link" href="/hr/people">People</a>' in queue
    assert "Everyone in the organisation" not in queue
    page = hr_client.get("/hr/people").get_data(as_text=True)
    assert names_on(page) == ["Dana Dev", "Hana Head", "Harper HR", "Lee Lead"]


def test_people_are_found_by_part_of_their_name_or_email_in_any_case(org, hr_client):
    assert names_on(hr_client.get("/hr/people?q=LEE").get_data(as_text=True)) == ["Lee Lead"]
    assert names_on(hr_client.get("/hr/people?q=dana@").get_data(as_text=True)) == ["Dana Dev"]
    assert names_on(hr_client.get("/hr/people?q=%25").get_data(as_text=True)) == []


def test_filters_by_location_by_everyone_below_a_manager_and_by_who_has_left(org, hr_client):
    berlin = org["berlin"].id
    assert names_on(hr_client.get(f"/hr/people?location={berlin}").get_data(as_text=True)) == [
        "Dana Dev"]
    below = hr_client.get("/hr/people?manager=hana@example.test").get_data(as_text=True)
    assert names_on(below) == ["Dana Dev", "Lee Lead"]
    org["dev"].active = False
    db.session.commit()
    assert names_on(hr_client.get("/hr/people?status=left").get_data(as_text=True)) == [
        "Dana Dev"]
    assert len(names_on(hr_client.get("/hr/people?status=all").get_data(as_text=True))) == 4


def test_unknown_filters_are_set_aside_with_a_note_and_never_a_500(org, hr_client):
    for query in ("location=%C2%B2", "location=999999", "manager=nobody@example.test",
                  "status=gone", "q=" + "x" * 600, "page=-3"):
        response = hr_client.get(f"/hr/people?{query}")
        assert response.status_code == 200, query


def test_the_people_page_shows_fifty_a_page_with_the_same_queries_for_any_size(org, hr_client):
    few, _ = statements_for(hr_client, "/hr/people")
    for n in range(60):
        make_employee(name=f"Zed {n:02}", location=org["london"], manager=org["lead"])
    many, page = statements_for(hr_client, "/hr/people?manager=hana@example.test")
    assert len(names_on(page)) == 50
    assert "Page 1 of 2" in page
    assert many == few + 1  # the manager's email is looked up once


# -- Adding and editing -----------------------------------------------------------------------


def test_adding_a_person_saves_them_invites_them_and_records_who_did_it(org, hr_client):
    form = hr_client.get("/hr/people/new").get_data(as_text=True)
    for label in ("Email", "Name", "Manager&#39;s email", "Location", "Hire date", "HR",
                  "Save person"):
        assert label in form
    response = hr_client.post("/hr/people/new", data=person_form(
        email="New.Person@Example.test", manager_email="lee@example.test",
        location=org["berlin"].id))
    assert response.status_code == 302
    person = db.session.scalar(select(Employee).where(Employee.email == "new.person@example.test"))
    assert (person.name, person.manager_id, person.timezone) == (
        "New Person", org["lead"].id, "Europe/Berlin")
    assert person.password_hash is None and person.active
    [invitation] = mail_to(person.email)
    assert "/password/" in invitation.body
    history = history_of(person)
    assert ("hr", "email", "", "new.person@example.test") in history
    assert ("hr", "manager", "", "lee@example.test") in history
    assert {change.actor_id for change in db.session.scalars(select(PersonChange))} == {
        org["hr"].id}


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"manager_email": "ghost@example.test"}, "manager_email", "Nobody in the portal"),
        ({"email": "lee@example.test"}, "email", "Lee Lead already uses this email"),
        ({"email": "not an email"}, "email", "is not an email address"),
        ({"hire_date": (TODAY + timedelta(days=800)).isoformat()}, "hire_date",
         "check the year"),
        ({"location": "0"}, "location", "choose where this person works"),
        ({"location": "2147483648"}, "location", "choose where this person works"),
        ({"location": "²"}, "location", "choose where this person works"),
        ({"name": "  "}, "name", "enter the person"),
    ],
)
def test_a_mistake_is_named_next_to_its_field_and_what_was_typed_stays(
    org, hr_client, fields, field, message
):
    typed = person_form(**{"location": org["london"].id, "name": "Typed Name", **fields})
    response = hr_client.post("/hr/people/new", data=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert re.search(rf'id="{field}"[^>]*is-invalid|is-invalid[^>]*id="{field}"', page)
    assert message in page.replace("&#39;", "'")
    for kept in (typed["email"], typed["manager_email"]):
        assert kept == "" or f'value="{kept}"' in page
    assert db.session.scalar(select(Employee).where(Employee.name == "Typed Name")) is None


def test_a_person_cannot_manage_themselves_nor_close_a_loop_of_managers(org, hr_client):
    def edit_head(manager_email):
        return hr_client.post(f"/hr/people/{org['head'].id}/edit", data=person_form(
            email="hana@example.test", name="Hana Head", location=org["london"].id,
            manager_email=manager_email))

    itself = edit_head("hana@example.test").get_data(as_text=True)
    assert "cannot be their own manager" in itself
    loop = edit_head("dana@example.test").get_data(as_text=True)
    assert "loop of managers (Hana Head → Dana Dev → Lee Lead → Hana Head)" in loop
    db.session.refresh(org["head"])
    assert org["head"].manager_id is None


def test_editing_records_each_change_from_old_to_new_and_moves_the_time_zone(org, hr_client):
    page = hr_client.get(f"/hr/people/{org['lead'].id}/edit").get_data(as_text=True)
    assert 'value="lee@example.test"' in page and 'value="hana@example.test"' in page
    hr_client.post(f"/hr/people/{org['lead'].id}/edit", data=person_form(
        email="lee@example.test", name="Lee Leader", location=org["berlin"].id,
        manager_email="", hire_date="2020-01-06"))
    lead = db.session.get(Employee, org["lead"].id)
    assert (lead.name, lead.manager_id, lead.timezone) == ("Lee Leader", None, "Europe/Berlin")
    assert history_of(lead) == [
        ("hr", "name", "Lee Lead", "Lee Leader"),
        ("hr", "manager", "hana@example.test", ""),
        ("hr", "location", "London", "Berlin"),
    ]
    shown = hr_client.get(f"/hr/people/{lead.id}").get_data(as_text=True)
    assert "Harper HR" in shown and "Lee Lead" in shown and "HR, on the People pages" in shown


def test_the_last_hr_person_keeps_hr_access(org, hr_client):
    response = hr_client.post(f"/hr/people/{org['hr'].id}/edit", data=person_form(
        email="harper@example.test", name="Harper HR", location=org["london"].id))
    assert response.status_code == 400
    assert "only active person with HR access" in response.get_data(as_text=True)
    assert db.session.get(Employee, org["hr"].id).is_hr
    make_employee(name="Second HR", is_hr=True)
    hr_client.post(f"/hr/people/{org['hr'].id}/edit", data=person_form(
        email="harper@example.test", name="Harper HR", location=org["london"].id))
    assert not db.session.get(Employee, org["hr"].id).is_hr


def test_a_persons_page_shows_their_details_and_their_requests_for_hr(org, hr_client):
    make_leave(org["dev"], TODAY + timedelta(days=30), TODAY + timedelta(days=60))
    page = hr_client.get(f"/hr/people/{org['dev'].id}").get_data(as_text=True)
    details = page[page.index('data-testid="person-details"'):]
    for text in ("dana@example.test", "Berlin", "Lee Lead", "Monday 6 January 2020", "No"):
        assert text in details
    assert 'data-testid="person-requests"' in page and "Approved" in page
    assert hr_client.get("/hr/people/999999").status_code == 404


def test_resend_invitation_writes_a_new_link_by_email(org, hr_client):
    response = hr_client.post(f"/hr/people/{org['dev'].id}/invitation")
    assert response.status_code == 302
    [message] = mail_to("dana@example.test")
    assert "/password/" in message.body
    assert db.session.scalar(select(AccountLink.purpose)) == "invitation"


# -- Leavers ----------------------------------------------------------------------------------


def test_deactivating_asks_first_then_ends_every_way_in_and_keeps_the_record(org, hr_client, app):
    dev = org["dev"]
    give_feed_token(dev)
    feed = f"/feeds/{dev.feed_token}/mine.ics"
    make_leave(dev, TODAY + timedelta(days=30), TODAY + timedelta(days=60), status="submitted")
    elsewhere = app.test_client()
    sign_in(elsewhere, dev.email)
    assert elsewhere.get("/leave/").status_code == 200
    confirm = hr_client.get(f"/hr/people/{dev.id}/deactivate").get_data(as_text=True)
    assert "signed out everywhere" in confirm and db.session.get(Employee, dev.id).active

    response = hr_client.post(f"/hr/people/{dev.id}/deactivate")
    assert response.status_code == 302
    assert "/login" in elsewhere.get("/leave/").headers["Location"]
    assert db.session.scalars(select(AuthSession).where(
        AuthSession.employee_id == dev.id)).all() == []
    refused = sign_in(app.test_client(), dev.email)
    assert "don&#39;t match an account" in refused.get_data(as_text=True)
    assert hr_client.get(feed).status_code == 404
    person = db.session.get(Employee, dev.id)
    assert (person.active, person.name, person.feed_token_digest) == (False, "Dana Dev", None)
    assert ("hr", "active", "active", "left") in history_of(person)
    queue = hr_client.get("/hr/").get_data(as_text=True)
    assert "Dana Dev" in queue


def test_hr_cannot_deactivate_themselves(org, hr_client):
    page = hr_client.get(f"/hr/people/{org['hr'].id}/deactivate").get_data(as_text=True)
    assert "cannot deactivate yourself" in page
    assert hr_client.post(f"/hr/people/{org['hr'].id}/deactivate").status_code == 400
    assert db.session.get(Employee, org["hr"].id).active


def test_a_manager_leaves_only_once_hr_says_who_their_reports_move_to(org, hr_client):
    lead = org["lead"]
    other = make_employee(name="Omar Other", email="omar@example.test", location=org["london"])
    first = hr_client.post(f"/hr/people/{lead.id}/deactivate")
    assert first.status_code == 400
    assert "please choose who they report to now" in first.get_data(as_text=True)
    assert db.session.get(Employee, lead.id).active
    hr_client.post(f"/hr/people/{lead.id}/deactivate", data={"reports_to": "omar@example.test"})
    assert not db.session.get(Employee, lead.id).active
    assert db.session.get(Employee, org["dev"].id).manager_id == other.id
    assert ("hr", "manager", "lee@example.test", "omar@example.test") in history_of(org["dev"])


def test_a_successor_from_among_the_reports_moves_up_and_nobody_lower_may_take_over(
    org, hr_client
):
    head = org["head"]
    too_low = hr_client.post(f"/hr/people/{head.id}/deactivate",
                             data={"reports_to": "dana@example.test"})
    assert too_low.status_code == 400
    assert "works further down" in too_low.get_data(as_text=True)
    hr_client.post(f"/hr/people/{head.id}/deactivate", data={"reports_to": "lee@example.test"})
    assert db.session.get(Employee, org["lead"].id).manager_id is None
    assert db.session.get(Employee, org["dev"].id).manager_id == org["lead"].id


def test_reactivating_needs_a_new_invitation_to_sign_in_again(org, hr_client, app):
    dev = org["dev"]
    hr_client.post(f"/hr/people/{dev.id}/deactivate")
    response = hr_client.post(f"/hr/people/{dev.id}/reactivate")
    assert response.status_code == 302
    person = db.session.get(Employee, dev.id)
    assert person.active and person.password_hash is None
    refused = sign_in(app.test_client(), dev.email, PASSWORD)
    assert refused.status_code == 200  # the sign-in page again, with the usual message
    assert len(mail_to(dev.email)) == 1
    assert [row[3] for row in history_of(person) if row[1] == "active"] == ["left", "active"]


def test_a_former_manager_no_longer_sees_a_persons_leave_once_they_move(org, hr_client, app):
    dev, lead = org["dev"], org["lead"]
    start = TODAY.replace(day=1) + timedelta(days=40)
    make_leave(dev, start, start + timedelta(days=10))
    month = f"{start:%Y-%m}"
    as_lead = app.test_client()
    sign_in(as_lead, lead.email)
    assert "Dana Dev" in as_lead.get(f"/team/?month={month}").get_data(as_text=True)
    hr_client.post(f"/hr/people/{dev.id}/edit", data=person_form(
        email=dev.email, name=dev.name, location=org["berlin"].id,
        manager_email="hana@example.test"))
    assert as_lead.get(f"/team/?month={month}").status_code == 403  # no reports left
    as_head = app.test_client()
    sign_in(as_head, org["head"].email)
    assert "Dana Dev" in as_head.get(f"/team/?month={month}").get_data(as_text=True)
