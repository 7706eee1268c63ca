"""Input turned away at the door, for every route at once: bodies that are not forms, text with
NUL characters, and ids larger than a database INTEGER column holds.

Each is a property of HTTP input in general, not of one page, so it is checked once here rather
than in every view; a view never sees such input, and neither does the database behind it.
"""

from __future__ import annotations

from flask import Flask, Request, abort, current_app, request
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter, Map

from portal.models import INTEGER_MAX

INTEGER_MIN = -(2**31)

FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Machine interfaces (JSON) check their own bodies: the form rule is for pages.
OWN_BODY_RULES = ("/api/", "/scim/")
NUL = "\x00"


def database_id(text: str | None) -> int | None:
    """The id written in a parameter, or None: ASCII digits only (str.isdigit also takes "²",
    which int() refuses) and within a database INTEGER."""
    if not text or not (text.isascii() and text.isdigit()) or len(text) > len(str(INTEGER_MAX)):
        return None
    value = int(text)
    return value if 0 < value <= INTEGER_MAX else None


class DatabaseIntegerConverter(IntegerConverter):
    """`<int:...>` for ids: ASCII digits naming a number a database INTEGER can hold.

    Anything else matches no route, so the answer is the friendly 404, on every database alike.
    """

    regex = r"[0-9]+"

    def __init__(
        self,
        map: Map,  # noqa: A002  (werkzeug's name for it)
        fixed_digits: int = 0,
        min: int | None = None,  # noqa: A002
        max: int | None = INTEGER_MAX,  # noqa: A002
        signed: bool = False,
    ) -> None:
        if min is None and signed:
            min = INTEGER_MIN  # noqa: A001
        super().__init__(map, fixed_digits, min, max, signed)


def refuse_bodies_that_are_not_forms() -> None:
    """A page's form is sent form-encoded (or as multipart, with a file); JSON or any other body
    to a page is not something the portal sent, so it gets 415 before a form reads it."""
    if request.method not in BODY_METHODS or request.routing_exception is not None:
        return  # no body expected, or the answer is 404/405 anyway
    if request.path.startswith(OWN_BODY_RULES):
        return
    if request.mimetype and request.mimetype not in FORM_TYPES:
        abort(415)


def _has_nul(pairs) -> bool:
    return any(NUL in key or NUL in value for key, value in pairs)


def refuse_nul_in_the_address() -> None:
    """No text a person types holds NUL, and PostgreSQL cannot store or even compare it:
    a path with one names nothing (404), a query parameter with one is a bad request (400)."""
    if NUL in request.path:
        abort(404)
    if _has_nul(request.args.items(multi=True)):
        abort(400)


class RequestRefusingNul(Request):
    """Flask's request, whose form answers 400 for a NUL in any field or file name the moment
    it is read: whenever that is, never earlier, so that a view may first raise the body limit
    for its upload (as the people import does)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        form, files = self.__dict__["form"], self.__dict__["files"]
        if _has_nul(form.items(multi=True)) or _has_nul(
            (key, upload.filename or "") for key, upload in files.items(multi=True)
        ):
            # Nothing of it is kept for whatever reads the form next, then 400.
            self.__dict__["form"] = self.parameter_storage_class()
            self.__dict__["files"] = self.parameter_storage_class()
            raise BadRequest()


def read_the_form_first() -> None:
    """Read an ordinary form now, before any other hook does (the CSRF check, the limits keyed
    by email), so that a NUL in it is this request's 400 rather than an error inside another
    extension's hook, which may swallow it. A body above the app's limit is left for its view,
    which may allow more before reading it."""
    if request.method not in BODY_METHODS or request.mimetype not in FORM_TYPES:
        return
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if request.content_length is not None and (limit is None or request.content_length <= limit):
        request.form  # noqa: B018  (reading it is the point)


def register_input_guards(app: Flask) -> None:
    """Before the blueprints: routes read the "int" converter when they are added. The checks
    run before every other before-request hook, extensions' included."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
    app.request_class = RequestRefusingNul
    hooks = app.before_request_funcs.setdefault(None, [])
    hooks[0:0] = [refuse_nul_in_the_address, refuse_bodies_that_are_not_forms, read_the_form_first]
