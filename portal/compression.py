"""Compressed responses (Brotli and gzip, through Flask-Compress), kept out of BREACH's reach.

BREACH reads a secret out of an HTTPS page by making the victim's browser fetch the page many
times with guesses reflected into it (a search box, a filter) and watching how big the
compressed answer is. It needs three things at once: a secret in the body (the CSRF token of
every signed-in page's forms, the feed links on Settings, people's leave), text the attacker
chose in the same body, and requests the attacker's page makes with the person's cookies.

The portal takes the third away. A response to a request that carries cookies, or that holds
a CSRF token, is compressed only when the browser says the request came from the portal's own
pages or from the person themselves (Fetch Metadata: `Sec-Fetch-Site: same-origin` or `none`,
a header no page can set or forge). A request another site starts (a link, a form, a script,
an image, a redirect through another site) says `cross-site` or `same-site` and gets the
answer uncompressed, and so does a browser that does not send the header: the attacker never
sees a compressed size that depends on the secret. Static files and calendar feeds hold no
secret of the session and reflect nothing from the request, so they are always compressed
(feeds are gzipped once when built, services.feeds).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, g, request
from flask_compress import Compress

# Brotli first (smaller, every current browser), gzip for the rest; streamed responses (the
# CSV export, static files) in Brotli or deflate, which Flask-Compress can stream.
DEFAULTS = {
    "COMPRESS_ALGORITHM": ["br", "gzip"],
    "COMPRESS_ALGORITHM_STREAMING": ["br", "deflate"],
    "COMPRESS_BR_LEVEL": 4,
    "COMPRESS_LEVEL": 6,
    "COMPRESS_MIN_SIZE": 500,
    "COMPRESS_MIMETYPES": [
        "text/html", "text/css", "text/plain", "text/csv", "text/calendar", "text/javascript",
        "application/javascript", "application/json", "image/svg+xml",
    ],
}
# Requests a person made on this site or in the address bar; a page elsewhere cannot.
OWN_REQUESTS = frozenset({"same-origin", "none"})
ALWAYS = frozenset({"static", "bootstrap.static"})


def may_compress() -> bool:
    """Whether this request's answer may be compressed without giving BREACH a measure."""
    if request.endpoint in ALWAYS:
        return True
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    carries_secrets = bool(request.cookies) or field in g
    return not carries_secrets or request.headers.get("Sec-Fetch-Site") in OWN_REQUESTS


def register_compression(app: Flask) -> None:
    for name, value in DEFAULTS.items():
        app.config.setdefault(name, value)
    app.config["COMPRESS_REGISTER"] = False  # compressed only through the rule below
    compress = Compress()
    compress.init_app(app)

    def compress_when_safe(response: Response) -> Response:
        response.vary.add("Accept-Encoding")
        if request.endpoint not in ALWAYS:
            response.vary.add("Sec-Fetch-Site")
        if not may_compress():
            return response
        return compress.after_request(response)

    app.after_request(compress_when_safe)
