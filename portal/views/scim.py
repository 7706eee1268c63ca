"""SCIM 2.0 provisioning under /scim/v2, for identity providers: a bearer token, never a
session cookie; JSON in and out, SCIM error responses for anything that goes wrong."""

from __future__ import annotations

import json
from http import HTTPStatus

from flask import Blueprint, Response, current_app, request
from scim2_models import Error, UnauthorizedException
from scim2_server.requests import ScimRequest
from scim2_server.responses import SCIM_MEDIA_TYPE, ScimResponse

from portal.extensions import csrf
from portal.services.scim import server, tokens

PREFIX = "/scim/v2"
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})

bp = Blueprint("scim", __name__, url_prefix=PREFIX)
csrf.exempt(bp)  # a bearer token in a header is not something a browser sends on its own

NOT_SIGNED = (
    "This needs a SCIM bearer token (Authorization: Bearer …), made with "
    "`flask scim-token create NAME`; this one is missing, unknown or revoked."
)
# What each HTTP error means to an identity provider's log (error pages are for browsers).
DETAILS = {
    400: "The request could not be read.",
    404: "There is no SCIM endpoint at this address.",
    405: "This endpoint does not accept this method.",
    413: "The request is larger than the portal accepts.",
    415: "The body must be JSON (application/scim+json).",
    429: "Too many requests; please slow down.",
    500: "Something went wrong on the portal's side; please try again in a moment.",
    503: "The portal is briefly unavailable; please try again in a minute.",
}


def base_url() -> str:
    """The SCIM root on the portal's own address (PORTAL_BASE_URL), never the Host header."""
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + PREFIX


def _flask_response(answer: ScimResponse) -> Response:
    body = "" if answer.body is None else json.dumps(answer.body)
    response = Response(body, status=int(answer.status), headers=answer.headers)
    response.headers["Content-Type"] = SCIM_MEDIA_TYPE
    return response


def http_error_response(code: int) -> Response:
    """A SCIM error for an HTTP error met before or outside the SCIM handler (portal.views.errors
    answers every /scim/ path with this)."""
    detail = DETAILS.get(code, DETAILS[500 if code >= 500 else 400])
    error = Error(status=code, detail=detail)
    return _flask_response(ScimResponse(HTTPStatus(code), error.model_dump()))


@bp.route("", defaults={"rest": ""}, methods=METHODS, strict_slashes=False)
@bp.route("/<path:rest>", methods=METHODS)
def endpoint(rest: str):
    """Every SCIM endpoint: scim2-server routes the request (404, 405 and 501 included)."""
    token_name = tokens.token_named_by(request.headers.get("Authorization"))
    if token_name is None:
        return _flask_response(server.error_response(UnauthorizedException(detail=NOT_SIGNED)))
    scim_request = ScimRequest(
        method=request.method,
        base_url=base_url(),
        path="/" + rest,
        query=request.args.to_dict(),
        headers=list(request.headers.items()),
        body=request.get_data(cache=False) if request.method in BODY_METHODS else b"",
    )
    return _flask_response(server.handle(scim_request, token_name))
