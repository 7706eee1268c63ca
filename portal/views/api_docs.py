"""The API's description: GET /api/openapi.json (OpenAPI 3.1, generated from the code) and the
documentation page /api-docs, drawn by the portal itself from that document (no CDN)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template

from portal.services.api import tokens
from portal.services.api.openapi import openapi_document
from portal.views.api import spec

bp = Blueprint("api_docs", __name__)
STATUS_WORDS = {
    "200": "Success", "304": "Not modified (the ETag you sent still holds)",
    "400": "The request could not be read", "401": "No token, or not a live one",
    "403": "The token lacks this operation's scope", "404": "Nothing at this address",
    "406": "The API answers only in JSON", "413": "The body is too large",
    "415": "The body is not JSON", "422": "Some input is not valid",
    "429": "Too many calls: wait for Retry-After",
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
                "parameters": parameters,
                "statuses": [(code, STATUS_WORDS.get(code, "")) for code in
                             sorted(operation["responses"])],
            })
    return found


SCOPE_OF = {
    ("GET", "/api/v1/people"): "read:people",
    ("GET", "/api/v1/leave-periods"): "read:leave",
    ("GET", "/api/v1/requests"): "read:leave (details with read:leave-details)",
    ("GET", "/api/v1/payroll"): "read:leave",
    ("GET", "/api/v1/claims"): "read:claims",
    ("POST", "/api/v1/estimates"): "estimate",
}


@bp.get("/api-docs")
def page():
    """The API's documentation, for the people who connect other systems to the portal."""
    doc = document()
    return render_template(
        "api/docs.html", operations=_operations(doc), scopes=tokens.SCOPES,
        base_url=current_app.config["PORTAL_BASE_URL"].rstrip("/"),
    )
