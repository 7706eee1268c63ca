"""One shape for a case: portal.records turns answers into their details row and revision JSON and
back; every other shape is made from it."""

from dataclasses import fields
from datetime import date, timedelta
from pathlib import Path

from portal.domain.case import Case, Event, Role
from portal.domain.plan import Block
from portal.models import RequestDetails, RequestRevision
from portal.records import (
    CASE_FIELDS,
    RequestInput,
    blocks_json,
    blocks_of_json,
    case_of,
    details_values,
    input_of_case,
    input_of_details,
    input_of_revision,
    revision_values,
)
from tests.builders import make_employee, make_location

DUE = date(2026, 6, 1)
ANSWERS = RequestInput(
    role="birthing", event="birth", event_date=DUE, expected_date=DUE + timedelta(days=3),
    start=DUE - timedelta(days=7), nicu_days=12, gestation_weeks=33, babies=2, child_number=3,
    note_to_hr="Twins", event_has_happened=True,
    blocks=(Block(DUE - timedelta(days=7), DUE + timedelta(days=62)),
            Block(DUE + timedelta(days=100), DUE + timedelta(days=169))),
)
ROOT = Path(__file__).resolve().parents[2]


def test_answers_go_to_the_details_row_and_come_back_the_same():
    details = RequestDetails(**details_values(ANSWERS, {"company_days": 196}))
    assert input_of_details(details, ANSWERS.start, ANSWERS.blocks) == ANSWERS
    assert details.entitlement == {"company_days": 196}


def test_answers_go_to_a_revisions_json_and_come_back_the_same():
    revision = RequestRevision(**revision_values(ANSWERS, {"company_days": 196}, ANSWERS.blocks))
    assert revision.case["event_date"] == "2026-06-01" and revision.case["start"] == "2026-05-25"
    assert input_of_revision(revision, "Twins") == ANSWERS
    assert blocks_of_json(blocks_json(ANSWERS.blocks)) == ANSWERS.blocks


def test_one_block_is_kept_as_the_default_plan_not_as_a_choice():
    one = (Block(DUE, DUE + timedelta(days=139)),)
    revision = RequestRevision(**revision_values(ANSWERS, {}, one))
    assert revision.blocks == [["2026-06-01", "2026-10-18"]]
    assert input_of_revision(revision).blocks == ()


def test_every_answer_of_a_case_is_listed_once_and_every_shape_carries_it(app):
    columns = set(RequestDetails.__table__.columns.keys())
    answers = {field.name for field in fields(RequestInput)}
    assert set(CASE_FIELDS) <= columns and set(CASE_FIELDS) <= answers
    # The case's answers that the details row keeps are exactly those in CASE_FIELDS.
    assert answers - set(CASE_FIELDS) == {"start", "note_to_hr", "blocks"}
    assert set(revision_values(ANSWERS, {}, ANSWERS.blocks)["case"]) == {*CASE_FIELDS, "start"}
    office = make_location(country="GB", subdivision="ENG")
    case = case_of(make_employee(location=office), ANSWERS)
    assert (case.nicu_days, case.babies, case.start, case.country) == (12, 2, ANSWERS.start, "GB")
    assert input_of_case(case, event_has_happened=True, note_to_hr="Twins",
                         blocks=ANSWERS.blocks) == ANSWERS
    assert isinstance(case, Case) and case.role == Role.BIRTHING and case.event == Event.BIRTH


def test_the_pages_the_services_and_bench_build_no_case_by_hand():
    # A case's row or JSON written or read key by key, as the hand-kept copies did.
    by_hand = ('"event_has_happened":', 'case["', 'saved["', "revision.blocks[")
    places = [ROOT / "bench" / "generate.py", ROOT / "portal" / "views" / "request_display.py",
              ROOT / "portal" / "views" / "leave.py", *sorted(
                  (ROOT / "portal" / "services" / "requests").glob("*.py"))]
    found = [f"{path.relative_to(ROOT)}: {text}" for path in places
             for text in by_hand if text in path.read_text(encoding="utf-8")]
    assert found == []
