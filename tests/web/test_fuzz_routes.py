"""Every route, every audience, hostile values everywhere: no answer is ever a 5xx.

The walk reads `app.url_map`, the fields of every form in `portal.forms` and the parameters
the code reads by name, so a route, field or parameter added later is fuzzed without touching
this file. Values come from a seeded generator:
a failure comes back the same on the next run.

For each route and method, as each audience:
- every hostile value in turn, sent in every parameter at once (query and form body);
- a few requests with hostile values in a third of the parameters of an otherwise sensible
  form, so that a value gets past the other fields' checks and into the code behind them;
- a few requests with odd bodies: JSON with non-string values, other content types, files;
- every hostile path value in each path argument (with one of the route's methods).
A route that turns the audience away (sign-in redirect, 403, 405) three times running gets no
more tries: its view never reads the values.
"""

from __future__ import annotations

import importlib
import inspect
import io
import json
import pkgutil
import random
import re
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from flask_wtf import FlaskForm
from wtforms import Form
from wtforms.fields import FieldList, FormField

import portal
import portal.forms
from portal.services import people_import, requests, settings
from tests.builders import PASSWORD, make_employee, make_location, sign_in

SEED = 20240909
AUDIENCES = ("anonymous", "employee", "manager", "hr")
GETS_THROUGH = 6  # per route and method
ODD_BODIES = 3  # per route and method, when it takes a body
FILES_ONLY = {"static", "bootstrap.static"}  # files on disk: the path sweep is enough
LAST_ROUTES = {"auth.logout"}  # signs the audience out: walked after everything else

# Values no honest page sends: numbers past every column, NUL, digits that are not ASCII,
# dates out of range, escapes, markup, very long text.
HOSTILE_VALUES = (
    "", "-1", "2147483648", "9" * 5000, "a\x00b", "²", "١٢", "0001-01", "9999-12", "0001-01-01",
    "9999-12-31", "2026-02-30", "../../etc/passwd' OR 1=1--", "<script>alert(1)</script>",
    "\u202e\ufeff\r\nX: 1", "x" * 3000,
)
HOSTILE_JSON = (1, 0, -1, 2**31, 2**70, 1.5, None, True, [], {}, ["x"], {"a": 1}, "x")
HOSTILE_PATH = (
    "0", "2147483648", "9" * 30, "²", "١", "a%00b", "%ff", "%2e%2e%2fconfig.py", "x" * 300,
    "%3Cb%3E",
)
COMMON_QUERY_NAMES = (
    "month", "page", "location", "manager", "status", "event", "start", "end", "q", "everyone",
    "next", "partial",
)
# `request.args.get("from")` and the like, wherever the portal reads a parameter by name.
_READ_BY_NAME = re.compile(
    r"request\.(?:args|values|form)(?:\.get|\.getlist)?[(\[]\s*[\"']([A-Za-z0-9_-]+)[\"']")
PORTAL_DIR = Path(portal.__file__).parent
FUTURE = date.today() + timedelta(days=120)


def sensible_values(office_id: int) -> dict[str, str]:
    """What a person filling in the portal's forms might send; any other field gets "x"."""
    day = FUTURE.isoformat()
    return {
        "role": "birthing", "event": "birth", "event_date": day, "expected_date": day,
        "start": day, "end": (FUTURE + timedelta(days=27)).isoformat(), "born_on": day,
        "loss_date": day, "hire_date": "2020-01-06", "month": FUTURE.strftime("%Y-%m"),
        "blocks-0-start": day, "blocks-0-end": (FUTURE + timedelta(days=13)).isoformat(),
        "nicu_days": "0", "gestation_weeks": "30", "babies": "1", "child_number": "1",
        "days": "5", "version": "1", "location": str(office_id), "page": "1",
        "submission_key": "k" * 24, "submit": "Submit", "status": "everything",
        "email": "someone@example.test", "manager_email": "manager@example.test",
        "manager": "manager@example.test", "reports_to": "manager@example.test",
        "name": "Sam Someone", "country": "GB", "subdivision": "ENG",
        "timezone": "Europe/London", "weekend": "5", "reason": "Because.", "message": "Hello",
        "note_to_hr": "Hello", "password": PASSWORD, "new_password": PASSWORD + "!",
        "confirm_password": PASSWORD + "!", "q": "Person", "everyone": "1",
    }


