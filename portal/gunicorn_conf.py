"""gunicorn's settings for production: `gunicorn -c python:portal.gunicorn_conf wsgi:app`.

Each can be changed from the environment (the names below); gunicorn's own command-line options
win over this file. Read by gunicorn only: nothing in the portal imports it.
"""

from __future__ import annotations

import multiprocessing
import os
import re

from gunicorn import glogging


def _whole_number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise SystemExit(f"{name}={value!r} is not a whole number.") from None


# Behind a reverse proxy on the same machine (which terminates TLS); GUNICORN_BIND=0.0.0.0:8000
# in a container.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, one request at a time each: gunicorn's advice of 2 × cores + 1, capped, because
# each worker holds its own database connections and a large machine would open more than
# PostgreSQL's max_connections allows.
MAX_DEFAULT_WORKERS = 12
workers = _whole_number("WEB_CONCURRENCY",
                        min(2 * multiprocessing.cpu_count() + 1, MAX_DEFAULT_WORKERS))
worker_class = "sync"

# A worker silent this long is killed and replaced. Far above DATABASE_CONNECT_TIMEOUT_SECONDS
# plus DATABASE_STATEMENT_TIMEOUT_MS (see config.py): a page waiting on a hung database answers
# 503 within seconds, so a worker is killed only if something else hangs.
timeout = _whole_number("GUNICORN_TIMEOUT", 30)
# On SIGTERM (a deploy), requests under way get this long to finish.
graceful_timeout = _whole_number("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = 5
# A fresh worker now and then, staggered, so that no slow leak can grow for weeks.
max_requests = _whole_number("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10

# Only the proxy on this machine may say a request came over https (X-Forwarded-Proto) or from
# which address; set FORWARDED_ALLOW_IPS to the proxy's address if it runs elsewhere, never "*"
# while clients can reach gunicorn directly.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# gunicorn 25.1 and later open a control socket by default ($XDG_RUNTIME_DIR/gunicorn.ctl or
# ~/.gunicorn/gunicorn.ctl) through which anyone with the user's rights may change workers or
# stop the server; one shared path for every gunicorn the user runs, so a second instance
# collides with the first. Not wanted here (older versions ignore the setting).
control_socket_disable = True

# Both logs to standard error, for the service manager to keep: one line per request with its
# time in milliseconds and the request id the page shows and the application log names.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms '
    "request_id=%({x-request-id}o)s"
)

# Addresses whose next path segment is a secret (a calendar feed's key, a one-time password
# link): kept out of the access log, as any password would be.
SECRET_PATH = re.compile(r"(/feeds/|/password/)[^/?#\s]+")


def without_secrets(text: str) -> str:
    return SECRET_PATH.sub(r"\1[hidden]", text)


class AccessLogWithoutSecrets(glogging.Logger):
    """gunicorn's logger, with the secrets in feed and password-link addresses hidden from the
    request line, the path and the referrer."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = without_secrets(atoms[key])
        return atoms


logger_class = AccessLogWithoutSecrets
