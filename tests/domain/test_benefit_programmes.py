"""Benefit programmes as data: the shipped files load, and broken ones say what is wrong."""

from datetime import date
from decimal import Decimal

import pytest

from portal.domain.benefits_programmes import (
    eligible_from,
    in_force,
    is_eligible,
    journey_key,
    load_programmes,
    parse_programme,
)
from portal.domain.errors import PolicyDataError

GOOD = {
    "id": "adoption_assistance", "name": "Adoption assistance", "effective_from": date(2022, 1, 1),
    "journey": "adoption", "cap": "10000.00", "cap_currency": "USD", "cap_per": "journey",
    "claim_window_days": 365, "expenses": [{"id": "agency_fees", "name": "Agency fees"}],
}


def test_the_shipped_programmes_are_adoption_and_surrogacy_assistance_with_their_caps():
    programmes = {p.id: p for p in load_programmes()}
    assert programmes["adoption_assistance"].cap == Decimal("10000.00")
    assert programmes["surrogacy_assistance"].cap == Decimal("20000.00")
    assert {p.cap_currency for p in programmes.values()} == {"USD"}
    assert programmes["surrogacy_assistance"].journey == "surrogacy"
    assert "surrogate_medical" in {e.id for e in programmes["surrogacy_assistance"].expenses}


@pytest.mark.parametrize(("change", "message"), [
    ({"cap": 10000.5}, "cap must be a positive amount"),
    ({"cap": "-1"}, "cap must be a positive amount"),
    ({"cap_currency": "usd"}, "ISO 4217"),
    ({"journey": "birth"}, "journey must be one of"),
    ({"cap_per": "year"}, "cap_per"),
    ({"claim_window_days": 0}, "claim_window_days must be a whole number"),
    ({"effective_from": "2022-01-01"}, "effective_from must be a date"),
    ({"expenses": []}, "at least one kind"),
    ({"expenses": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]}, "listed twice"),
    ({"lifetime_cap": "5000"}, "lifetime_cap must be at least"),
    ({"colour": "blue"}, "unknown field colour"),
    ({"service_months": -1}, "service_months"),
])
def test_a_broken_programme_is_refused_with_the_file_and_field_named(change, message):
    with pytest.raises(PolicyDataError, match=message) as refused:
        parse_programme({**GOOD, **change}, "benefits/adoption.toml")
    assert str(refused.value).startswith("benefits/adoption.toml: ")


def test_a_missing_field_is_named():
    data = dict(GOOD)
    del data["cap"]
    with pytest.raises(PolicyDataError, match="missing cap"):
        parse_programme(data, "benefits/x.toml")


def test_invalid_toml_is_refused_with_its_file_name(tmp_path):
    (tmp_path / "broken.toml").write_text("id = ", encoding="utf-8")
    with pytest.raises(PolicyDataError, match="benefits/broken.toml: not valid TOML"):
        load_programmes(tmp_path)


def test_a_later_version_takes_over_from_its_effective_date():
    first = parse_programme(GOOD, "a")
    later = parse_programme({**GOOD, "cap": "12000", "effective_from": date(2027, 1, 1)}, "b")
    assert in_force((first, later), date(2026, 12, 31)) == (first,)
    assert in_force((first, later), date(2027, 1, 1)) == (later,)
    assert in_force((first, later), date(2021, 12, 31)) == ()


def test_everyone_is_eligible_from_the_first_day_unless_a_service_period_is_set():
    open_to_all = parse_programme(GOOD, "a")
    assert is_eligible(open_to_all, date(2026, 3, 2), date(2026, 3, 2))
    assert is_eligible(open_to_all, None, date(2026, 3, 2))
    six_months = parse_programme({**GOOD, "service_months": 6}, "b")
    assert eligible_from(six_months, date(2026, 1, 31)) == date(2026, 7, 31)
    assert not is_eligible(six_months, date(2026, 1, 31), date(2026, 7, 30))
    assert is_eligible(six_months, date(2026, 1, 31), date(2026, 7, 31))
    assert not is_eligible(six_months, None, date(2026, 7, 31))


def test_journeys_are_grouped_by_their_name_whatever_the_case_and_spacing():
    assert journey_key("  Our   Adoption ") == journey_key("our adoption")