def form_classes() -> list[type[Form]]:
    """Every form class in portal.forms, including ones added later."""
    found = []
    for module_info in pkgutil.iter_modules(portal.forms.__path__):
        module = importlib.import_module(f"portal.forms.{module_info.name}")
        for _name, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Form) and value not in (Form, FlaskForm):
                found.append(value)
    return found


def field_names(form_class: type[Form], prefix: str = "") -> set[str]:
    """The names a browser would send for a form class, lists and sub-forms included."""
    names = set()
    for name in dir(form_class):
        unbound = getattr(form_class, name, None)
        if hasattr(unbound, "field_class"):
            names |= _names_of(unbound, prefix + name)
    return names


def _names_of(unbound, name: str) -> set[str]:
    if issubclass(unbound.field_class, FieldList):
        return _names_of(unbound.args[0], f"{name}-0") | _names_of(unbound.args[0], f"{name}-1")
    if issubclass(unbound.field_class, FormField):
        return field_names(unbound.args[0], f"{name}-")
    return {name}


def parameter_names() -> list[str]:
    """The form fields of every form, and every parameter the portal's code reads by name."""
    names = set(COMMON_QUERY_NAMES)
    for form_class in form_classes():
        names |= field_names(form_class)
    for source in PORTAL_DIR.rglob("*.py"):
        names |= set(_READ_BY_NAME.findall(source.read_text(encoding="utf-8")))
    names.discard("csv_token")
    return sorted(names)


_ARGUMENT = re.compile(r"<(?:(?P<converter>[^:<>]+):)?(?P<name>[^<>]+)>")


def path_for(rule, known: dict[str, list[str]], rng: random.Random,
             hostile: tuple[str, str] | None = None) -> str:
    """The rule's path with each argument a value that names something (or one of the rule's
    own choices), except `hostile` = (argument, value)."""

    def value(found: re.Match) -> str:
        converter, name = found.group("converter") or "", found.group("name")
        if hostile and hostile[0] == name:
            return hostile[1]
        choices = known.get(name, [])
        if converter.startswith("any("):
            choices = [item.strip() for item in converter[4:-1].split(",")]
        if converter.startswith("path"):
            choices = ["portal.css", "css/bootstrap.min.css"]
        return rng.choice(choices or ["1"])

    return _ARGUMENT.sub(value, rule.rule)


