"""A request id on every request, in the response, the log and the error page."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, Response, has_request_context, request
from flask.logging import default_handler

LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
_ENVIRON_KEY = "portal.request_id"


def current_request_id() -> str:
    """This request's id, made the first time anything asks: a request turned away before the
    logging step's own hook (CSRF, a refused body) still has one on its page and in the log."""
    if not has_request_context():
        return "-"
    # Kept with the request itself: `g` can outlive one request (an app context pushed around
    # several, as in tests), the environ cannot.
    return request.environ.setdefault(_ENVIRON_KEY, secrets.token_hex(6))


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def _assign_request_id() -> None:
    current_request_id()


def expose_request_id(response: Response) -> Response:
    """The id in the X-Request-ID header, where the access log (gunicorn_conf) picks it up."""
    response.headers["X-Request-ID"] = current_request_id()
    return response


def register_request_logging(app: Flask) -> None:
    app.logger.setLevel(app.config["LOG_LEVEL"])
    default_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    if not any(isinstance(f, RequestIdFilter) for f in app.logger.filters):
        app.logger.addFilter(RequestIdFilter())
    app.before_request(_assign_request_id)
    app.after_request(expose_request_id)
