"""Invalid cases are refused with one error that names the field (POLICY §2)."""

from dataclasses import replace
from datetime import date

import pytest

from portal.domain.case import (
    ALLOWED_PAIRS,
    Case,
    Event,
    Role,
    asks_gestation,
    earliest_start,
    may_have_nicu,
    needs_gestation,
    validate,
)
from portal.domain.entitlement import compute_entitlement
from portal.domain.errors import DomainError, IneligibleCase


def make_case(**overrides) -> Case:
    fields = dict(role=Role.BIRTHING, event=Event.BIRTH, event_date=date(2026, 3, 2))
    fields.update(overrides)
    return Case(**fields)


def refusal(case: Case) -> IneligibleCase:
    with pytest.raises(IneligibleCase) as caught:
        compute_entitlement(case)
    return caught.value


def test_every_allowed_pair_is_accepted():
    for role, event in ALLOWED_PAIRS:
        extra = {"gestation_weeks": 10} if event == Event.PREGNANCY_LOSS else {}
        validate(make_case(role=role, event=event, **extra))


@pytest.mark.parametrize(
    "role, event",
    [(role, event) for role in Role for event in Event if (role, event) not in ALLOWED_PAIRS],
)
def test_a_pair_of_role_and_event_that_does_not_exist_is_refused(role, event):
    error = refusal(make_case(role=role, event=event, gestation_weeks=10))
    assert error.field == "role"
    assert "must be" in error.message


def test_the_role_error_says_which_roles_are_allowed_for_the_event():
    error = refusal(make_case(role=Role.ADOPTIVE, event=Event.BIRTH))
    assert str(error) == "role: for a birth the role must be birthing or non_birthing"


def test_the_error_string_is_field_colon_message():
    error = IneligibleCase("nicu_days", "must be 0 or more")
    assert str(error) == "nicu_days: must be 0 or more"
    assert isinstance(error, DomainError)


@pytest.mark.parametrize("field", ["nicu_days", "babies", "child_number", "gestation_weeks"])
def test_negative_numbers_are_refused_naming_the_field(field):
    error = refusal(make_case(**{field: -1}))
    assert error.field == field


def test_zero_babies_and_child_number_zero_are_refused():
    assert refusal(make_case(babies=0)).field == "babies"
    assert refusal(make_case(child_number=0)).field == "child_number"


def test_nicu_days_are_allowed_for_a_newborn_placed_for_adoption():
    """POLICY §2: nicu_days on an adoption means a newborn placed while in neonatal care."""
    case = make_case(role=Role.ADOPTIVE, event=Event.ADOPTION, nicu_days=3)
    validate(case)
    grants = {grant.kind: grant.days for grant in compute_entitlement(case).grants}
    assert grants["nicu"] == 7


def test_nicu_days_without_a_newborn_are_refused_for_a_pregnancy_loss():
    case = make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=30, nicu_days=2)
    assert refusal(case).field == "nicu_days"


def test_a_loss_without_gestation_weeks_is_refused():
    error = refusal(make_case(event=Event.PREGNANCY_LOSS))
    assert error.field == "gestation_weeks"
    assert "completed weeks" in error.message


def test_an_implausible_gestation_is_refused():
    assert refusal(make_case(gestation_weeks=46)).field == "gestation_weeks"


def test_a_birthing_parent_may_start_28_days_before_the_expected_date():
    case = make_case(expected_date=date(2026, 3, 30), start=date(2026, 3, 2))
    validate(case)
    assert earliest_start(case) == date(2026, 3, 2)


def test_a_birthing_parent_starting_29_days_before_the_expected_date_is_refused():
    case = make_case(
        event_date=date(2026, 3, 30), expected_date=date(2026, 3, 30), start=date(2026, 3, 1)
    )
    error = refusal(case)
    assert error.field == "start"
    assert "Monday 2 March 2026" in error.message


def test_a_baby_born_early_lets_the_birthing_parent_start_on_the_birth_day():
    case = make_case(
        event_date=date(2026, 1, 10), expected_date=date(2026, 3, 30), start=date(2026, 1, 10)
    )
    validate(case)


