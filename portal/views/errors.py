"""Friendly error pages with the request id; no traceback ever reaches a browser."""

from __future__ import annotations

from flask import Flask, current_app, render_template, render_template_string
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from portal.request_log import current_request_id

MESSAGES = {
    400: ("Something in that request was not right", "Please go back and try again."),
    403: (
        "This page is not part of your role",
        "You are signed in, but this page is for another audience. "
        "If you think you should have access, please ask HR.",
    ),
    404: ("We could not find that page", "The link may be old, or the address mistyped."),
    405: ("That action is not available here", "Please go back and use the page's buttons."),
    413: ("That was more than we can accept", "Please send less at once and try again."),
    429: ("Please wait a moment", "There have been too many attempts. Please try again later."),
    500: (
        "Something went wrong on our side",
        "Nothing you did caused this. Please try again in a moment.",
    ),
    503: ("The portal is briefly unavailable", "Please try again in a few minutes."),
}

PLAIN_ERROR_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8">
<title>{{ title }}</title><h1>{{ title }}</h1><p>{{ message }}</p>
<p>Error {{ code }} · request id {{ request_id }}</p></html>"""


def render_error(code: int, detail: str | None = None):
    title, message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    context = dict(
        code=code, title=title, message=detail or message, request_id=current_request_id()
    )
    try:
        return render_template("errors/error.html", **context), code
    except Exception:  # the page itself needs the database, which may be what failed
        current_app.logger.exception(
            "Error page could not render, request id %s", context["request_id"]
        )
        return render_template_string(PLAIN_ERROR_PAGE, **context), code


def handle_http_error(error: HTTPException):
    # Only our own messages (rate limit, form expiry) reach the page, never werkzeug's text.
    detail = error.description if error.code == 429 else None
    return render_error(error.code or 500, detail)


def handle_csrf_error(_error: CSRFError):
    return render_error(
        400, "This form had expired, so nothing was saved. Please go back, reload and try again."
    )


def handle_unexpected_error(error: Exception):
    current_app.logger.exception(
        "Unhandled error, request id %s", current_request_id(), exc_info=error
    )
    return render_error(InternalServerError.code)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
