"""Properties every entitlement keeps, checked with Hypothesis over many cases."""

import shutil
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from portal.domain.case import (
    ALLOWED_PAIRS,
    Case,
    Event,
    earliest_start,
    latest_start,
    may_have_nicu,
)
from portal.domain.entitlement import compute_entitlement
from portal.domain.policy import DEFAULT_DIRECTORY, load_policy_book
from portal.domain.workdays import is_working_day

LOCATIONS = [
    ("US", None),
    ("US", "CA"),
    ("US", "NY"),
    ("GB", "ENG"),
    ("GB", "SCT"),
    ("DE", "BE"),
    ("IN", "KA"),
    ("FR", None),
    ("IE", None),
    ("JP", None),
    ("BR", None),
    ("AE", None),
]
PAIRS = sorted(ALLOWED_PAIRS)
SECOND_VERSION_FROM = date(2027, 1, 1)
# No example database: failing examples are not stored under .hypothesis/examples.
quietly = settings(database=None)


@st.composite
def cases(draw, max_event=date(2028, 12, 31)) -> Case:
    role, event = draw(st.sampled_from(PAIRS))
    event_date = draw(st.dates(date(2022, 1, 1), max_event))
    country, subdivision = draw(st.sampled_from(LOCATIONS))
    if event == Event.PREGNANCY_LOSS:
        gestation = draw(st.integers(0, 45))
    elif event == Event.BIRTH:
        gestation = draw(st.none() | st.integers(22, 42))
    else:
        gestation = None
    case = Case(
        role=role,
        event=event,
        event_date=event_date,
        expected_date=event_date + timedelta(days=draw(st.integers(-20, 90))),
        country=country,
        subdivision=subdivision,
        weekend_days=draw(st.sampled_from([frozenset({5, 6}), frozenset({4, 5}), frozenset({6})])),
        nicu_days=draw(st.integers(0, 200)) if may_have_nicu(event) else 0,
        gestation_weeks=gestation,
        babies=draw(st.integers(1, 4)),
        child_number=draw(st.integers(1, 5)),
        hire_date=draw(st.none() | st.dates(date(2015, 1, 1), event_date)),
    )
    first, last = earliest_start(case), latest_start(case)
    return replace(case, start=draw(st.dates(first, max(first, last))))


@quietly
@given(cases())
def test_the_leave_never_ends_before_it_starts(case):
    result = compute_entitlement(case)
    assert result.end >= result.start
    assert result.leave_days == (result.end - result.start).days + 1


@quietly
@given(cases())
def test_leave_days_are_never_fewer_than_company_days(case):
    result = compute_entitlement(case)
    assert result.leave_days >= result.company_days > 0


@quietly
@given(cases())
def test_the_return_date_is_a_working_day_after_the_end(case):
    result = compute_entitlement(case)
    assert result.return_date > result.end
    assert is_working_day(result.return_date, case.country, case.subdivision, case.weekend_days)
    day = result.end + timedelta(days=1)
    while day < result.return_date:
        assert not is_working_day(day, case.country, case.subdivision, case.weekend_days)
        day += timedelta(days=1)


@quietly
@given(cases(), st.integers(1, 100))
def test_more_nicu_days_never_shorten_the_leave(case, more):
    assume(may_have_nicu(case.event))
    more_case = replace(case, nicu_days=case.nicu_days + more)
    fewer, longer = compute_entitlement(case), compute_entitlement(more_case)
    assert longer.end >= fewer.end
    assert longer.company_days >= fewer.company_days


@quietly
@given(cases())
def test_company_days_are_the_counted_grants(case):
    result = compute_entitlement(case)
    counted = sum(g.days for g in result.grants if g.kind != "phased_return")
    assert result.company_days == counted
    assert all(g.days > 0 for g in result.grants)


@pytest.fixture(scope="module")
def book_with_a_later_version(tmp_path_factory):
    directory = tmp_path_factory.mktemp("policies") / "policies"
    shutil.copytree(DEFAULT_DIRECTORY, directory)
    text = (DEFAULT_DIRECTORY / "company-2022-01-01.toml").read_text(encoding="utf-8")
    later = SECOND_VERSION_FROM.isoformat()
    text = (
        text.replace("2022-01-01", later)
        .replace("weeks = 26", "weeks = 30")
        .replace("weeks = 20", "weeks = 24")
        .replace("cap_weeks = 12", "cap_weeks = 16")
    )
    (directory / f"company-{later}.toml").write_text(text, encoding="utf-8")
    return load_policy_book(directory)


@settings(max_examples=150, database=None)
@given(case=cases(max_event=SECOND_VERSION_FROM - timedelta(days=1)))
def test_a_later_policy_version_never_changes_an_earlier_events_result(
    case, book_with_a_later_version
):
    assert compute_entitlement(case, book_with_a_later_version) == compute_entitlement(case)


def test_a_later_policy_version_applies_to_events_from_its_date(book_with_a_later_version):
    case = Case(role="non_birthing", event="birth", event_date=SECOND_VERSION_FROM, country="BR")
    result = compute_entitlement(case, book_with_a_later_version)
    assert result.policy == "company-2027-01-01"
    assert result.company_days == 7 * 24
    assert compute_entitlement(case).company_days == 7 * 20
