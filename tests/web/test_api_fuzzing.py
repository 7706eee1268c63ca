"""The API as attackers try it: schemathesis generates calls to every operation of the OpenAPI
document (in-process, through WSGI, with an all-scopes token) and fails on a server error, an
answer outside the document (status, media type, headers, body) or invalid input let through;
and the document itself validates as OpenAPI 3.1."""

from __future__ import annotations

from datetime import date

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from openapi_spec_validator import validate
from openapi_spec_validator.versions import consts as versions
from openapi_spec_validator.versions.shortcuts import get_spec_version
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from portal.app import create_app
from tests.benefit_builders import approve, make_claim
from tests.builders import make_employee
from tests.fixtures import config_for
from tests.web.api_helpers import approved_birth, make_token, signed

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_headers_conformance, response_schema_conformance, negative_data_rejection]
OPERATIONS = {("GET", "/api/v1/people"), ("GET", "/api/v1/leave-periods"),
              ("GET", "/api/v1/requests"), ("GET", "/api/v1/payroll"),
              ("GET", "/api/v1/claims"), ("POST", "/api/v1/estimates")}


def _document_app():
    """An app only to serve the document at collection time (it reads no database); the calls
    go to the test's own app. (schemathesis.pytest.from_fixture fails on pytest 9.2.)"""
    return create_app(config_for("sqlite://"))


@pytest.fixture
def token(app):
    """Some of everything to read, and a token that may read it all."""
    approved_birth(date(2027, 3, 15))
    hr = make_employee(is_hr=True)
    approve(hr, make_claim(make_employee()), "500.00", "1")
    return make_token()


schema = schemathesis.openapi.from_wsgi("/api/openapi.json", _document_app())


@schema.parametrize()
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_no_generated_call_finds_an_error_or_an_answer_outside_the_document(app, case, token):
    # Uncompressed: the WSGI client does not decode Brotli (test_api checks compressed ETags).
    headers = signed(token, **{"Accept-Encoding": "identity"})
    case.call_and_validate(app=app, headers=headers, checks=CHECKS)


def test_the_document_is_valid_openapi_3_1_and_covers_every_api_route(app, client):
    document = client.get("/api/openapi.json").get_json()
    assert get_spec_version(document) == versions.OPENAPIV31
    validate(document)
    documented = {(method.upper(), path) for path, methods in document["paths"].items()
                  for method in methods}
    assert documented == OPERATIONS
    routes = {(method, rule.rule) for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert routes == OPERATIONS


def test_every_operation_documents_each_error_it_can_answer_as_a_problem(client):
    document = client.get("/api/openapi.json").get_json()
    for methods in document["paths"].values():
        for method, operation in methods.items():
            statuses = set(operation["responses"])
            assert {"200", "400", "401", "403", "406", "422", "429"} <= statuses
            assert ({"413", "415"} if method == "post" else {"304"}) <= statuses
            for status, answer in operation["responses"].items():
                if int(status) >= 400:
                    assert list(answer["content"]) == ["application/problem+json"]
