"""The settings page: how colleagues see one's leave, and the private calendar feed links."""

import hashlib
import re

import pytest

from config import TestConfig
from portal.app import create_app
from portal.extensions import db
from portal.models import Employee
from tests.builders import make_employee, sign_in
from tests.fixtures import FreshContextClient, config_for

SAVE = {"save": "Save settings"}
REGENERATE = {"regenerate": "Regenerate link"}
BASE = TestConfig.PORTAL_BASE_URL  # feed links are built on it, whatever host was asked


@pytest.fixture
def people(app):
    manager = make_employee(name="Morgan Manager")
    employee = make_employee(name="Erin Employee", manager=manager)
    hr = make_employee(name="Harper HR", is_hr=True)
    hr_manager = make_employee(name="Hollis HR", is_hr=True)
    make_employee(name="Reese Report", manager=hr_manager)
    return {"employee": employee, "manager": manager, "hr": hr, "hr_manager": hr_manager}


def signed_in(client, person):
    sign_in(client, person.email)
    return person


def feed_inputs(page: str) -> dict[str, str]:
    return dict(re.findall(r'id="feed-(\w+)" value="([^"]+)" readonly', page))


def checkbox(page: str) -> str:
    return re.search(r'<input [^>]*id="show_as_out_of_office"[^>]*>', page).group(0)


def test_the_settings_page_is_linked_next_to_the_signed_in_name(people, client):
    signed_in(client, people["employee"])
    page = client.get("/leave/").get_data(as_text=True)
    assert 'href="/settings" data-testid="settings-link">Settings</a>' in page
    assert 'data-testid="signed-in-as"' in page


def test_signing_in_is_needed(app, client):
    response = client.get("/settings")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_page_says_what_others_see_unless_out_of_office_is_chosen(people, client):
    signed_in(client, people["employee"])
    page = client.get("/settings").get_data(as_text=True)
    assert "Show my leave as &#34;Out of office&#34; to colleagues" in page
    assert ('Otherwise your manager and colleagues see "Parental leave" and your dates, and '
            'never anything more.') in page
    assert " checked " not in checkbox(page)


def test_saving_the_out_of_office_choice_keeps_it_and_says_so(people, client):
    employee = signed_in(client, people["employee"])
    response = client.post("/settings", data={"show_as_out_of_office": "y", **SAVE})
    assert response.status_code == 302
    assert db.session.get(Employee, employee.id).show_as_out_of_office is True
    page = client.get("/settings").get_data(as_text=True)
    assert "Your settings are saved." in page
    assert " checked " in checkbox(page)
    client.post("/settings", data=SAVE)
    assert db.session.get(Employee, employee.id).show_as_out_of_office is False


def test_without_a_link_yet_the_page_offers_to_create_one(people, client):
    signed_in(client, people["employee"])
    page = client.get("/settings").get_data(as_text=True)
    assert "Calendar feeds" in page
    assert 'value="Create my feed link"' in page and "Regenerate link" not in page
    assert feed_inputs(page) == {}
    page = client.post("/settings", data=REGENERATE).get_data(as_text=True)
    assert "Your feed link is ready." in page
    [url] = feed_inputs(page).values()
    token = url.removeprefix(f"{BASE}/feeds/").removesuffix("/mine.ics")
    assert len(token) >= 43
    assert feed_inputs(page) == {"mine": f"{BASE}/feeds/{token}/mine.ics"}
    assert '<label class="form-label" for="feed-mine">My leave</label>' in page
    assert 'value="Regenerate link"' in page
    assert "calendars subscribed with the old links stop updating" in page
    assert "this is the only time they are shown" in page


def test_the_link_is_kept_only_as_a_digest_and_shown_only_once(people, client):
    employee = signed_in(client, people["employee"])
    page = client.post("/settings", data=REGENERATE).get_data(as_text=True)
    url = feed_inputs(page)["mine"]
    token = url.removeprefix(f"{BASE}/feeds/").removesuffix("/mine.ics")
    stored = db.session.get(Employee, employee.id).feed_token_digest
    assert stored == hashlib.sha256(token.encode()).hexdigest() and token not in stored
    again = client.get("/settings").get_data(as_text=True)
    assert token not in again and feed_inputs(again) == {}
    assert "Your calendar links are set up" in again
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("audience,feeds", [
    ("employee", ["mine"]),
    ("manager", ["mine", "team"]),
    ("hr", ["mine", "organisation"]),
    ("hr_manager", ["mine", "team", "organisation"]),
])
def test_each_audience_sees_the_links_of_the_feeds_it_may_have(people, client, audience, feeds):
    signed_in(client, people[audience])
    page = client.post("/settings", data=REGENERATE).get_data(as_text=True)
    links = feed_inputs(page)
    token = links["mine"].removeprefix(f"{BASE}/feeds/").removesuffix("/mine.ics")
    assert list(links) == feeds
    for feed, url in links.items():
        assert url == f"{BASE}/feeds/{token}/{feed}.ics"
        assert client.get(url).status_code == 200
    labels = {"mine": "My leave", "team": "My team", "organisation": "Organisation"}
    for feed in feeds:
        assert f'for="feed-{feed}">{labels[feed]}</label>' in page


def test_regenerating_replaces_the_link_and_the_old_one_stops_working(people, client):
    signed_in(client, people["employee"])

    def token_on(page: str) -> str:
        url = feed_inputs(page)["mine"]
        return url.removeprefix(f"{BASE}/feeds/").removesuffix("/mine.ics")

    old = token_on(client.post("/settings", data=REGENERATE).get_data(as_text=True))
    response = client.post("/settings", data=REGENERATE)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    new = token_on(page)
    assert new != old
    assert "The old one has stopped working" in page
    assert old not in page and new in page
    assert client.get(f"/feeds/{old}/mine.ics").status_code == 404
    assert client.get(f"/feeds/{new}/mine.ics").status_code == 200


def test_a_post_without_either_button_changes_nothing(people, client):
    employee = signed_in(client, people["employee"])
    response = client.post("/settings", data={"show_as_out_of_office": "y"})
    assert response.status_code == 400
    saved = db.session.get(Employee, employee.id)
    assert saved.show_as_out_of_office is False and saved.feed_token_digest is None


def test_both_forms_carry_a_csrf_token_and_need_it(people, database_url_for_tests):
    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    client = checked.test_client()
    login = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
    sign_in(client, people["employee"].email, csrf_token=token)
    page = client.get("/settings").get_data(as_text=True)
    tokens = re.findall(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert len(tokens) == 2
    assert client.post("/settings", data=REGENERATE).status_code == 400
    assert db.session.get(Employee, people["employee"].id).feed_token_digest is None
    assert client.post("/settings", data={**REGENERATE, "csrf_token": tokens[1]}).status_code == 200
    assert db.session.get(Employee, people["employee"].id).feed_token_digest