def test_a_birthing_parent_already_on_leave_before_a_stillbirth_keeps_that_start():
    case = make_case(
        event=Event.PREGNANCY_LOSS,
        gestation_weeks=38,
        event_date=date(2026, 3, 20),
        expected_date=date(2026, 3, 30),
        start=date(2026, 3, 2),
    )
    validate(case)
    assert earliest_start(case) == date(2026, 3, 2)
    assert compute_entitlement(case).start == date(2026, 3, 2)


def test_leave_for_a_loss_before_24_weeks_cannot_start_before_the_loss():
    case = make_case(
        event=Event.PREGNANCY_LOSS,
        gestation_weeks=20,
        event_date=date(2026, 3, 20),
        start=date(2026, 3, 2),
    )
    assert refusal(case).field == "start"


def test_a_non_birthing_parent_cannot_start_before_the_event():
    case = make_case(
        role=Role.NON_BIRTHING, expected_date=date(2026, 3, 10), start=date(2026, 3, 1)
    )
    error = refusal(case)
    assert error.field == "start"
    assert error.message == "must be on or after Monday 2 March 2026"


def test_a_birthing_parent_starts_no_later_than_the_birth():
    assert refusal(make_case(start=date(2026, 3, 3))).field == "start"


def test_parental_leave_starts_within_twelve_months_of_the_event():
    base = dict(role=Role.ADOPTIVE, event=Event.ADOPTION)
    validate(make_case(start=date(2027, 3, 1), **base))
    assert refusal(make_case(start=date(2027, 3, 2), **base)).field == "start"


def test_pregnancy_loss_leave_starts_within_90_days_of_the_loss():
    base = dict(event=Event.PREGNANCY_LOSS, gestation_weeks=10, event_date=date(2026, 3, 2))
    validate(make_case(start=date(2026, 5, 30), **base))
    assert refusal(make_case(start=date(2026, 5, 31), **base)).field == "start"


def test_an_unknown_country_is_refused():
    error = refusal(make_case(country="XX"))
    assert error.field == "country"
    assert "ISO 3166-1" in error.message


def test_an_unknown_subdivision_is_refused_and_the_allowed_ones_are_listed():
    error = refusal(make_case(country="DE", subdivision="ZZ"))
    assert error.field == "subdivision"
    assert "BE" in error.message


def test_a_working_week_without_working_days_is_refused():
    assert refusal(make_case(weekend_days=frozenset(range(7)))).field == "weekend_days"


def test_a_date_field_that_is_not_a_date_is_refused():
    assert refusal(make_case(event_date="2026-03-02")).field == "event_date"


def test_an_event_before_the_first_company_policy_is_refused():
    assert refusal(make_case(event_date=date(2021, 6, 1))).field == "event_date"


def test_the_form_helpers_say_which_fields_matter():
    assert needs_gestation(Event.PREGNANCY_LOSS) and not needs_gestation(Event.BIRTH)
    assert asks_gestation(Event.BIRTH) and not asks_gestation(Event.ADOPTION)
    assert may_have_nicu(Event.BIRTH) and may_have_nicu(Event.SURROGACY)
    assert may_have_nicu(Event.ADOPTION) and not may_have_nicu(Event.PREGNANCY_LOSS)


def test_a_case_is_a_frozen_value():
    case = make_case()
    with pytest.raises(AttributeError):
        case.nicu_days = 3  # type: ignore[misc]
    assert replace(case, nicu_days=3).nicu_days == 3


@pytest.mark.parametrize("field", ["event_date", "expected_date", "start", "hire_date"])
@pytest.mark.parametrize("day", [date(1, 1, 1), date(9999, 12, 31)])
def test_a_mistyped_year_is_refused_naming_the_field(field, day):
    with pytest.raises(IneligibleCase) as refused:
        compute_entitlement(make_case(**{field: day}))
    assert refused.value.field == field
    assert "please check the year" in refused.value.message
