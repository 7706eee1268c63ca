"""Three audiences, three navigations; the signed-in person's name and role are visible."""

import re

import pytest

from tests.builders import make_employee, sign_in


def nav_links(page: str) -> list[str]:
    nav = page.split('<ul class="navbar-nav me-auto">')[1].split("</ul>")[0]
    return re.findall(r'">([^<]+)</a>', nav)


@pytest.mark.parametrize("audience,links,role", [
    ("employee", ["My leave", "Benefits"], "Employee"),
    ("manager", ["My leave", "Benefits", "Team"], "Manager"),
    ("hr", ["My leave", "Benefits", "HR"], "HR"),
])
def test_each_audience_sees_its_navigation_name_and_role(app, client, audience, links, role):
    manager = make_employee(name="Morgan Manager")
    employee = make_employee(name="Erin Employee", manager=manager)
    hr = make_employee(name="Harper HR", is_hr=True)
    person = {"employee": employee, "manager": manager, "hr": hr}[audience]
    sign_in(client, person.email)
    page = client.get("/leave/").get_data(as_text=True)
    assert nav_links(page) == links
    assert person.name in page
    assert f'<span class="badge text-bg-light">{role}</span>' in page


def test_a_manager_whose_reports_have_all_left_no_longer_sees_team(app, client):
    manager = make_employee()
    make_employee(manager=manager, active=False)
    sign_in(client, manager.email)
    assert nav_links(client.get("/leave/").get_data(as_text=True)) == ["My leave", "Benefits"]


def test_the_team_page_lists_direct_reports_and_hr_lists_everyone(app, client):
    manager = make_employee(name="Morgan Manager", is_hr=True)
    make_employee(name="Erin Employee", manager=manager)
    make_employee(name="Someone Else")
    sign_in(client, manager.email)
    team = client.get("/team/").get_data(as_text=True)
    assert "Erin Employee" in team and "Someone Else" not in team
    organisation = client.get("/hr/people").get_data(as_text=True)
    assert "Erin Employee" in organisation and "Someone Else" in organisation
