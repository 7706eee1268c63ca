"""Friendly error pages with the request id; no traceback ever reaches a browser.

An error page renders whatever state the request left behind: a session mid-transaction, a
database that refuses connections or hangs. So a 5xx page never touches the database (the
session is rolled back and the page is drawn as for a visitor who is not signed in), a 4xx page
shows the navigation only if the database answers, and every error page carries the request
id and the security headers itself, whether or not the after-request hooks get to run.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from portal.extensions import db, login_manager
from portal.i18n import N_
from portal.request_log import current_request_id, expose_request_id
from portal.security import add_security_headers
from portal.views import api_problems, scim
from portal.views.access import current_roles

MESSAGES = {
    400: (N_("Something in that request was not right"), N_("Please go back and try again.")),
    403: (
        N_("This page is not part of your role"),
        N_(
            "You are signed in, but this page is for another audience. "
            "If you think you should have access, please ask HR."
        ),
    ),
    404: (N_("We could not find that page"), N_("The link may be old, or the address mistyped.")),
    405: (
        N_("That action is not available here"),
        N_("Please go back and use the page's buttons."),
    ),
    413: (N_("That was more than we can accept"), N_("Please send less at once and try again.")),
    415: (
        N_("That was not sent the way this page sends it"),
        N_("Please go back, reload the page and use its form."),
    ),
    429: (
        N_("Please wait a moment"),
        N_("There have been too many attempts. Please try again later."),
    ),
    500: (
        N_("Something went wrong on our side"),
        N_("Nothing you did caused this. Please try again in a moment."),
    ),
    503: (N_("The portal is briefly unavailable"), N_("Please try again in a few minutes.")),
}
FORM_EXPIRED = N_(
    "This form had expired, so nothing was saved. Please go back, reload and try again."
)

PLAIN_ERROR_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8">
<title>{{ title }}</title><h1>{{ title }}</h1><p>{{ message }}</p>
<p>Error {{ code }} · request id {{ request_id }}</p></html>"""

# The database refused, dropped or timed out (connect_timeout, statement_timeout, the pool's
# wait): the portal is unavailable for a moment, not broken, so 503 and when to try again.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeoutError)
RETRY_AFTER_SECONDS = 30


def _forget_the_database() -> None:
    """Roll back whatever the request left half done, and draw the page as for a visitor who
    is not signed in, so that nothing on it loads the person or their roles."""
    try:
        db.session.rollback()
    except Exception:  # a dead connection may fail even this; the page must not
        current_app.logger.warning("Rollback failed while showing an error page", exc_info=True)
    # Flask-Login's per-request user: set, it is not loaded again (its loader queries).
    g._login_user = login_manager.anonymous_user()


def _navigation_if_the_database_answers() -> None:
    """Load the signed-in person and their roles for the navigation now, so that a failure
    here gives a page without navigation rather than an error inside the error page."""
    try:
        current_roles()
    except SQLAlchemyError:
        _forget_the_database()


def _page(context: dict) -> str:
    try:
        return render_template("errors/error.html", **context)
    except Exception:  # the page's own template or helpers failed: plain words will do
        current_app.logger.exception(
            "Error page could not render, request id %s", context["request_id"]
        )
        # Straight from Jinja: no context processors, so nothing here can reach the database.
        return current_app.jinja_env.from_string(PLAIN_ERROR_PAGE).render(**context)


def render_error(code: int, detail: str | None = None) -> Response:
    if request.path.startswith("/api/"):  # integrations read problem details, never HTML
        if code >= 500:
            _forget_the_database()
        response = api_problems.problem_response(code)
        if code == ServiceUnavailable.code:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return add_security_headers(expose_request_id(response))
    if (request.path + "/").startswith("/scim/"):  # identity providers read SCIM errors
        if code >= 500:
            _forget_the_database()
        response = scim.http_error_response(code)
        if code == ServiceUnavailable.code:
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return add_security_headers(expose_request_id(response))
    title, message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    if code >= 500:
        _forget_the_database()
    else:
        _navigation_if_the_database_answers()
    # Words only now: the reader's language may come from their settings, which the database
    # had to answer for (or, after _forget_the_database, from their browser).
    context = dict(
        code=code, title=_(title), message=detail or _(message), request_id=current_request_id()
    )
    response = make_response(_page(context), code)
    if code == ServiceUnavailable.code:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Here as well as in the after-request hooks, which do not all run when a request fails.
    expose_request_id(response)
    return add_security_headers(response)


def _status_for(error: BaseException | None) -> int:
    if isinstance(error, DATABASE_UNAVAILABLE):
        return ServiceUnavailable.code
    return InternalServerError.code


def handle_http_error(error: HTTPException):
    if isinstance(error, InternalServerError) and error.original_exception is not None:
        # An error Flask caught outside the view (an after-request hook): as if unexpected.
        return render_error(_status_for(error.original_exception))
    # Only our own messages (rate limit, form expiry) reach the page, never werkzeug's text.
    detail = error.description if error.code == 429 else None
    response = render_error(error.code or 500, detail)
    for name, value in error.get_headers():  # Allow on a 405, for one
        if name.lower() != "content-type":
            response.headers.setdefault(name, value)
    return response


def handle_csrf_error(_error: CSRFError):
    return render_error(400, FORM_EXPIRED)


def handle_unexpected_error(error: Exception):
    current_app.logger.exception(
        "Unhandled error, request id %s", current_request_id(), exc_info=error
    )
    return render_error(_status_for(error))


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected_error)