class Walk:
    """The requests for one audience, and the server errors they met."""

    def __init__(self, app, client, audience: str, known: dict[str, list[str]],
                 sensible: dict[str, str]):
        self.app, self.client, self.audience = app, client, audience
        self.known, self.sensible = known, sensible
        self.rng = random.Random(f"{SEED}-{audience}")
        self.names = parameter_names()
        self.sent, self.failures = 0, []

    def send(self, request: dict):
        self.sent += 1
        try:
            response = self.client.open(**request)
        except Exception as error:  # escaped every error handler
            self.failures.append(f"{describe(request)}: raised {error!r}"[:500])
            return None
        if response.status_code >= 500:
            self.failures.append(f"{describe(request)}: {response.status_code}")
        return response

    def turned_away(self, response) -> bool:
        if response is None:
            return False
        if response.status_code in (403, 405):
            return True
        return response.status_code == 302 and "/login" in response.headers.get("Location", "")

    def requests_for(self, rule, method: str):
        rng = self.rng
        if rule.endpoint in FILES_ONLY:
            return
        for value in HOSTILE_VALUES:  # every parameter at once
            pairs = [(name, value) for name in self.names]
            yield self.request(rule, method, pairs, pairs)
        for _ in range(GETS_THROUGH):  # hostile values among sensible ones
            pairs = [(name, rng.choice(HOSTILE_VALUES) if rng.random() < 0.33
                      else self.sensible.get(name, "x")) for name in self.names]
            yield self.request(rule, method, rng.sample(pairs, 8), pairs)
        if method != "GET":
            for _ in range(ODD_BODIES):
                yield self.odd_body(rule, method)

    def request(self, rule, method: str, query: list, form: list) -> dict:
        path = path_for(rule, self.known, self.rng)
        request = {"path": path + "?" + urlencode(query), "method": method}
        if method != "GET":
            request["data"] = urlencode(form)
            request["content_type"] = "application/x-www-form-urlencoded"
        return request

    def odd_body(self, rule, method: str) -> dict:
        rng = self.rng
        request = {"path": path_for(rule, self.known, rng), "method": method}
        fields = {name: self.sensible.get(name, "x") for name in self.names}
        kind = rng.choice(("json", "json", "text", "multipart"))
        if kind == "json":
            for name in rng.sample(self.names, 10):
                fields[name] = rng.choice(HOSTILE_JSON)
            body = rng.choice((fields, fields, [1, 2], "text", 7, None))
            request.update(data=json.dumps(body), content_type="application/json")
        elif kind == "text":
            request.update(data=urlencode(fields), content_type=rng.choice(
                ("text/plain", "application/xml", "application/x-www-form-urlencoded-x")))
        else:
            fields["csv_file"] = (self.csv_file(), rng.choice(("people.csv", "a\x00b.csv")))
            request["data"] = fields
        return request

    def csv_file(self):
        header = "email,name,manager_email,location,hire_date,is_hr\n"
        row = ",".join(self.rng.choice(HOSTILE_VALUES)[:80].replace(",", ";").replace("\n", " ")
                       for _ in range(6))
        return io.BytesIO((header + row + "\n").encode())

    def path_sweep(self, rule, method: str):
        for argument in rule.arguments:
            for value in HOSTILE_PATH:
                yield {"path": path_for(rule, self.known, self.rng, (argument, value)),
                       "method": method}

    def run(self) -> None:
        rules = sorted(self.app.url_map.iter_rules(),
                       key=lambda rule: (rule.endpoint in LAST_ROUTES, rule.rule))
        for rule in rules:
            methods = sorted(rule.methods - {"OPTIONS", "HEAD"})
            for method in methods:
                self.walk_route(rule, method)
            for request in self.path_sweep(rule, methods[0]):
                self.send(request)

    def walk_route(self, rule, method: str) -> None:
        refusals = 0
        for count, request in enumerate(self.requests_for(rule, method)):
            refusals += self.turned_away(self.send(request))
            if count == 2 and refusals == 3:
                return


def describe(request: dict) -> str:
    body = request.get("data")
    if isinstance(body, dict):
        body = {key: value if isinstance(value, str) else "<file>" for key, value in body.items()}
    shown = repr(body)[:200] if body is not None else ""
    return f"{request['method']} {request['path'][:300]} {request.get('content_type', '')} {shown}"


@pytest.fixture
def organisation(app):
    office = make_location(name="London", country="GB", subdivision="ENG")
    manager = make_employee(email="manager@example.test", location=office)
    employee = make_employee(email="employee@example.test", manager=manager, location=office)
    hr = make_employee(email="hr@example.test", is_hr=True, location=office)
    filed = requests.file_request(
        employee, requests.RequestInput(role="birthing", event="birth", event_date=FUTURE),
        "fuzz-key-1", submit=True,
    )
    tokens = [settings.new_feed_token(person) for person in (employee, manager, hr)]
    import_id = people_import.save_checked_file(
        hr, "people.csv", "email,name\nnew.person@example.test,New Person\n")
    known = {
        "request_id": [str(filed.id)],
        "person_id": [str(employee.id), str(manager.id)],
        "location_id": [str(office.id)],
        "token": [quote(token) for token in tokens],
        "import_id": [quote(import_id)],
        "decision": ["approve", "reject", "request-information", "approve-change"],
    }
    people = {"employee": employee, "manager": manager, "hr": hr}
    return people, known, sensible_values(office.id)


@pytest.mark.parametrize("audience", AUDIENCES)
def test_no_hostile_request_to_any_route_gets_a_server_error(app, organisation, audience):
    people, known, sensible = organisation
    client = app.test_client()
    if audience != "anonymous":
        sign_in(client, people[audience].email)
    walk = Walk(app, client, audience, known, sensible)
    started = time.perf_counter()
    walk.run()
    rules = len(list(app.url_map.iter_rules()))
    print(f"\nfuzz {audience}: {walk.sent} requests over {rules} routes in "
          f"{time.perf_counter() - started:.1f} s, {len(walk.failures)} server errors")
    assert walk.sent > 300
    assert walk.failures == [], f"{len(walk.failures)} server errors:\n" + "\n".join(walk.failures)
