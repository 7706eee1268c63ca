"""One "today": computed in one place, from the work location's time zone, passed into the
services; a time zone nobody knows is refused when written and never breaks a page later."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import update

from portal.domain.errors import IneligibleCase
from portal.domain.locations import LocationError
from portal.extensions import db
from portal.models import Employee, Location
from portal.services import requests
from portal.services.accounts import today_for
from portal.services.locations import save_location
from tests.builders import make_employee, make_location, sign_in

# 10:00 UTC: already the next day on Kiritimati (UTC+14), still the day before in Pago Pago
# (UTC-11).
MOMENT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_today_is_the_date_at_the_work_location_not_in_the_persons_own_zone(app):
    island = make_location(name="Kiritimati", country="KI", subdivision=None,
                           timezone="Pacific/Kiritimati")
    person = make_employee(location=island, timezone="Pacific/Pago_Pago")
    assert today_for(person, MOMENT) == date(2026, 3, 3)


def test_an_unknown_zone_is_refused_when_it_is_written(app):
    with pytest.raises(LocationError) as refused:
        save_location(None, {"name": "Olympus", "country": "GB", "subdivision": "ENG",
                             "timezone": "Mars/Olympus", "weekend": (5, 6)})
    assert "not a time zone we know" in refused.value.problems["timezone"]


def test_a_zone_that_became_unknown_never_breaks_a_page(app, client):
    person = make_employee()
    leave = requests.file_request(person, requests.RequestInput(
        "non_birthing", "birth", date.today() + timedelta(days=60)), "key-1", submit=True)
    # Written before zones were checked, or dropped by a newer time zone database.
    db.session.execute(update(Location).values(timezone="Mars/Olympus"))
    db.session.execute(update(Employee).values(timezone="Mars/Olympus"))
    db.session.commit()
    sign_in(client, person.email)
    for path in ("/leave/", f"/leave/requests/{leave.id}", "/leave/requests/new"):
        assert client.get(path).status_code == 200, path
    db.session.expire_all()
    assert today_for(person, MOMENT) == MOMENT.date()


def test_the_services_take_today_from_their_caller(app):
    person = make_employee()
    due = date.today() + timedelta(days=60)
    leave = requests.file_request(person, requests.RequestInput("non_birthing", "birth", due),
                                  "key-1", submit=True)
    with pytest.raises(IneligibleCase):  # the given today is before the day of birth
        requests.record_birth(person, leave, leave.version, due - timedelta(days=2),
                              today=due - timedelta(days=3))
    requests.record_birth(person, leave, leave.version, due - timedelta(days=2), today=due)
    assert leave.details.event_date == due - timedelta(days=2)
