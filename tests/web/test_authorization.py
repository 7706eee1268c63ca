"""Every route, for every audience: the table must name each one, or this test fails."""

import pytest
from flask import url_for

from tests.builders import make_employee, sign_in

AUDIENCES = ("anonymous", "employee", "manager", "hr")
LOGIN = "login"  # a redirect to the sign-in page

# (endpoint, method): expected status per audience, and the URL arguments to build it with.
ROUTES = {
    ("static", "GET"): ({"filename": "portal.css"}, (200, 200, 200, 200)),
    ("bootstrap.static", "GET"): ({"filename": "css/bootstrap.min.css"}, (200, 200, 200, 200)),
    ("auth.login", "GET"): ({}, (200, 302, 302, 302)),
    ("auth.login", "POST"): ({}, (200, 302, 302, 302)),
    ("auth.logout", "POST"): ({}, (302, 302, 302, 302)),
    # Company sign-in (OIDC) is not configured in the session app: its routes do not exist.
    ("company_sign_in.start", "GET"): ({}, (404, 404, 404, 404)),
    ("company_sign_in.callback", "GET"): ({}, (404, 404, 404, 404)),
    ("passwords.forgot", "GET"): ({}, (200, 200, 200, 200)),
    ("passwords.forgot", "POST"): ({}, (200, 200, 200, 200)),  # an empty form: shown again
    ("passwords.choose_password", "GET"): ({"token": "not-a-token"}, (404, 404, 404, 404)),
    ("passwords.choose_password", "POST"): ({"token": "not-a-token"}, (404, 404, 404, 404)),
    ("leave.home", "GET"): ({}, (302, 302, 302, 302)),
    ("leave.index", "GET"): ({}, (LOGIN, 200, 200, 200)),
    ("leave.plan", "GET"): ({}, (LOGIN, 200, 200, 200)),
    ("leave.new_request", "GET"): ({}, (LOGIN, 200, 200, 200)),
    ("leave.new_request", "POST"): ({}, (LOGIN, 200, 200, 200)),  # no button pressed: a preview
    ("leave.show_request", "GET"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
    ("leave.request_calendar", "GET"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
    ("leave.edit_request", "GET"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
    ("leave.edit_request", "POST"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
    ("leave.act_on_request", "POST"): (
        {"request_id": 1, "action": "withdraw"}, (LOGIN, 404, 404, 404)),
    ("leave.record_birth", "POST"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
    ("leave.record_neonatal_care", "POST"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
    ("leave.record_pregnancy_loss", "POST"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
    ("team.index", "GET"): ({}, (LOGIN, 403, 200, 403)),
    ("hr.index", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("people.index", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("people.new", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("people.new", "POST"): ({}, (LOGIN, 403, 403, 400)),  # an empty form: shown again
    ("people.show", "GET"): ({"person_id": 999999}, (LOGIN, 403, 403, 404)),
    ("people.edit", "GET"): ({"person_id": 999999}, (LOGIN, 403, 403, 404)),
    ("people.edit", "POST"): ({"person_id": 999999}, (LOGIN, 403, 403, 404)),
    ("people.resend_invitation", "POST"): ({"person_id": 999999}, (LOGIN, 403, 403, 404)),
    ("people.deactivate", "GET"): ({"person_id": 999999}, (LOGIN, 403, 403, 404)),
    ("people.deactivate", "POST"): ({"person_id": 999999}, (LOGIN, 403, 403, 404)),
    ("people.reactivate", "POST"): ({"person_id": 999999}, (LOGIN, 403, 403, 404)),
    ("hr_calendar.calendar", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("hr_calendar.export", "GET"): (
        {"start": "2026-01-01", "end": "2026-01-31"}, (LOGIN, 403, 403, 200)),
    ("hr.show_request", "GET"): ({"request_id": 999999}, (LOGIN, 403, 403, 404)),
    ("hr.decide", "POST"): (
        {"request_id": 999999, "decision": "approve"}, (LOGIN, 403, 403, 404)),
    ("hr.grant_extra_days", "POST"): ({"request_id": 999999}, (LOGIN, 403, 403, 404)),
    ("people_import.upload", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("people_import.upload", "POST"): ({}, (LOGIN, 403, 403, 400)),  # no file: asked for one
    ("people_import.apply", "POST"): ({"import_id": "not-an-import"}, (LOGIN, 403, 403, 404)),
    ("people_import.export", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("locations.index", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("locations.new", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("locations.new", "POST"): ({}, (LOGIN, 403, 403, 400)),  # an empty form: shown again
    ("locations.edit", "GET"): ({"location_id": 999999}, (LOGIN, 403, 403, 404)),
    ("locations.edit", "POST"): ({"location_id": 999999}, (LOGIN, 403, 403, 404)),
    ("locations.delete", "POST"): ({"location_id": 999999}, (LOGIN, 403, 403, 404)),
    ("locations.make_default", "POST"): ({"location_id": 999999}, (LOGIN, 403, 403, 404)),
    ("outbox.index", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("outbox.resend", "POST"): ({"message_id": 999999}, (LOGIN, 403, 403, 404)),
    ("outbox.resend_all", "POST"): ({}, (LOGIN, 403, 403, 302)),
    ("webhooks.index", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("webhooks.new", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("webhooks.new", "POST"): ({}, (LOGIN, 403, 403, 400)),  # an empty form: shown again
    ("webhooks.show", "GET"): ({"endpoint_id": 999999}, (LOGIN, 403, 403, 404)),
    ("webhooks.rotate", "POST"): ({"endpoint_id": 999999}, (LOGIN, 403, 403, 404)),
    ("webhooks.disable", "POST"): ({"endpoint_id": 999999}, (LOGIN, 403, 403, 404)),
    ("webhooks.enable", "POST"): ({"endpoint_id": 999999}, (LOGIN, 403, 403, 404)),
    ("webhooks.delete", "POST"): ({"endpoint_id": 999999}, (LOGIN, 403, 403, 404)),
    ("webhooks.deliveries", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("webhooks.resend", "POST"): ({"delivery_id": 999999}, (LOGIN, 403, 403, 404)),
    ("rules.index", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("settings.index", "GET"): ({}, (LOGIN, 200, 200, 200)),
    ("settings.index", "POST"): ({}, (LOGIN, 400, 400, 400)),
    ("feeds.mine", "GET"): ({"token": "not-a-token"}, (404, 404, 404, 404)),
    ("feeds.team", "GET"): ({"token": "not-a-token"}, (404, 404, 404, 404)),
    ("feeds.organisation", "GET"): ({"token": "not-a-token"}, (404, 404, 404, 404)),
    ("benefits.index", "GET"): ({}, (LOGIN, 200, 200, 200)),
    ("benefits.new_claim", "GET"): ({}, (LOGIN, 200, 200, 200)),
    ("benefits.new_claim", "POST"): ({}, (LOGIN, 400, 400, 400)),  # no button: shown again
    ("benefits.show_claim", "GET"): ({"claim_id": 999999}, (LOGIN, 404, 404, 404)),
    ("benefits.edit_claim", "GET"): ({"claim_id": 999999}, (LOGIN, 404, 404, 404)),
    ("benefits.edit_claim", "POST"): ({"claim_id": 999999}, (LOGIN, 404, 404, 404)),
    ("benefits.delete_claim", "POST"): ({"claim_id": 999999}, (LOGIN, 404, 404, 404)),
    ("benefits.withdraw_claim", "POST"): ({"claim_id": 999999}, (LOGIN, 404, 404, 404)),
    ("benefits.answer_claim", "POST"): ({"claim_id": 999999}, (LOGIN, 404, 404, 404)),
    ("hr_claims.index", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("hr_claims.show", "GET"): ({"claim_id": 999999}, (LOGIN, 403, 403, 404)),
    ("hr_claims.decide", "POST"): (
        {"claim_id": 999999, "decision": "approve"}, (LOGIN, 403, 403, 404)),
    ("hr_claims.exchange_rates", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("hr_claims.exchange_rates", "POST"): ({}, (LOGIN, 403, 403, 400)),  # no file: asked for one
    ("hr_claims.type_rate", "POST"): ({}, (LOGIN, 403, 403, 400)),  # an empty form: shown again
    ("hr_claims.export_csv", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("health.healthz", "GET"): ({}, (200, 200, 200, 200)),
    ("hr_payroll.page", "GET"): ({}, (LOGIN, 403, 403, 200)),
    ("hr_payroll.export", "GET"): ({"month": "2026-03"}, (LOGIN, 403, 403, 200)),
    ("api_docs.openapi_json", "GET"): ({}, (200, 200, 200, 200)),
    ("api_docs.page", "GET"): ({}, (200, 200, 200, 200)),
    # The JSON API takes a bearer token only, like SCIM: a session cookie opens nothing there
    # (API_ROUTES below tries each route with tokens).
    ("api_people.list_people", "GET"): ({}, (401, 401, 401, 401)),
    ("api_leave.list_leave_periods", "GET"): (
        {"from": "2026-03-01", "to": "2026-03-31"}, (401, 401, 401, 401)),
    ("api_leave.list_requests", "GET"): ({}, (401, 401, 401, 401)),
    ("api_payroll.payroll", "GET"): ({"period": "2026-03"}, (401, 401, 401, 401)),
    ("api_claims.list_claims", "GET"): ({}, (401, 401, 401, 401)),
    ("api_estimates.create_estimate", "POST"): ({}, (401, 401, 401, 401)),
    # SCIM takes a bearer token only: a signed-in browser's cookie opens nothing there.
    ("scim.endpoint", "GET"): ({"rest": "Users"}, (401, 401, 401, 401)),
    ("scim.endpoint", "POST"): ({"rest": "Users"}, (401, 401, 401, 401)),
    ("scim.endpoint", "PUT"): ({"rest": "Users/1"}, (401, 401, 401, 401)),
    ("scim.endpoint", "PATCH"): ({"rest": "Users/1"}, (401, 401, 401, 401)),
    ("scim.endpoint", "DELETE"): ({"rest": "Users/1"}, (401, 401, 401, 401)),
    ("documents.download", "GET"): ({"document_id": 999999}, (LOGIN, 404, 404, 404)),
    ("leave.add_documents", "POST"): ({"request_id": 1}, (LOGIN, 404, 404, 404)),
}


def routes_of(app):
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule.endpoint, method


def test_the_table_names_every_route_and_nothing_else(app):
    assert set(routes_of(app)) == set(ROUTES)


@pytest.fixture
def people(app):
    manager = make_employee(email="manager@example.test")
    employee = make_employee(email="employee@example.test", manager=manager)
    hr = make_employee(email="hr@example.test", is_hr=True)
    return {"employee": employee, "manager": manager, "hr": hr}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_gets_the_expected_answer_on_every_route(app, people, audience):
    failures = []
    client = app.test_client()
    if audience != "anonymous":
        sign_in(client, people[audience].email)  # once: no route here changes who is signed in
    # Signing out ends the session, so it is the last route tried.
    for (endpoint, method), (arguments, expected) in sorted(
        ROUTES.items(), key=lambda item: item[0] == ("auth.logout", "POST")
    ):
        with app.test_request_context():
            path = url_for(endpoint, **arguments)
        response = client.open(path, method=method)
        want = expected[AUDIENCES.index(audience)]
        if want == LOGIN:
            ok = response.status_code == 302 and "/login" in response.headers["Location"]
        else:
            ok = response.status_code == want
        if not ok:
            failures.append(f"{method} {path}: {response.status_code}, expected {want}")
    assert failures == []


def test_the_403_page_is_friendly(app, people):
    client = app.test_client()
    sign_in(client, people["employee"].email)
    response = client.get("/hr/")
    assert response.status_code == 403
    assert "This page is not part of your role" in response.get_data(as_text=True)


# Every /api/v1 route, the scope it needs, and what it is called with.
API_ROUTES = {
    ("api_people.list_people", "GET"): ({}, "read:people"),
    ("api_leave.list_leave_periods", "GET"): (
        {"from": "2026-03-01", "to": "2026-03-31"}, "read:leave"),
    ("api_leave.list_requests", "GET"): ({}, "read:leave"),
    ("api_payroll.payroll", "GET"): ({"period": "2026-03"}, "read:leave"),
    ("api_claims.list_claims", "GET"): ({}, "read:claims"),
    ("api_estimates.create_estimate", "POST"): ({}, "estimate"),
}
ESTIMATE = {"role": "birthing", "event": "birth", "event_date": "2026-03-02"}


def test_the_api_table_names_every_api_route(app):
    assert {route for route in routes_of(app) if route[0].startswith("api_")
            and route[0] != "api_docs.openapi_json" and route[0] != "api_docs.page"} == set(
        API_ROUTES)


@pytest.mark.parametrize(("endpoint", "method"), sorted(API_ROUTES))
def test_each_api_route_wants_a_live_token_with_its_scope(app, people, endpoint, method):
    from portal.services.api import tokens

    arguments, scope = API_ROUTES[(endpoint, method)]
    others = tuple(other for other in tokens.SCOPES if other != scope)
    right = tokens.create_token("right", (scope,))
    wrong = tokens.create_token("wrong", others)
    revoked = tokens.create_token("revoked", tokens.SCOPES)
    tokens.revoke_token("revoked")
    with app.test_request_context():
        path = url_for(endpoint, **arguments)
    body = {"json": ESTIMATE} if method == "POST" else {}
    browser = app.test_client()
    sign_in(browser, people["hr"].email)
    client = app.test_client()
    answers = {
        "no token": client.open(path, method=method, **body).status_code,
        "wrong scope": client.open(path, method=method, headers={
            "Authorization": f"Bearer {wrong}"}, **body).status_code,
        "revoked": client.open(path, method=method, headers={
            "Authorization": f"Bearer {revoked}"}, **body).status_code,
        "session cookie": browser.open(path, method=method, **body).status_code,
        "right scope": client.open(path, method=method, headers={
            "Authorization": f"Bearer {right}"}, **body).status_code,
    }
    assert answers == {"no token": 401, "wrong scope": 403, "revoked": 401,
                       "session cookie": 401, "right scope": 200}
