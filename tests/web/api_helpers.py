"""Builders for the API tests: tokens with scopes, calls with them, and approved requests."""

from __future__ import annotations

import itertools
from datetime import date

from portal.domain.workflow import Action
from portal.services import requests
from portal.services.api import tokens
from tests.builders import make_employee, make_location

ALL_SCOPES = tokens.SCOPES
_names = itertools.count(1)


def make_token(*scopes: str) -> str:
    return tokens.create_token(f"integration-{next(_names)}", scopes or ALL_SCOPES)


def signed(token: str, **headers) -> dict:
    return {"Authorization": f"Bearer {token}", **headers}


def approved_birth(event_date: date, **fields):
    """A birthing parent in London whose request for this birth HR approved (the default
    plan: one block, company days first)."""
    office = make_location(name=f"London {next(_names)}", country="GB", subdivision="ENG")
    hr = make_employee(is_hr=True, location=office)
    person = make_employee(location=office, **fields)
    request = requests.file_request(
        person, requests.RequestInput(role="birthing", event="birth", event_date=event_date),
        f"key-{next(_names)}", submit=True,
    )
    requests.act(hr, request, request.version, Action.APPROVE)
    return person, request
