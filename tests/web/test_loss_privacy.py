"""After a pregnancy loss the employee chooses who tells their manager the new dates, and nothing
the manager receives ties those dates to the leave they knew of."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from portal.domain.workflow import Action
from portal.extensions import db
from portal.formatting import long_date
from portal.models import OutboxMessage
from portal.services import requests
from tests.builders import make_employee, make_location, sign_in

TODAY = date.today()
LOST_ON = TODAY - timedelta(days=1)


@pytest.fixture
def people(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(name="Morgan Manager", location=london)
    return {
        "employee": make_employee(name="Erin Employee", manager=manager, location=london),
        "manager": manager,
        "hr": make_employee(name="Harper HR", is_hr=True, location=london),
    }


def approved_birth(people):
    leave = requests.file_request(people["employee"], requests.RequestInput(
        "birthing", "birth", TODAY + timedelta(days=100)), "birth", submit=True)
    requests.act(people["hr"], leave, leave.version, Action.APPROVE)
    return leave


def mail_to(person) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == person.email).order_by(OutboxMessage.id)))


def loss_form(client, leave, choice: str | None):
    data = {"pregnancy_loss-version": leave.version,
            "pregnancy_loss-loss_date": LOST_ON.isoformat(),
            "pregnancy_loss-gestation_weeks": "26"}
    if choice:
        data["pregnancy_loss-tell_manager"] = choice
    return client.post(f"/leave/requests/{leave.id}/pregnancy-loss", data=data)


def test_the_loss_form_asks_who_tells_the_manager_with_hr_as_the_default(app, client, people):
    leave = approved_birth(people)
    sign_in(client, people["employee"].email)
    page = client.get(f"/leave/requests/{leave.id}").get_data(as_text=True)
    loss = page.split("<details")[1].split("</details>")[0]
    assert re.search(r'<input checked[^>]*name="pregnancy_loss-tell_manager"[^>]*value="hr"', loss)
    assert "HR will tell my manager" in loss and "Tell my manager the new dates now" in loss


def test_when_hr_will_tell_the_manager_gets_nothing_and_hr_is_asked_to(app, client, people):
    leave = approved_birth(people)
    told = len(mail_to(people["manager"]))
    sign_in(client, people["employee"].email)

    response = loss_form(client, leave, "hr")

    assert response.status_code == 302
    assert len(mail_to(people["manager"])) == told
    (to_hr,) = [m for m in mail_to(people["hr"]) if "changed" in m.subject]
    assert "asked HR to tell their manager the new dates" in to_hr.body
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "HR will tell your manager the new dates" in page


def test_when_told_now_the_manager_hears_only_that_they_will_be_away_and_when(
    app, client, people
):
    leave = approved_birth(people)
    (first,) = mail_to(people["manager"])  # "will be away", when the birth leave was approved
    sign_in(client, people["employee"].email)

    assert loss_form(client, leave, "now").status_code == 302

    db.session.expire_all()
    (_, news) = mail_to(people["manager"])
    assert news.subject == first.subject == "Erin Employee will be away"
    assert news.body == (f"Erin Employee: Parental leave from {long_date(leave.start)} to "
                         f"{long_date(leave.end)}, back at work on "
                         f"{long_date(leave.return_date)}.\n")
    for tie in ("chang", "instead", "now", "new", "http", "/requests/", "request"):
        assert tie not in news.body.lower().replace("erin employee", "")


def test_without_a_manager_nothing_is_asked(app, client, people):
    loner = make_employee(location=people["employee"].location)
    leave = requests.file_request(loner, requests.RequestInput(
        "birthing", "birth", TODAY + timedelta(days=100)), "birth", submit=True)
    sign_in(client, loner.email)
    page = client.get(f"/leave/requests/{leave.id}").get_data(as_text=True)
    assert "tell_manager" not in page
