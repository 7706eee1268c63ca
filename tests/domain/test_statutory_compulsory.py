"""Compulsory periods in the data, checks of plans and return dates against them, and the window
an employee may come back in (POLICY §4)."""

from datetime import date, timedelta

import pytest

from portal.domain.case import Case, Event, Role
from portal.domain.compulsory import (
    check_plan_compulsory,
    check_return_date,
    compulsory_periods,
    return_window,
)
from portal.domain.entitlement import compute_entitlement
from portal.domain.errors import IneligibleCase
from portal.domain.plan import Block

BIRTH = date(2026, 6, 1)


def make_case(**overrides) -> Case:
    fields = dict(role=Role.BIRTHING, event=Event.BIRTH, event_date=BIRTH, country="GB")
    fields.update(overrides)
    return Case(**fields)


def after_birth(case: Case) -> list[tuple[str, date, date]]:
    return [(p.rule_id, p.start, p.end) for p in compulsory_periods(case) if not p.before]


@pytest.mark.parametrize(
    "country, subdivision, rule_id, first, last, source",
    [
        ("GB", "ENG", "GB.compulsory_maternity_leave", 0, 13,
         "https://www.gov.uk/maternity-pay-leave/leave"),
        ("DE", "BE", "DE.mutterschutz_compulsory", 1, 56,
         "https://www.gesetze-im-internet.de/muschg_2018/__3.html"),
        ("FR", None, "FR.maternite_compulsory", 0, 41,
         "https://www.service-public.gouv.fr/particuliers/vosdroits/F2265"),
        ("IE", None, "IE.maternity_compulsory", 0, 27,
         "https://www.citizensinformation.ie/en/employment/employment-rights-and-conditions/"
         "leave-and-holidays/maternity-leave/"),
        ("IN", "KA", "IN.compulsory", 1, 42,
         "https://www.indiacode.nic.in/simple-search?query=Maternity+Benefit+Act+1961"),
        ("JP", None, "JP.compulsory", 1, 42,
         "https://jsite.mhlw.go.jp/akita-roudoukyoku/hourei_seido_tetsuzuki/roudoukijun_keiyaku/"
         "hourei_seido/1703/1703-23.html"),
        ("ES", "MD", "ES.compulsory", 0, 41,
         "https://www.boe.es/buscar/act.php?id=BOE-A-2015-11430"),
        ("NL", None, "NL.compulsory", 1, 42, "https://wetten.overheid.nl/BWBR0013008"),
    ],
)
def test_compulsory_period_after_a_birth(country, subdivision, rule_id, first, last, source):
    periods = after_birth(make_case(country=country, subdivision=subdivision))
    assert periods == [
        (rule_id, BIRTH + timedelta(days=first), BIRTH + timedelta(days=last))
    ]
    assert any(p.source == source for p in compulsory_periods(
        make_case(country=country, subdivision=subdivision)))


@pytest.mark.parametrize("country, subdivision", [("US", "CA"), ("CA", "ON"), ("AU", "NSW")])
def test_jurisdictions_without_a_compulsory_period(country, subdivision):
    assert compulsory_periods(make_case(country=country, subdivision=subdivision)) == ()


def test_germany_after_a_stillbirth_only_the_first_two_weeks_are_compulsory():
    case = make_case(country="DE", event=Event.PREGNANCY_LOSS, gestation_weeks=30)
    assert after_birth(case) == [
        ("DE.mutterschutz_compulsory_stillbirth", BIRTH + timedelta(days=1),
         BIRTH + timedelta(days=14))
    ]


def test_germany_whole_period_after_a_premature_birth_is_compulsory():
    case = make_case(country="DE", gestation_weeks=34, expected_date=BIRTH + timedelta(weeks=6))
    assert after_birth(case)[0][2] == BIRTH + timedelta(weeks=18)


def test_ireland_and_france_need_leave_before_the_due_date_too():
    before = [p for p in compulsory_periods(make_case(country="IE")) if p.before]
    assert [(p.start, p.end) for p in before] == [
        (BIRTH - timedelta(weeks=2), BIRTH - timedelta(days=1))
    ]


def test_a_partner_in_france_has_seven_compulsory_days():
    case = make_case(country="FR", role=Role.NON_BIRTHING)
    assert after_birth(case) == [
        ("FR.paternite_compulsory", BIRTH, BIRTH + timedelta(days=6))
    ]


def test_a_return_inside_the_compulsory_period_is_refused_with_the_first_allowed_day():
    case = make_case(country="JP")
    with pytest.raises(IneligibleCase) as caught:
        check_return_date(case, BIRTH + timedelta(days=20))
    assert caught.value.field == "return_date"
    assert "Monday 13 July 2026" in caught.value.message
    check_return_date(case, BIRTH + timedelta(days=43))


def test_a_plan_must_cover_every_compulsory_day():
    case = make_case(country="GB")
    check_plan_compulsory(case, [Block(BIRTH, BIRTH + timedelta(days=13))])
    with pytest.raises(IneligibleCase) as caught:
        check_plan_compulsory(case, [Block(BIRTH, BIRTH + timedelta(days=6)),
                                     Block(BIRTH + timedelta(days=8), BIRTH + timedelta(days=30))])
    assert "Monday 8 June 2026 is not in a block" in caught.value.message


def test_the_return_window_runs_from_the_compulsory_end_to_the_longest_leave():
    case = make_case(country="GB", subdivision="ENG")
    entitlement = compute_entitlement(case)
    window = return_window(case, entitlement)
    assert window.earliest_end == BIRTH + timedelta(days=13)
    assert window.earliest_return == BIRTH + timedelta(days=14)
    assert window.company_end == entitlement.company_end
    assert window.latest_end == entitlement.end
    assert window.latest_return == entitlement.return_date
    assert window.allows(window.company_end)
    assert window.company_days_given_up(window.earliest_end) == 182 - 14
    assert window.statutory_days(window.latest_end) == 364 - 182
    with pytest.raises(IneligibleCase):
        window.check(BIRTH + timedelta(days=5))
    with pytest.raises(IneligibleCase):
        window.check(entitlement.end + timedelta(days=1))


def test_without_a_compulsory_period_the_earliest_end_is_the_first_day():
    case = make_case(country="US", role=Role.NON_BIRTHING)
    window = return_window(case, compute_entitlement(case))
    assert window.earliest_end == BIRTH
    assert window.compulsory == ()


def test_in_germany_the_earliest_end_is_the_end_of_mutterschutz():
    case = make_case(country="DE", subdivision="BE")
    window = return_window(case, compute_entitlement(case))
    assert window.earliest_end == BIRTH + timedelta(weeks=8)
