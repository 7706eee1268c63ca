"""The API's description: GET /api/openapi.json (OpenAPI 3.1, generated from the code) and the
documentation page /api-docs, drawn by the portal itself from that document (no CDN)."""

from __future__ import annotations

import json
import re

from flask import Blueprint, Response, current_app, render_template
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.i18n import N_
from portal.services.api import tokens
from portal.services.api.openapi import openapi_document
from portal.views.api import spec

bp = Blueprint("api_docs", __name__)
# What each answer means, for the page (translated where shown; the API itself stays English).
STATUS_WORDS = {
    "200": N_("Success"), "304": N_("Not modified (the ETag you sent still holds)"),
    "400": N_("The request could not be read"), "401": N_("No token, or not a live one"),
    "403": N_("The token lacks this operation's scope"), "404": N_("Nothing at this address"),
    "406": N_("The API answers only in JSON"), "413": N_("The body is too large"),
    "415": N_("The body is not JSON"), "422": N_("Some input is not valid"),
    "429": N_("Too many calls: wait for Retry-After"),
}


def document() -> dict:
    cached = current_app.extensions.get("openapi_document")
    if cached is None:
        cached = current_app.extensions["openapi_document"] = openapi_document(
            spec, current_app._get_current_object()
        )
    return cached


@bp.get("/api/openapi.json")
def openapi_json():
    """The OpenAPI document; public, like the page that explains it."""
    response = Response(json.dumps(document(), ensure_ascii=False), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _operations(doc: dict) -> list[dict]:
    found = []
    for path, methods in doc["paths"].items():
        for method, operation in methods.items():
            parameters = [p for p in operation.get("parameters", []) if p["in"] == "query"]
            found.append({
                "method": method.upper(), "path": path, "summary": operation["summary"],
                "description": operation.get("description", ""),
                "scope": SCOPE_OF.get((method.upper(), path), ""),
                "detail_scope": DETAIL_SCOPE_OF.get((method.upper(), path), ""),
                "parameters": parameters,
                "statuses": [(code, _(STATUS_WORDS[code]) if code in STATUS_WORDS else "")
                             for code in sorted(operation["responses"])],
            })
    return found


SCOPE_OF = {
    ("GET", "/api/v1/people"): "read:people",
    ("GET", "/api/v1/leave-periods"): "read:leave",
    ("GET", "/api/v1/requests"): "read:leave",
    ("GET", "/api/v1/payroll"): "read:leave",
    ("GET", "/api/v1/claims"): "read:claims",
    ("POST", "/api/v1/estimates"): "estimate",
}

# Operations that show more with a second scope.
DETAIL_SCOPE_OF = {("GET", "/api/v1/requests"): "read:leave-details"}


def code_spans(text: str) -> Markup:
    """The document's descriptions in the page: text between backticks is set as code (field
    names and values the reader types), the rest escaped."""
    escaped = str(escape(text or ""))  # escaped first: only the <code> tags are added
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))  # noqa: S704


@bp.get("/api-docs")
def page():
    """The API's documentation, for the people who connect other systems to the portal."""
    doc = document()
    return render_template(
        "api/docs.html", operations=_operations(doc), scopes=tokens.SCOPES,
        base_url=current_app.config["PORTAL_BASE_URL"].rstrip("/"), code_spans=code_spans,
    )
