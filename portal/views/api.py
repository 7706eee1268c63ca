"""The JSON API's common ground under /api/v1: the OpenAPI generator, bearer tokens with scopes
(never a session cookie), per-token rate limits, the body limit, the call log, ETags, cursors
and problem details. Each resource has its own module (api_people, api_leave, …)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import time
from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, Response, current_app, g, request
from pydantic import BaseModel, ValidationError
from spectree import Response as Responses
from spectree import SecurityScheme, SpecTree, Tag
from spectree.models import SecuritySchemeData

from portal.extensions import csrf, limiter
from portal.services.api import tokens
from portal.services.api.call_log import record_call
from portal.views.api_problems import ApiProblem, Problem, from_exception

PREFIX = "/api/v1"
Model = TypeVar("Model", bound=BaseModel)
JSON_TYPES = ("application/json", "application/problem+json")
# Every operation may answer these; a read may also answer 304, a write 413 and 415.
COMMON_ERRORS = (400, 401, 403, 406, 422, 429)
NOT_OUR_CURSOR = "The cursor is not one this API gave; start again without it."

spec = SpecTree(
    "flask",
    mode="strict",
    annotations=False,
    title="Parental-leave portal API",
    version="1.0.0",
    description=(
        "Read the organisation's people, leave periods with their kinds of pay, requests, "
        "benefit claims and payroll figures, and estimate entitlements. Every call needs an "
        "API token with the operation's scope: `Authorization: Bearer plp_…`."
    ),
    security_schemes=[SecurityScheme(name="apiToken", data=SecuritySchemeData(
        type="http", scheme="bearer",
        description="An API token made with `flask api-token create`.",
    ))],
    security={"apiToken": []},
    naming_strategy=lambda model: model.__name__,
    nested_naming_strategy=lambda _parent, child: child,
)


def _limit_key() -> str:
    """Per token: the hash of the header it came with (no database read before the limit)."""
    token = tokens.bearer_token(request.headers.get("Authorization"))
    if token is None:
        return "api-anonymous:" + (request.remote_addr or "-")
    return "api-token:" + hashlib.sha256(token.encode()).hexdigest()


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def api_blueprint(name: str) -> Blueprint:
    """A blueprint under /api/v1 with the API's hooks: token, scope, limits, log, errors."""
    bp = Blueprint(name, __name__, url_prefix=PREFIX)
    csrf.exempt(bp)  # a bearer token in a header is not something a browser sends on its own
    bp.before_request(_check_the_call)
    bp.after_request(_record_the_call)
    bp.register_error_handler(ApiProblem, from_exception)
    limiter.limit(_rate_limit, key_func=_limit_key)(bp)
    return bp


def _check_the_call() -> None:
    g.api_started = time.perf_counter()
    g.api_caller = None
    if request.accept_mimetypes and not request.accept_mimetypes.best_match(JSON_TYPES):
        raise ApiProblem(406)
    caller = tokens.caller_for(request.headers.get("Authorization"))
    if caller is None:
        raise ApiProblem(401)
    g.api_caller = caller
    view = current_app.view_functions.get(request.endpoint or "")
    scope = getattr(view, "api_scope", None)
    if scope is not None and scope not in caller.scopes:
        raise ApiProblem(403, f"This operation needs a token with the scope “{scope}”.")
    limit = current_app.config["API_MAX_BODY_BYTES"]
    request.max_content_length = limit
    if request.content_length is not None and request.content_length > limit:
        raise ApiProblem(413)


def _record_the_call(response: Response) -> Response:
    caller = g.get("api_caller")
    started = g.get("api_started", time.perf_counter())
    route = request.url_rule.rule if request.url_rule else request.path
    record_call(
        caller.token_id if caller else None, caller.name if caller else None, request.method,
        route, response.status_code, round((time.perf_counter() - started) * 1000),
    )
    response.headers.setdefault("Cache-Control", "private, no-cache")
    response.vary.add("Authorization")
    return response


def operation(
    scope: str, *, ok: type[BaseModel], query: type[BaseModel] | None = None,
    body: type[BaseModel] | None = None, tag: str, not_found: bool = False,
) -> Callable:
    """Document a view in the OpenAPI document (every status it may answer, errors as problem
    details) and say which scope it needs. Input is read by `query_of`/`body_of`, after the
    token is checked, so that an unsigned call is a 401 whatever it sends."""
    codes = dict.fromkeys(f"HTTP_{code}" for code in COMMON_ERRORS)
    if body is None:
        codes["HTTP_304"] = None
    else:
        codes.update(HTTP_413=None, HTTP_415=None)
    if not_found:
        codes["HTTP_404"] = None
    responses = Responses(HTTP_200=ok, **{code: Problem for code in codes if code != "HTTP_304"})
    if body is None:
        responses.codes.append("HTTP_304")

    def decorate(view: Callable) -> Callable:
        documented = spec.validate(
            query=query, json=body, resp=responses, tags=[Tag(name=tag)], skip_validation=True,
        )(view)
        documented.api_scope = scope
        return documented

    return decorate


def _invalid(error: ValidationError) -> list[tuple[str, str]]:
    return [
        (".".join(str(part) for part in item["loc"]) or "body", item["msg"])
        for item in error.errors(include_url=False)
    ][:20]


def query_of(model: type[Model]) -> Model:
    """The query parameters, checked (422 naming each invalid or unknown parameter: a typo in
    a parameter's name would otherwise silently give a different answer)."""
    known = _fields(model)
    unknown = [(key, "is not a parameter of this operation") for key in request.args
               if key not in known]
    if unknown:
        raise ApiProblem(422, invalid=unknown[:20])
    arguments = request.args.to_dict()
    try:
        return model.model_validate(arguments)
    except ValidationError as error:
        raise ApiProblem(422, invalid=_invalid(error)) from None


def _fields(model: type[BaseModel]) -> set[str]:
    return {field.alias or name for name, field in model.model_fields.items()}


def body_of(model: type[Model]) -> Model:
    """The JSON body, checked: 415 if it is not JSON, 400 if unreadable, 422 if invalid."""
    if request.mimetype != "application/json":
        raise ApiProblem(415)
    data = request.get_json(silent=True)
    if data is None:
        raise ApiProblem(400, "The body is not valid JSON.")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ApiProblem(422, invalid=_invalid(error)) from None


def _sent_tags() -> set[str]:
    """The tags in If-None-Match, without the ":br"/":gzip" that compression adds to ours."""
    return {(tag or "").partition(":")[0]
            for tag in request.if_none_match.as_set(include_weak=True)}


def json_answer(data: dict) -> Response:
    """200 with a strong ETag, or 304 when If-None-Match already names it (a read only)."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    tag = hashlib.sha256(body.encode()).hexdigest()[:40]
    if request.method == "GET" and (request.if_none_match.star_tag or tag in _sent_tags()):
        response = Response(status=304)
    else:
        response = Response(body, mimetype="application/json")
    response.set_etag(tag)
    return response


def encode_cursor(after: int) -> str:
    raw = json.dumps({"after": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int:
    """The id a page starts after (0 for the first page); 400 for a cursor we did not give."""
    if not cursor:
        return 0
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        after = json.loads(raw)["after"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise ApiProblem(400, NOT_OUR_CURSOR) from None
    if not isinstance(after, int) or isinstance(after, bool) or not 0 <= after < 2**31:
        raise ApiProblem(400, NOT_OUR_CURSOR)
    return after


def next_cursor(ids: list[int], more: bool) -> str | None:
    return encode_cursor(ids[-1]) if more and ids else None
