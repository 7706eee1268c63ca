"""A life event keeps the employee's blocks where they still fit (POLICY §3 windows)."""

from datetime import date, timedelta

import pytest

from portal.domain.case import Case, Event, Role
from portal.domain.entitlement import compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.domain.plan import Block, carried_plan, check_plan, only_one_block

DUE = date(2026, 6, 1)


def test_a_split_plan_keeps_every_block_and_the_last_one_takes_the_extra_days():
    blocks = (Block(DUE, DUE + timedelta(days=69)),
              Block(DUE + timedelta(days=100), DUE + timedelta(days=169)))
    assert carried_plan(blocks, 14) == (
        blocks[0], Block(blocks[1].start, blocks[1].end + timedelta(days=14)))
    assert carried_plan(tuple(reversed(blocks)), -7)[-1].end == blocks[1].end - timedelta(days=7)


def test_a_carried_plan_that_runs_past_the_year_is_for_check_plan_to_refuse():
    case = Case(role=Role.NON_BIRTHING, event=Event.BIRTH, event_date=DUE, nicu_days=10)
    entitlement = compute_entitlement(case)
    last_day = DUE.replace(year=DUE.year + 1) - timedelta(days=1)
    blocks = (Block(DUE, DUE + timedelta(days=69)), Block(last_day - timedelta(days=69), last_day))
    with pytest.raises(IneligibleCase, match="within 12 months of the event"):
        check_plan(case, entitlement, carried_plan(blocks, 14))


def test_only_a_pregnancy_loss_before_24_weeks_has_no_split_to_keep():
    loss = Case(role=Role.BIRTHING, event=Event.PREGNANCY_LOSS, event_date=DUE, gestation_weeks=12)
    stillbirth = Case(role=Role.BIRTHING, event=Event.PREGNANCY_LOSS, event_date=DUE,
                      gestation_weeks=30)
    birth = Case(role=Role.BIRTHING, event=Event.BIRTH, event_date=DUE)
    assert [only_one_block(c) for c in (loss, stillbirth, birth)] == [True, False, False]
