"""SCIM 2.0 provisioning under /scim/v2: the mapping to people, deactivation, filters and
paging, errors, and the bearer token (never a session cookie)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.models import AuthSession, Employee, PersonChange
from portal.services.scim.tokens import create_token, revoke_token
from tests.builders import make_employee, make_location, sign_in

SCIM = "application/scim+json"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


@pytest.fixture
def default_place(app):
    return make_location(name="Headquarters", country="GB", subdivision="ENG", is_default=True)


@pytest.fixture
def token(app):
    return create_token("okta")


@pytest.fixture
def scim(client, token, default_place):
    """Call the endpoint with the token: scim("POST", "/Users", {...})."""

    def call(method, path, body=None, *, headers=None, **kwargs):
        sent = {"Authorization": f"Bearer {token}", **(headers or {})}
        data = json.dumps(body) if body is not None and not isinstance(body, bytes) else body
        return client.open(
            f"/scim/v2{path}", method=method, data=data, headers=sent,
            content_type=kwargs.pop("content_type", SCIM), **kwargs,
        )

    return call


def user(user_name="bjensen@example.com", **fields):
    body = {
        "schemas": [CORE],
        "userName": user_name,
        "displayName": "Barbara Jensen",
        "emails": [{"value": "bjensen@example.com", "type": "work", "primary": True}],
        "active": True,
    }
    body.update(fields)
    return body


def patch(*operations):
    return {"schemas": [PATCH_OP], "Operations": list(operations)}


def person(user_id) -> Employee:
    db.session.expire_all()
    return db.session.get(Employee, int(user_id))


def assert_scim_error(response, status, scim_type=None):
    assert response.status_code == status
    assert response.mimetype == SCIM
    body = response.get_json()
    assert body["schemas"] == [ERROR]
    assert body["status"] == str(status)
    assert body.get("scimType") == scim_type
    assert body["detail"]
    return body


# -- Discovery ---------------------------------------------------------------------------------


def test_service_provider_config_resource_types_and_schemas_are_published(scim):
    config = scim("GET", "/ServiceProviderConfig").get_json()
    assert config["patch"]["supported"] and config["filter"]["supported"]
    assert not config["bulk"]["supported"] and not config["sort"]["supported"]
    assert config["authenticationSchemes"][0]["type"] == "oauthbearertoken"
    types = scim("GET", "/ResourceTypes").get_json()
    assert [kind["endpoint"] for kind in types["Resources"]] == ["/Users"]
    response = scim("GET", "/Schemas")
    assert response.status_code == 200 and response.mimetype == SCIM


def test_the_schemas_publish_exactly_the_attributes_the_portal_stores(scim):
    schemas = {schema["id"]: schema for schema in scim("GET", "/Schemas").get_json()["Resources"]}
    core = {attribute["name"]: attribute for attribute in schemas[CORE]["attributes"]}
    assert set(core) == {"userName", "displayName", "emails", "active", "addresses"}
    assert [sub["name"] for sub in core["emails"]["subAttributes"]] == ["value", "type"]
    assert [sub["name"] for sub in core["addresses"]["subAttributes"]] == [
        "type", "country", "region", "locality"]
    enterprise = schemas[ENTERPRISE]["attributes"]
    assert [attribute["name"] for attribute in enterprise] == ["manager"]
    assert [sub["name"] for sub in enterprise[0]["subAttributes"]] == ["value", "$ref"]


# -- Creating, reading, the mapping ------------------------------------------------------------


def test_a_user_created_by_scim_is_found_by_hr_and_every_change_is_in_the_history(
    scim, client
):
    created = scim("POST", "/Users", user(externalId="00u1"))
    assert created.status_code == 201 and created.mimetype == SCIM
    body = created.get_json()
    assert created.headers["Location"] == f"http://127.0.0.1:5000/scim/v2/Users/{body['id']}"
    assert (body["userName"], body["displayName"], body["externalId"]) == (
        "bjensen@example.com", "Barbara Jensen", "00u1")
    assert body["emails"] == [{"value": "bjensen@example.com", "type": "work"}]
    assert body["active"] is True and body["meta"]["resourceType"] == "User"

    new = person(body["id"])
    assert (new.email, new.name, new.password_hash, new.location.name) == (
        "bjensen@example.com", "Barbara Jensen", None, "Headquarters")
    changes = db.session.scalars(
        select(PersonChange).where(PersonChange.employee_id == new.id)).all()
    assert {(c.source, c.source_name) for c in changes} == {("identity provider", "okta")}
    assert {"email", "name", "login_name", "external_id"} <= {c.field for c in changes}

    hr = make_employee(is_hr=True)
    sign_in(client, hr.email)
    found = client.get("/hr/people?q=jensen").get_data(as_text=True)
    assert f'data-person-id="{new.id}"' in found
    page = client.get(f"/hr/people/{new.id}").get_data(as_text=True)
    assert "the identity provider" in page and "okta" in page


def test_what_is_written_is_read_back_the_same(scim, app):
    make_location(name="Berlin", country="DE", subdivision="BE", timezone="Europe/Berlin")
    boss = scim("POST", "/Users", user("boss", emails=[{"value": "boss@example.com"}]))
    boss_id = boss.get_json()["id"]
    address = {"type": "work", "country": "DE", "region": "BE", "locality": "Berlin"}
    sent = user(
        "Barbara.J", externalId="x-1", addresses=[address],
        **{"schemas": [CORE, ENTERPRISE], ENTERPRISE: {"manager": {"value": boss_id}}},
    )
    created = scim("POST", "/Users", sent).get_json()
    read = scim("GET", f"/Users/{created['id']}").get_json()
    assert read["userName"] == "Barbara.J" and read["externalId"] == "x-1"
    assert read["addresses"] == [address]
    assert read[ENTERPRISE]["manager"] == {
        "value": boss_id, "$ref": f"http://127.0.0.1:5000/scim/v2/Users/{boss_id}"}
    placed = person(created["id"])
    assert (placed.location.name, placed.location_to_check, placed.manager_id) == (
        "Berlin", False, int(boss_id))


def test_the_work_email_is_the_primary_entry_else_the_first_else_the_user_name(scim):
    emails = [{"value": "home@example.com", "type": "home"},
              {"value": "Work@Example.com", "type": "work", "primary": True}]
    first = scim("POST", "/Users", user("one", emails=emails)).get_json()
    assert person(first["id"]).email == "work@example.com"
    second = scim("POST", "/Users", user("two", emails=[
        {"value": "first@example.com"}, {"value": "second@example.com"}])).get_json()
    assert person(second["id"]).email == "first@example.com"
    body = user("third@example.com")
    del body["emails"]
    third = scim("POST", "/Users", body).get_json()
    assert person(third["id"]).email == "third@example.com"


def test_a_user_with_no_email_at_all_is_an_invalid_value(scim):
    body = user("not-an-email")
    del body["emails"]
    assert_scim_error(scim("POST", "/Users", body), 400, "invalidValue")
    bad = user("x", emails=[{"value": "not an email"}])
    assert_scim_error(scim("POST", "/Users", bad), 400, "invalidValue")
    assert db.session.scalars(select(Employee)).all() == []


def test_the_name_is_made_from_name_when_display_name_is_left_out(scim):
    body = user("okta-style", name={"givenName": "Ada", "familyName": "Lovelace"})
    del body["displayName"]
    created = scim("POST", "/Users", body).get_json()
    assert created["displayName"] == "Ada Lovelace"


def test_a_user_name_taken_in_any_case_is_a_uniqueness_conflict(scim):
    scim("POST", "/Users", user("BJensen"))
    again = user("bjensen", emails=[{"value": "other@example.com"}])
    assert_scim_error(scim("POST", "/Users", again), 409, "uniqueness")


def test_a_post_with_the_email_of_a_person_not_yet_provisioned_adopts_them(scim, app):
    office = make_location(name="London office")
    imported = make_employee(email="bjensen@example.com", name="B. Jensen", location=office)
    created = scim("POST", "/Users", user())
    assert created.status_code == 201 and created.get_json()["id"] == str(imported.id)
    adopted = person(imported.id)
    assert (adopted.scim_user_name, adopted.name, adopted.location.name) == (
        "bjensen@example.com", "Barbara Jensen", "London office")
    assert db.session.scalars(select(Employee)).all() == [adopted]
    taken = user("someone-else")
    assert_scim_error(scim("POST", "/Users", taken), 409, "uniqueness")
    moved = patch({"op": "add", "path": "addresses", "value": [{"type": "work", "country": "ZZ"}]})
    scim("PATCH", f"/Users/{imported.id}", moved)
    unknown = person(imported.id)
    assert (unknown.location.name, unknown.location_to_check) == ("London office", True)


# -- Locations -------------------------------------------------------------------------------


def test_an_address_chooses_the_location_by_country_region_and_city(scim, app):
    for city in ("San Francisco", "Los Angeles"):
        make_location(name=city, country="US", subdivision="CA", timezone="America/Los_Angeles")
    make_location(name="New York", country="US", subdivision="NY", timezone="America/New_York")
    cases = {
        "a": ({"country": "US", "region": "NY"}, "New York", False),
        "b": ({"country": "us", "region": "ca", "locality": "los angeles"}, "Los Angeles", False),
        "c": ({"country": "US", "region": "CA"}, "Headquarters", True),  # two in California
        "d": ({"country": "FR", "locality": "Paris"}, "Headquarters", True),
    }
    for name, (address, where, flagged) in cases.items():
        body = user(name, emails=[{"value": f"{name}@example.com"}],
                    addresses=[{"type": "work", **address}])
        created = scim("POST", "/Users", body).get_json()
        placed = person(created["id"])
        assert (placed.location.name, placed.location_to_check) == (where, flagged), name
        assert created["addresses"] == [{"type": "work", **address}]


def test_an_unknown_address_is_flagged_for_hr_until_hr_saves_the_person(scim, client):
    hr = make_employee(is_hr=True)
    body = user(addresses=[{"type": "work", "country": "ZZ"}])
    created = scim("POST", "/Users", body).get_json()
    sign_in(client, hr.email)
    page = client.get("/hr/people").get_data(as_text=True)
    assert 'data-testid="locations-to-check"' in page and "Location to check" in page
    only = client.get("/hr/people?check=location").get_data(as_text=True)
    assert f'data-person-id="{created["id"]}"' in only
    assert f'data-person-id="{hr.id}"' not in only
    person_page = f"/hr/people/{created['id']}"
    assert "Location to check" in client.get(person_page).get_data(as_text=True)
    flagged = person(created["id"])
    saved = client.post(f"/hr/people/{flagged.id}/edit", data={
        "email": flagged.email, "name": flagged.name, "location": flagged.location_id})
    assert saved.status_code == 302
    assert person(created["id"]).location_to_check is False
    assert "Location to check" not in client.get("/hr/people").get_data(as_text=True)
    assert "Location to check" not in client.get(person_page).get_data(as_text=True)


def test_without_a_default_location_an_unknown_address_is_refused_clearly(scim, default_place):
    default_place.is_default = False
    db.session.commit()
    refused = scim("POST", "/Users", user(addresses=[{"type": "work", "country": "ZZ"}]))
    body = assert_scim_error(refused, 400, "invalidValue")
    assert "HR must choose" in body["detail"] and "default location" in body["detail"]


def test_hr_chooses_exactly_one_default_location_on_the_locations_page(client, default_place):
    hr = make_employee(is_hr=True)
    other = make_location(name="Lisbon", country="PT", timezone="Europe/Lisbon")
    sign_in(client, hr.email)
    page = client.get("/hr/locations/").get_data(as_text=True)
    assert "Make default" in page and 'data-testid="default-location"' in page
    assert client.post(f"/hr/locations/{other.id}/default").status_code == 302
    db.session.expire_all()
    assert [place.name for place in db.session.scalars(
        select(type(other)).where(type(other).is_default))] == ["Lisbon"]


# -- Deactivation ----------------------------------------------------------------------------


def test_patch_active_false_with_and_without_a_path_deactivates_as_hr_does(scim):
    one = scim("POST", "/Users", user("one", emails=[{"value": "one@example.com"}])).get_json()
    two = scim("POST", "/Users", user("two", emails=[{"value": "two@example.com"}])).get_json()
    with_path = patch({"op": "replace", "path": "active", "value": False})
    without_path = patch({"op": "Replace", "value": {"active": False}})
    assert scim("PATCH", f"/Users/{one['id']}", with_path).status_code in (200, 204)
    assert scim("PATCH", f"/Users/{two['id']}", without_path).status_code in (200, 204)
    entra = scim("POST", "/Users", user("entra", emails=[{"value": "e@example.com"}])).get_json()
    entra_style = patch({"op": "Replace", "path": "active", "value": "False"})
    assert scim("PATCH", f"/Users/{entra['id']}", entra_style).status_code in (200, 204)
    for gone in (person(one["id"]), person(two["id"]), person(entra["id"])):
        assert (gone.active, gone.password_hash, gone.feed_token_digest) == (False, None, None)
    assert scim("GET", f"/Users/{one['id']}").get_json()["active"] is False
    back = patch({"op": "replace", "path": "active", "value": True})
    scim("PATCH", f"/Users/{one['id']}", back)
    assert person(one["id"]).active is True
    history = db.session.scalars(select(PersonChange).where(
        PersonChange.employee_id == int(one["id"]), PersonChange.field == "active")).all()
    assert [(c.old_value, c.new_value, c.source_name) for c in history] == [
        ("", "active", "okta"), ("active", "left", "okta"), ("left", "active", "okta")]


def test_a_user_deactivated_by_scim_loses_a_live_browser_session_at_once(scim, app):
    created = scim("POST", "/Users", user()).get_json()
    employee = person(created["id"])
    employee.password_hash = make_employee().password_hash
    db.session.commit()
    browser = app.test_client()
    sign_in(browser, "bjensen@example.com")
    assert browser.get("/leave/").status_code == 200
    scim("PATCH", f"/Users/{created['id']}", patch({"op": "replace", "path": "active",
                                                    "value": False}))
    assert "/login" in browser.get("/leave/").headers["Location"]
    assert db.session.scalars(select(AuthSession)).all() == []


def test_the_reports_of_a_deactivated_manager_move_up_to_their_manager(scim):
    top = scim("POST", "/Users", user("top", emails=[{"value": "top@example.com"}])).get_json()
    middle = scim("POST", "/Users", user(
        "middle", emails=[{"value": "middle@example.com"}],
        **{"schemas": [CORE, ENTERPRISE], ENTERPRISE: {"manager": {"value": top["id"]}}},
    )).get_json()
    report = scim("POST", "/Users", user(
        "report", emails=[{"value": "report@example.com"}],
        **{"schemas": [CORE, ENTERPRISE], ENTERPRISE: {"manager": {"value": middle["id"]}}},
    )).get_json()
    scim("DELETE", f"/Users/{middle['id']}")
    assert person(report["id"]).manager_id == int(top["id"])


def test_delete_deactivates_keeps_the_record_and_the_user_then_answers_404(scim, client):
    created = scim("POST", "/Users", user()).get_json()
    deleted = scim("DELETE", f"/Users/{created['id']}")
    assert deleted.status_code == 204
    assert_scim_error(scim("GET", f"/Users/{created['id']}"), 404)
    assert_scim_error(scim("DELETE", f"/Users/{created['id']}"), 404)
    left = person(created["id"])
    assert (left.active, left.scim_user_name, left.email) == (False, None, "bjensen@example.com")
    hr = make_employee(is_hr=True)
    sign_in(client, hr.email)
    page = client.get("/hr/people?status=left").get_data(as_text=True)
    assert f'data-person-id="{left.id}"' in page and "Has left" in page
    again = scim("POST", "/Users", user())  # provisioned again later: the same record
    assert again.status_code == 201 and again.get_json()["id"] == created["id"]


def test_the_last_hr_person_is_not_deactivated_by_the_identity_provider(scim):
    created = scim("POST", "/Users", user()).get_json()
    hr = person(created["id"])
    hr.is_hr = True
    db.session.commit()
    refused = scim("PATCH", f"/Users/{created['id']}", patch(
        {"op": "replace", "path": "active", "value": False}))
    assert_scim_error(refused, 400, "invalidValue")
    assert person(created["id"]).active is True


# -- Replacing and patching ------------------------------------------------------------------


def test_put_replaces_the_user_and_keeps_active_when_it_is_left_out(scim):
    created = scim("POST", "/Users", user(externalId="old")).get_json()
    scim("PATCH", f"/Users/{created['id']}", patch(
        {"op": "replace", "path": "active", "value": False}))
    body = user("renamed", displayName="Barbara Smith", emails=[{"value": "bs@example.com"}])
    del body["active"]
    replaced = scim("PUT", f"/Users/{created['id']}", body)
    assert replaced.status_code == 200
    read = replaced.get_json()
    assert (read["userName"], read["displayName"], read["active"]) == (
        "renamed", "Barbara Smith", False)
    assert "externalId" not in read
    assert person(created["id"]).email == "bs@example.com"


def test_a_manager_loop_or_an_unknown_manager_is_an_invalid_value(scim):
    one = scim("POST", "/Users", user("one", emails=[{"value": "one@example.com"}])).get_json()
    two = scim("POST", "/Users", user(
        "two", emails=[{"value": "two@example.com"}],
        **{"schemas": [CORE, ENTERPRISE], ENTERPRISE: {"manager": {"value": one["id"]}}},
    )).get_json()
    loop = patch({"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": two["id"]}})
    assert_scim_error(scim("PATCH", f"/Users/{one['id']}", loop), 400, "invalidValue")
    unknown = patch({"op": "replace", "path": f"{ENTERPRISE}:manager", "value": {"value": "99999"}})
    assert_scim_error(scim("PATCH", f"/Users/{one['id']}", unknown), 400, "invalidValue")


# -- Lists, filters, paging ------------------------------------------------------------------


def test_lists_filter_by_user_name_external_id_and_active_and_page_by_start_index(scim, app):
    make_employee(email="not-provisioned@example.test")
    for n in range(5):
        scim("POST", "/Users", user(f"user{n}", externalId=f"ext{n}",
                                    emails=[{"value": f"u{n}@example.com"}], active=n != 3))

    def listed(query):
        response = scim("GET", f"/Users?{query}")
        assert response.status_code == 200
        return response.get_json()

    everyone = listed("")
    assert everyone["totalResults"] == 5
    assert [u["userName"] for u in everyone["Resources"]] == [f"user{n}" for n in range(5)]
    assert [u["userName"] for u in listed('filter=userName eq "USER2"')["Resources"]] == ["user2"]
    assert [u["userName"] for u in listed('filter=externalId eq "ext4"')["Resources"]] == ["user4"]
    assert listed('filter=externalId eq "EXT4"')["totalResults"] == 0  # caseExact
    assert [u["userName"] for u in listed("filter=active eq false")["Resources"]] == ["user3"]
    both = listed('filter=active eq true and userName sw "user"')
    assert both["totalResults"] == 4
    second = listed("startIndex=3&count=2")
    assert (second["totalResults"], second["startIndex"], second["itemsPerPage"]) == (5, 3, 2)
    assert [u["userName"] for u in second["Resources"]] == ["user2", "user3"]
    beyond = listed("startIndex=99")
    assert (beyond["totalResults"], beyond.get("Resources", [])) == (5, [])
    assert listed("count=0")["totalResults"] == 5


@pytest.mark.parametrize("bad", [
    'userName eq', 'nickName eq "x"', 'userName eq 12', '(userName eq "x"',
])
def test_an_invalid_filter_is_a_400_invalid_filter(scim, bad):
    assert_scim_error(scim("GET", "/Users", query_string={"filter": bad}), 400, "invalidFilter")


# -- Errors, tokens and cookies --------------------------------------------------------------


def test_bad_bodies_get_scim_errors_with_the_right_status(scim, app):
    assert_scim_error(scim("POST", "/Users", b"{not json"), 400, "invalidSyntax")
    assert scim("POST", "/Users", b"[1, 2]").status_code == 400
    assert scim("PATCH", "/Users/1", b'"text"').status_code in (400, 404)
    unreadable = scim("POST", "/Users", b"userName=x", content_type="text/plain")
    assert_scim_error(unreadable, 415)
    big = b'{"userName": "' + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    assert_scim_error(scim("POST", "/Users", big), 413)
    wrong_type = user(active="maybe")
    assert_scim_error(scim("POST", "/Users", wrong_type), 400, "invalidValue")
    assert_scim_error(scim("GET", "/Users/not-a-number"), 404)
    assert_scim_error(scim("GET", "/Users/99999999999999999999"), 404)


def test_unknown_paths_and_methods_get_scim_errors_never_a_page(scim, client):
    assert_scim_error(scim("GET", "/Groups"), 404)
    assert_scim_error(scim("GET", "/nothing/here/at/all"), 404)
    refused = scim("POST", "/Schemas", {})
    assert_scim_error(refused, 405)
    assert "GET" in refused.headers["Allow"]
    assert_scim_error(scim("POST", "/Bulk", {}), 501)
    outside = client.get("/scim/other")
    assert_scim_error(outside, 404)


def test_without_a_valid_token_the_answer_is_401_with_a_bearer_challenge(scim, client, token):
    for headers in ({}, {"Authorization": "Bearer scim_wrong"}, {"Authorization": token},
                    {"Authorization": f"Basic {token}"}):
        response = client.get("/scim/v2/Users", headers=headers)
        assert_scim_error(response, 401)
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert scim("GET", "/Users").status_code == 200
    revoke_token("okta")
    assert_scim_error(scim("GET", "/Users"), 401)


def test_a_signed_in_browser_gets_401_from_scim_and_no_csrf_check_applies(client, default_place):
    hr = make_employee(is_hr=True)
    sign_in(client, hr.email)
    assert client.get("/hr/people").status_code == 200
    assert_scim_error(client.get("/scim/v2/Users"), 401)
    assert_scim_error(client.post("/scim/v2/Users", json=user()), 401)


def test_web_pages_accept_no_scim_token(client, token):
    response = client.get("/hr/people", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_token_is_stored_as_a_digest_and_its_use_is_noted(scim, token):
    from portal.models import IntegrationToken

    stored = db.session.scalars(select(IntegrationToken)).one()
    assert token not in (stored.digest, stored.name) and len(stored.digest) == 64
    assert stored.last_used_at is None
    scim("GET", "/Users")
    db.session.expire_all()
    assert db.session.scalars(select(IntegrationToken)).one().last_used_at is not None


def test_a_failure_on_the_portal_side_is_a_scim_500_never_an_html_page(
    app, database_url_for_tests, token
):
    from portal.app import create_app
    from tests.fixtures import config_for

    faulty = create_app(config_for(database_url_for_tests, PROPAGATE_EXCEPTIONS=False))

    def broken_hook(response):
        raise RuntimeError("a hook that fails")

    faulty.after_request(broken_hook)
    try:
        response = faulty.test_client().get(
            "/scim/v2/Users", headers={"Authorization": f"Bearer {token}"})
        body = assert_scim_error(response, 500)
        assert "try again" in body["detail"] and response.headers["X-Request-ID"]
    finally:
        with faulty.app_context():
            db.engine.dispose()


def test_a_list_returns_each_user_exactly_as_reading_it_does(scim):
    boss = scim("POST", "/Users", user("boss", emails=[{"value": "boss@example.com"}])).get_json()
    scim("POST", "/Users", user(
        "full", externalId="ext", addresses=[{"type": "work", "country": "ZZ", "locality": "X"}],
        **{"schemas": [CORE, ENTERPRISE], ENTERPRISE: {"manager": {"value": boss["id"]}}},
    ))
    scim("POST", "/Users", user("left", emails=[{"value": "left@example.com"}], active=False))
    listed = scim("GET", "/Users").get_json()
    assert listed["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:ListResponse"]
    assert len(listed["Resources"]) == 3
    for item in listed["Resources"]:
        assert item == scim("GET", f"/Users/{item['id']}").get_json()
    # With attributes asked for, scim2-server itself writes the list.
    names = scim("GET", "/Users?attributes=userName").get_json()
    assert sorted(item["userName"] for item in names["Resources"]) == ["boss", "full", "left"]
    assert all("emails" not in item for item in names["Resources"])


@pytest.mark.parametrize("method, path, body", [
    ("POST", "/Users", user("nul\x00name")),
    ("POST", "/Users", user(addresses=[{"type": "work", "country": "G\x00B"}])),
    ("POST", "/Users", user(emails=[{"value": "a\x00b@example.com"}])),
    ("POST", "/Users", user(displayName="x" * 121)),
    ("POST", "/Users", user("u" * 256)),
    ("POST", "/Users", {"schemas": [CORE], "userName": {"not": "text"}}),
    ("POST", "/Users", user(emails="not a list")),
    ("POST", "/Users", user(**{ENTERPRISE: {"manager": {"value": "1" * 40}}})),
    ("PATCH", "/Users/1", patch({"op": "replace", "path": "emails", "value": "x"})),
    ("PATCH", "/Users/1", patch({"op": "jump", "path": "active", "value": True})),
    ("PATCH", "/Users/1", {"Operations": "none"}),
    ("PUT", "/Users/1", user("x\x00")),
    ("GET", "/Users?filter=userName%20eq%20%22a%00b%22", None),
    ("GET", "/Users?startIndex=99999999999999999999&count=-5", None),
    ("GET", "/Users?startIndex=abc&count=xyz", None),
    ("GET", "/Users?count=100000", None),
    ("GET", "/Users?filter=" + "(" * 500 + "userName%20pr" + ")" * 500, None),
    ("GET", "/Users?sortBy=userName", None),
    ("DELETE", "/Users/-1", None),
])
def test_bad_input_never_gives_a_500_or_a_page(scim, method, path, body):
    scim("POST", "/Users", user("first", emails=[{"value": "first@example.com"}]))
    response = scim(method, path, body)
    assert response.status_code < 500 or response.status_code == 501
    assert response.mimetype == SCIM
    if response.status_code >= 400:
        assert response.get_json()["schemas"] == [ERROR]


def test_csrf_protection_does_not_apply_to_scim_and_scim_sets_no_cookie(
    app, database_url_for_tests, token, default_place
):
    from portal.app import create_app
    from tests.fixtures import config_for

    protected = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    try:
        client = protected.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        created = client.post("/scim/v2/Users", json=user(), headers=headers)
        assert created.status_code == 201
        assert "Set-Cookie" not in created.headers
        assert client.post("/hr/locations/new", data={}).status_code in (302, 400)
    finally:
        with protected.app_context():
            db.engine.dispose()


def test_microsoft_entra_id_patches_are_understood(scim, app):
    make_location(name="Berlin", country="DE", subdivision="BE", timezone="Europe/Berlin")
    boss = scim("POST", "/Users", user("boss", emails=[{"value": "boss@example.com"}])).get_json()
    created = scim("POST", "/Users", user()).get_json()
    entra = patch(
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "new@example.com"},
        {"op": "Add", "path": 'addresses[type eq "work"].country', "value": "DE"},
        {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": boss["id"]},
        {"op": "Replace", "path": "displayName", "value": "Barbara Berlin"},
    )
    response = scim("PATCH", f"/Users/{created['id']}", entra)
    assert response.status_code in (200, 204), response.get_data(as_text=True)
    changed = person(created["id"])
    assert (changed.email, changed.name, changed.location.name, changed.manager_id) == (
        "new@example.com", "Barbara Berlin", "Berlin", int(boss["id"]))
    cleared = patch({"op": "Remove", "path": f"{ENTERPRISE}:manager",
                     "value": [{"value": boss["id"]}]})
    answer = scim("PATCH", f"/Users/{created['id']}", cleared)
    assert answer.status_code in (200, 204), answer.get_data(as_text=True)
    assert person(created["id"]).manager_id is None


def test_the_manager_stays_unless_the_identity_provider_speaks_about_it(scim, app):
    ceo = make_employee(email="ceo@example.com")  # added by HR, never provisioned
    made = make_employee(email="bjensen@example.com", manager=ceo)
    scim("POST", "/Users", user())  # adopted: the identity provider sends no manager
    assert person(made.id).manager_id == ceo.id
    boss = scim("POST", "/Users", user("boss", emails=[{"value": "boss@example.com"}])).get_json()
    to_boss = patch({"op": "add", "path": f"{ENTERPRISE}:manager", "value": {"value": boss["id"]}})
    scim("PATCH", f"/Users/{made.id}", to_boss)
    assert person(made.id).manager_id == int(boss["id"])
    without_extension = user(displayName="Barbara J")
    assert scim("PUT", f"/Users/{made.id}", without_extension).status_code == 200
    assert person(made.id).manager_id == int(boss["id"])  # as Okta sends it: left alone
    removed = patch({"op": "remove", "path": f"{ENTERPRISE}:manager"})
    scim("PATCH", f"/Users/{made.id}", removed)
    assert person(made.id).manager_id is None
