"""The JSON API: tokens and scopes, resources, pages, ETags, problem details, limits, the log."""

from __future__ import annotations

import json
import re
from datetime import date

from sqlalchemy import select

from portal.extensions import db, limiter
from portal.models import ApiCall
from tests.benefit_builders import approve, make_claim
from tests.builders import make_employee, sign_in
from tests.web.api_helpers import approved_birth, make_token, signed

PROBLEM = "application/problem+json"


def problem_of(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["detail"]
    assert "<" not in response.get_data(as_text=True)
    return body


def test_people_come_in_pages_with_a_cursor_and_never_a_password(client):
    for _ in range(3):
        make_employee()
    token = make_token("read:people")
    first = client.get("/api/v1/people?limit=2", headers=signed(token))
    assert first.status_code == 200 and first.mimetype == "application/json"
    page = first.get_json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = client.get(f"/api/v1/people?limit=2&cursor={page['next_cursor']}",
                      headers=signed(token)).get_json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    text = first.get_data(as_text=True) + json.dumps(rest)
    assert "password" not in text and "argon2" not in text and "feed" not in text


def test_an_unchanged_read_answers_304_to_its_etag(client):
    make_employee()
    token = make_token("read:people")
    first = client.get("/api/v1/people", headers=signed(token))
    etag = first.headers["ETag"]
    again = client.get("/api/v1/people", headers=signed(token, **{"If-None-Match": etag}))
    assert again.status_code == 304 and again.get_data() == b""
    make_employee()
    changed = client.get("/api/v1/people", headers=signed(token, **{"If-None-Match": etag}))
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_a_compressed_answer_s_etag_still_answers_304(client):
    for _ in range(30):
        make_employee()
    token = make_token("read:people")
    first = client.get("/api/v1/people", headers=signed(token, **{"Accept-Encoding": "br"}))
    assert first.headers["Content-Encoding"] == "br"
    again = client.get("/api/v1/people", headers=signed(
        token, **{"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}))
    assert again.status_code == 304


def test_leave_periods_give_each_block_with_its_kinds_of_pay(client):
    person, request = approved_birth(date(2027, 3, 15))
    token = make_token("read:leave")
    answer = client.get("/api/v1/leave-periods?from=2027-03-01&to=2027-03-31",
                        headers=signed(token))
    (item,) = answer.get_json()["items"]
    assert item["person"]["id"] == person.id and item["request_id"] == request.id
    kinds = [pay["kind"] for pay in item["pay"]]
    assert kinds == ["company_full_pay", "statutory", "phased_return"]
    company = item["pay"][0]
    assert company["start"] == "2027-03-15"
    assert company["days"] == request.details.entitlement["company_days"]
    assert item["pay"][1]["end"] == request.details.entitlement["statutory"]["end"]
    assert item["pay"][2]["start"] == request.return_date.isoformat()
    nothing = client.get("/api/v1/leave-periods?from=2026-01-01&to=2026-01-31",
                         headers=signed(token)).get_json()
    assert nothing == {"items": [], "next_cursor": None}


def test_leave_periods_refuse_a_range_backwards_or_longer_than_a_year(client):
    token = make_token("read:leave")
    for query in ("from=2027-03-31&to=2027-03-01", "from=2026-01-01&to=2027-06-01",
                  "from=soon&to=2027-03-01", "to=2027-03-01"):
        problem = problem_of(client.get(f"/api/v1/leave-periods?{query}",
                                        headers=signed(token)), 422)
        assert problem["invalid-params"]


def test_requests_leave_out_the_case_and_the_note_without_the_details_scope(client):
    approved_birth(date(2027, 3, 15))
    plain = client.get("/api/v1/requests", headers=signed(make_token("read:leave")))
    (item,) = plain.get_json()["items"]
    assert item["details"] is None
    for word in ("birth", "nicu", "gestation", "note", "NICU"):
        assert word not in plain.get_data(as_text=True).replace('"details":null', "")
    detailed = client.get("/api/v1/requests", headers=signed(
        make_token("read:leave", "read:leave-details")))
    (item,) = detailed.get_json()["items"]
    assert item["details"]["event"] == "birth" and item["details"]["nicu_days"] == 0


def test_an_estimate_is_what_flask_entitlement_json_prints(client, runner):
    options = {"role": "birthing", "event": "birth", "event_date": "2027-03-15",
               "country": "GB", "subdivision": "ENG", "nicu_days": 20}
    answer = client.post("/api/v1/estimates", json=options, headers=signed(make_token("estimate")))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    printed = runner.invoke(args=["entitlement", "--json", "--role", "birthing", "--event",
                                  "birth", "--event-date", "2027-03-15", "--country", "GB",
                                  "--subdivision", "ENG", "--nicu-days", "20"])
    assert answer.get_json() == json.loads(printed.output)


def test_an_ineligible_estimate_names_the_field_as_the_command_does(client):
    answer = client.post("/api/v1/estimates", headers=signed(make_token("estimate")), json={
        "role": "birthing", "event": "pregnancy_loss", "event_date": "2027-03-15"})
    problem = problem_of(answer, 422)
    assert problem["invalid-params"][0]["name"] == "gestation_weeks"


def test_claims_give_approved_amounts_as_decimal_strings(client):
    person = make_employee()
    hr = make_employee(is_hr=True)
    claim = make_claim(person)
    approve(hr, claim, "950.50", "1")
    make_claim(person)  # submitted, not approved: not listed
    answer = client.get("/api/v1/claims", headers=signed(make_token("read:claims")))
    (item,) = answer.get_json()["items"]
    assert item["claimed"] == {"amount": "1000.00", "minor_units": 100000, "currency": "EUR"}
    assert item["approved"]["amount"] == "950.50" and item["status"] == "approved"
    assert "Agency fee" not in answer.get_data(as_text=True)  # the employee's own words


def test_without_a_live_token_every_operation_is_a_401_problem(client):
    token = make_token()
    runner_free = ("/api/v1/people", "/api/v1/requests", "/api/v1/claims",
                   "/api/v1/payroll?period=2027-03",
                   "/api/v1/leave-periods?from=2027-03-01&to=2027-03-31")
    for path in runner_free:
        problem_of(client.get(path), 401)
        problem_of(client.get(path, headers={"Authorization": "Bearer plp_nonsense"}), 401)
        problem_of(client.get(path, headers={"Authorization": f"Basic {token}"}), 401)
    problem_of(client.post("/api/v1/estimates", json={}), 401)


def test_a_signed_in_browser_is_refused_the_api(client):
    hr = make_employee(is_hr=True)
    sign_in(client, hr.email)
    problem_of(client.get("/api/v1/people"), 401)


def test_unknown_addresses_and_methods_are_problems_not_pages(client):
    token = make_token()
    problem_of(client.get("/api/v1/nothing-here", headers=signed(token)), 404)
    problem_of(client.get("/api/v2/people", headers=signed(token)), 404)
    problem_of(client.delete("/api/v1/people", headers=signed(token)), 405)


def test_bad_bodies_are_refused_with_the_right_status(client):
    headers = signed(make_token("estimate"))
    problem_of(client.post("/api/v1/estimates", data="role=birthing", headers=headers,
                           content_type="application/x-www-form-urlencoded"), 415)
    problem_of(client.post("/api/v1/estimates", data="{not json", headers=headers,
                           content_type="application/json"), 400)
    problem_of(client.post("/api/v1/estimates", json=[1, 2], headers=headers), 422)
    problem_of(client.post("/api/v1/estimates", json={"role": "x" * 70_000}, headers=headers),
               413)


def test_an_unknown_parameter_or_an_empty_if_none_match_is_handled(client):
    token = make_token("read:people")
    problem = problem_of(client.get("/api/v1/people?limt=5", headers=signed(token)), 422)
    assert problem["invalid-params"][0]["name"] == "limt"
    empty = client.get("/api/v1/people", headers=signed(token, **{"If-None-Match": '""'}))
    assert empty.status_code == 200


def test_a_cursor_the_api_did_not_give_is_a_400(client):
    token = make_token("read:people")
    for cursor in ("nonsense!", "e30", "eyJhZnRlciI6ICJ4In0"):
        problem_of(client.get(f"/api/v1/people?cursor={cursor}", headers=signed(token)), 400)


def test_a_client_that_will_not_take_json_gets_a_406(client):
    token = make_token("read:people")
    problem_of(client.get("/api/v1/people", headers=signed(token, Accept="text/html")), 406)


def test_each_token_has_its_own_rate_limit_and_a_429_says_when_to_retry(app, client):
    app.config["API_RATE_LIMIT"] = "3 per minute"
    try:
        limiter.reset()
        first, second = make_token("read:people"), make_token("read:people")
        for _ in range(3):
            assert client.get("/api/v1/people", headers=signed(first)).status_code == 200
        problem = client.get("/api/v1/people", headers=signed(first))
        problem_of(problem, 429)
        assert int(problem.headers["Retry-After"]) >= 1
        assert client.get("/api/v1/people", headers=signed(second)).status_code == 200
    finally:
        app.config["API_RATE_LIMIT"] = "100000 per minute"
        limiter.reset()


def test_every_call_is_logged_with_the_token_route_and_status_but_no_body(client):
    token = make_token("read:people")
    client.get("/api/v1/people?limit=5", headers=signed(token))
    client.get("/api/v1/claims", headers=signed(token))
    client.get("/api/v1/people")
    calls = db.session.scalars(select(ApiCall).order_by(ApiCall.id)).all()
    assert [(c.token_name is not None, c.method, c.route, c.status) for c in calls] == [
        (True, "GET", "/api/v1/people", 200),
        (True, "GET", "/api/v1/claims", 403),
        (False, "GET", "/api/v1/people", 401),
    ]
    assert all(call.called_at is not None and "limit" not in call.route for call in calls)


def test_the_documentation_page_is_served_by_the_portal_without_a_cdn(client):
    page = client.get("/api-docs")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "/api/v1/leave-periods" in text and "curl" in text
    assert "https://cdn" not in text and "unpkg" not in text and "jsdelivr" not in text
    words = re.sub(r"<(pre|code)>.*?</\1>", "", text, flags=re.DOTALL)
    assert not re.search(r"\d{4}-\d{2}-\d{2}", words)
