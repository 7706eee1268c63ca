"""The leave plan: blocks of dates and the POLICY §3 windows they must keep to."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.domain.case import Case, Event, Role, first_anniversary
from portal.domain.entitlement import Entitlement, compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.domain.plan import (
    MAX_BLOCKS,
    MIN_BLOCK_DAYS,
    Block,
    check_plan,
    default_plan,
    plan_return_date,
)

BIRTH = date(2026, 3, 2)  # a Monday
LAST_DAY = date(2027, 3, 1)  # the day before the first anniversary of BIRTH


def make_case(**overrides) -> Case:
    fields = dict(role=Role.NON_BIRTHING, event=Event.BIRTH, event_date=BIRTH, country="US")
    fields.update(overrides)
    return Case(**fields)


def make_birthing_case(**overrides) -> Case:
    return make_case(role=Role.BIRTHING, **overrides)


def make_loss_case(**overrides) -> Case:
    return make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=10, **overrides)


def make_entitlement(case: Case) -> Entitlement:
    return compute_entitlement(case)


def make_block(start: date, days: int) -> Block:
    return Block(start, start + timedelta(days=days - 1))


def make_blocks(*spans: tuple[date, int]) -> tuple[Block, ...]:
    return tuple(make_block(start, days) for start, days in spans)


def accept(case: Case, blocks: tuple[Block, ...]) -> None:
    check_plan(case, make_entitlement(case), blocks)


def refusal(case: Case, blocks: tuple[Block, ...]) -> IneligibleCase:
    with pytest.raises(IneligibleCase) as caught:
        accept(case, blocks)
    assert caught.value.field == "blocks"
    return caught.value


# --- Block and the default plan ------------------------------------------------------------


def test_a_block_counts_both_its_first_and_last_day():
    assert Block(BIRTH, BIRTH).days == 1
    assert make_block(BIRTH, 7).end == date(2026, 3, 8)
    assert make_block(BIRTH, 7).days == 7


def test_the_default_plan_is_one_block_from_the_first_to_the_last_day_of_leave():
    entitlement = make_entitlement(make_birthing_case())
    assert default_plan(entitlement) == (Block(entitlement.start, entitlement.end),)


def test_the_default_plan_includes_statutory_weeks_beyond_company_leave():
    entitlement = make_entitlement(make_birthing_case(country="GB", subdivision="ENG"))
    assert entitlement.end > entitlement.company_end
    assert default_plan(entitlement)[0].end == entitlement.end


@pytest.mark.parametrize(
    "case",
    [
        make_case(),
        make_birthing_case(start=BIRTH - timedelta(days=28)),
        make_birthing_case(country="GB", subdivision="ENG"),
        make_loss_case(),
        make_case(role=Role.ADOPTIVE, event=Event.ADOPTION),
        make_case(nicu_days=30),
    ],
    ids=["non-birthing", "birthing-early", "birthing-GB", "loss", "adoption", "nicu"],
)
def test_the_default_plan_is_accepted(case):
    accept(case, default_plan(make_entitlement(case)))


def test_a_single_block_that_is_not_the_default_plan_is_refused():
    case = make_case()
    entitlement = make_entitlement(case)
    shorter = Block(entitlement.start, entitlement.end - timedelta(days=1))
    error = refusal(case, (shorter,))
    assert "change the first day of leave to move it" in error.message


# --- refusals -------------------------------------------------------------------------------


def test_a_plan_without_blocks_is_refused():
    assert refusal(make_case(), ()).message == "please give at least one block of leave"


def test_more_than_three_blocks_are_refused():
    blocks = make_blocks(*((BIRTH + timedelta(days=10 * i), 7) for i in range(MAX_BLOCKS + 1)))
    assert refusal(make_case(), blocks).message == "leave can be split into at most 3 blocks"


def test_a_block_shorter_than_seven_days_is_refused():
    blocks = make_blocks((BIRTH, 30), (date(2026, 6, 1), MIN_BLOCK_DAYS - 1))
    assert refusal(make_case(), blocks).message == "each block must be at least 7 days"


def test_a_block_of_exactly_seven_days_is_accepted():
    accept(make_case(), make_blocks((BIRTH, 30), (date(2026, 6, 1), MIN_BLOCK_DAYS)))


def test_a_block_that_ends_before_it_starts_is_refused():
    blocks = (make_block(BIRTH, 30), Block(date(2026, 6, 10), date(2026, 6, 1)))
    assert refusal(make_case(), blocks).message == "each block must end on or after its first day"


def test_blocks_that_overlap_are_refused():
    first = make_block(BIRTH, 30)
    blocks = (first, make_block(first.end, 10))
    assert refusal(make_case(), blocks).message == "blocks must not overlap"


def test_blocks_that_overlap_are_refused_in_whatever_order_they_are_given():
    blocks = (make_block(date(2026, 5, 1), 20), make_block(date(2026, 4, 25), 10))
    assert refusal(make_case(), blocks).message == "blocks must not overlap"


def test_a_block_before_the_first_day_of_leave_is_refused():
    case = make_case(start=date(2026, 3, 10))
    blocks = make_blocks((date(2026, 3, 9), 20), (date(2026, 6, 1), 20))
    error = refusal(case, blocks)
    assert error.message == "the first block cannot start before the first day of leave"


def test_a_birthing_parents_first_block_after_the_birth_is_refused():
    case = make_birthing_case(start=BIRTH - timedelta(days=7))
    blocks = make_blocks((BIRTH + timedelta(days=1), 20), (date(2026, 6, 1), 20))
    error = refusal(case, blocks)
    assert error.message == "a birthing parent's first block starts no later than the birth"


def test_a_birthing_parents_first_block_may_start_on_the_birth():
    case = make_birthing_case(start=BIRTH - timedelta(days=7))
    accept(case, make_blocks((BIRTH, 20), (date(2026, 6, 1), 20)))


def test_a_birthing_parents_first_block_may_start_before_the_birth():
    case = make_birthing_case(start=BIRTH - timedelta(days=28))
    accept(case, make_blocks((BIRTH - timedelta(days=28), 60), (date(2026, 6, 1), 60)))


def test_a_stillbirth_counts_as_a_birth_for_the_birthing_parents_first_block():
    case = make_birthing_case(event=Event.PREGNANCY_LOSS, gestation_weeks=30, start=BIRTH)
    blocks = make_blocks((BIRTH + timedelta(days=1), 20), (date(2026, 6, 1), 20))
    error = refusal(case, blocks)
    assert error.message == "a birthing parent's first block starts no later than the birth"


def test_a_non_birthing_parents_first_block_may_start_after_the_birth():
    accept(make_case(), make_blocks((BIRTH + timedelta(days=30), 20), (date(2026, 6, 1), 20)))


def test_the_last_day_of_the_window_is_the_day_before_the_first_anniversary():
    assert first_anniversary(BIRTH) - timedelta(days=1) == LAST_DAY


def test_a_block_ending_on_the_day_before_the_first_anniversary_is_accepted():
    blocks = (make_block(BIRTH, 30), Block(LAST_DAY - timedelta(days=9), LAST_DAY))
    accept(make_case(), blocks)


def test_a_block_ending_on_the_first_anniversary_is_refused():
    anniversary = first_anniversary(BIRTH)
    blocks = (make_block(BIRTH, 30), Block(anniversary - timedelta(days=9), anniversary))
    error = refusal(make_case(), blocks)
    assert error.message == "leave is taken within 12 months of the event, by Monday 1 March 2027"


def test_a_leap_day_event_has_its_window_end_on_27_february():
    leap_day = date(2024, 2, 29)
    case = make_case(event_date=leap_day)
    assert first_anniversary(leap_day) == date(2025, 2, 28)
    inside = (make_block(leap_day, 30), Block(date(2025, 2, 18), date(2025, 2, 27)))
    accept(case, inside)
    outside = (make_block(leap_day, 30), Block(date(2025, 2, 19), date(2025, 2, 28)))
    assert refusal(case, outside).message.endswith("by Thursday 27 February 2025")


def test_blocks_adding_up_to_more_than_the_company_days_are_refused():
    case = make_case()
    assert make_entitlement(case).company_days == 140
    blocks = make_blocks((BIRTH, 100), (date(2026, 9, 1), 41))
    error = refusal(case, blocks)
    assert error.message == "the blocks add up to 141 days, more than the 140 days of company leave"


def test_blocks_adding_up_to_exactly_the_company_days_are_accepted():
    accept(make_case(), make_blocks((BIRTH, 100), (date(2026, 9, 1), 40)))


def test_split_blocks_hold_company_days_only_not_statutory_weeks():
    case = make_birthing_case(country="GB", subdivision="ENG")
    entitlement = make_entitlement(case)
    assert entitlement.leave_days > entitlement.company_days == 182
    blocks = make_blocks((BIRTH, 150), (date(2026, 10, 1), 33))
    assert "more than the 182 days" in refusal(case, blocks).message


def test_nicu_days_count_towards_what_split_blocks_may_hold():
    case = make_case(nicu_days=10)
    assert make_entitlement(case).company_days == 154
    accept(case, make_blocks((BIRTH, 100), (date(2026, 9, 1), 54)))
    assert "154 days" in refusal(case, make_blocks((BIRTH, 100), (date(2026, 9, 1), 55))).message


def test_a_pregnancy_loss_plan_cannot_be_split():
    blocks = make_blocks((BIRTH, 14), (date(2026, 4, 1), 14))
    assert refusal(make_loss_case(), blocks).message == "pregnancy loss leave is taken as one block"


def test_a_stillbirth_plan_may_be_split_like_a_birth():
    case = make_birthing_case(event=Event.PREGNANCY_LOSS, gestation_weeks=30)
    accept(case, make_blocks((BIRTH, 100), (date(2026, 9, 1), 82)))


# --- accepted splits ------------------------------------------------------------------------


def test_a_two_block_split_is_accepted():
    accept(make_birthing_case(), make_blocks((BIRTH, 120), (date(2026, 12, 1), 62)))


def test_a_three_block_split_is_accepted():
    blocks = make_blocks((BIRTH, 60), (date(2026, 6, 1), 60), (date(2027, 1, 4), 20))
    accept(make_case(), blocks)


def test_a_split_given_out_of_order_is_accepted():
    blocks = make_blocks((date(2027, 1, 4), 20), (BIRTH, 60), (date(2026, 6, 1), 60))
    accept(make_case(), blocks)


def test_an_adoptive_parent_may_split_their_leave():
    case = make_case(role=Role.ADOPTIVE, event=Event.ADOPTION)
    accept(case, make_blocks((date(2026, 4, 1), 70), (date(2026, 10, 1), 70)))


# --- the return date ------------------------------------------------------------------------


def test_the_return_date_is_the_next_working_day_after_the_last_block():
    case = make_case()
    blocks = make_blocks((BIRTH, 30), (date(2026, 6, 1), 3 * 7))  # ends Sunday 21 June
    assert plan_return_date(case, blocks) == date(2026, 6, 22)


def test_the_return_date_skips_a_weekend():
    blocks = (Block(BIRTH, date(2026, 3, 6)),)  # a Friday
    assert plan_return_date(make_case(), blocks) == date(2026, 3, 9)


def test_the_return_date_follows_the_latest_block_whatever_the_order():
    blocks = (Block(date(2026, 6, 1), date(2026, 6, 12)), Block(BIRTH, date(2026, 3, 20)))
    assert plan_return_date(make_case(), blocks) == date(2026, 6, 15)


def test_the_return_date_skips_a_public_holiday_and_the_weekend_after_it():
    blocks = (Block(BIRTH, date(2026, 7, 2)),)  # Friday 3 July is Independence Day observed
    assert plan_return_date(make_case(), blocks) == date(2026, 7, 6)


def test_the_return_date_skips_the_holidays_of_the_work_location():
    case = make_case(country="GB", subdivision="ENG")
    blocks = (Block(BIRTH, date(2026, 4, 2)),)  # Good Friday, weekend, Easter Monday
    assert plan_return_date(case, blocks) == date(2026, 4, 7)


def test_the_return_date_follows_the_locations_working_week():
    case = make_case(weekend_days=frozenset({4, 5}))  # Friday and Saturday off
    blocks = (Block(BIRTH, date(2026, 3, 5)),)  # a Thursday
    assert plan_return_date(case, blocks) == date(2026, 3, 8)


def test_the_default_plans_return_date_is_the_entitlements():
    case = make_birthing_case(country="GB", subdivision="ENG")
    entitlement = make_entitlement(case)
    assert plan_return_date(case, default_plan(entitlement)) == entitlement.return_date
