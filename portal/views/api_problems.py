"""RFC 9457 problem details for everything under /api/: the only error shape the API answers."""

from __future__ import annotations

import json

from flask import Response
from pydantic import BaseModel, Field

from portal.request_log import current_request_id

PROBLEM_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not signed",
    403: "Outside this token's scopes",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Request too large",
    415: "Unsupported media type",
    422: "Invalid input",
    429: "Too many requests",
    500: "Server error",
    503: "Service unavailable",
}
DETAILS = {
    400: "The request could not be read.",
    401: "This needs an API token (Authorization: Bearer …), made with `flask api-token create`; "
         "this one is missing, unknown or revoked. Session cookies are not accepted here.",
    403: "This token does not have the scope this operation needs.",
    404: "There is nothing at this address in the API.",
    405: "This address does not accept this method.",
    406: "The API answers in JSON only (application/json or application/problem+json).",
    413: "The request body is larger than the API accepts.",
    415: "The body must be JSON (Content-Type: application/json).",
    422: "Some of the input is not valid.",
    429: "Too many requests for this token; please wait for the time in Retry-After.",
    500: "Something went wrong on the portal's side; please try again in a moment.",
    503: "The portal is briefly unavailable; please try again in a minute.",
}


class InvalidParam(BaseModel):
    """One input that was not valid, and why."""

    name: str
    reason: str


class Problem(BaseModel):
    """An error, as RFC 9457 problem details."""

    type: str = Field("about:blank", description="A URI naming the kind of problem.")
    title: str
    status: int = Field(ge=100, le=599)
    detail: str
    instance: str | None = Field(None, description="The request id, to quote to HR.")
    invalid_params: list[InvalidParam] | None = Field(
        None, alias="invalid-params", description="The inputs that were not valid (422)."
    )


class ApiProblem(Exception):
    """An answer other than success, raised anywhere in an API view or hook."""

    def __init__(
        self, status: int, detail: str | None = None,
        invalid: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(detail or DETAILS.get(status, ""))
        self.status = status
        self.detail = detail
        self.invalid = invalid or []


def problem_response(
    status: int, detail: str | None = None, invalid: list[tuple[str, str]] | None = None
) -> Response:
    """The problem document for a status, with our own words (never werkzeug's text)."""
    known = status if status in TITLES else (500 if status >= 500 else 400)
    body: dict = {
        "type": "about:blank",
        "title": TITLES[known],
        "status": status,
        "detail": detail or DETAILS[known],
        "instance": f"urn:request:{current_request_id()}",
    }
    if invalid:
        body["invalid-params"] = [{"name": name, "reason": reason} for name, reason in invalid]
    response = Response(json.dumps(body, ensure_ascii=False), status=status)
    response.headers["Content-Type"] = PROBLEM_TYPE
    response.headers["Cache-Control"] = "no-store"
    return response


def from_exception(error: ApiProblem) -> Response:
    return problem_response(error.status, error.detail, error.invalid)
