"""Long button labels (German, French) wrap inside their cards instead of running out of them."""

from datetime import date, timedelta

import pytest

from portal.extensions import db
from portal.services import requests
from tests.browser.conftest import sign_in_as
from tests.builders import PASSWORD, make_employee

# Each button inside a card, and how far it reaches past its card's edge, in pixels.
OVERFLOW = """() => [...document.querySelectorAll('main .card')].flatMap(card => {
  const box = card.getBoundingClientRect();
  return [...card.querySelectorAll('.btn')].filter(button => button.offsetParent !== null)
    .map(button => {
      const own = button.getBoundingClientRect();
      return [button.value || button.textContent.trim(),
              Math.max(own.right - box.right, box.left - own.left)];
    });
})"""


@pytest.mark.parametrize("language", ["de", "fr"])
def test_every_button_of_a_request_page_stays_inside_its_card(app, live_url, page, language):
    employee = make_employee(name="Erin Employee", language=language)
    leave = requests.file_request(employee, requests.RequestInput(
        "birthing", "birth", date.today() + timedelta(days=60)), "long-labels", submit=True)
    db.session.commit()
    sign_in_as(page, live_url, employee.email, PASSWORD)

    for path in (f"/leave/requests/{leave.id}", "/leave/", "/settings"):
        page.goto(f"{live_url}{path}")
        for details in page.locator("main details.card").all():
            details.evaluate("element => { element.open = true; }")
        buttons = page.evaluate(OVERFLOW)
        assert buttons, path
        outside = [(label, round(over)) for label, over in buttons if over > 0.5]
        assert outside == [], path
