"""A request id on every request, in the response, the log and the error page."""

from __future__ import annotations

import logging
import secrets

from flask import Flask, Response, g, has_request_context
from flask.logging import default_handler

LOG_FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


def current_request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def _assign_request_id() -> None:
    g.request_id = secrets.token_hex(6)


def _expose_request_id(response: Response) -> Response:
    response.headers["X-Request-ID"] = current_request_id()
    return response


def register_request_logging(app: Flask) -> None:
    app.logger.setLevel(app.config["LOG_LEVEL"])
    default_handler.setFormatter(logging.Formatter(LOG_FORMAT))
    if not any(isinstance(f, RequestIdFilter) for f in app.logger.filters):
        app.logger.addFilter(RequestIdFilter())
    app.before_request(_assign_request_id)
    app.after_request(_expose_request_id)
