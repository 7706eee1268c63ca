"""A work location's values: a country and region the holidays package knows, an IANA time
zone, a sensible working week, and messages a person can read when one is wrong."""

import holidays
import pytest

from portal.domain import locations
from portal.domain.locations import (
    LocationError,
    LocationFields,
    checked_location,
    country_code,
    location_name,
    subdivision_code,
    timezone_name,
    weekend_digits,
    weekend_in_words,
)


def problem_of(check, *arguments) -> tuple[str, str]:
    with pytest.raises(LocationError) as raised:
        check(*arguments)
    [(field, message)] = raised.value.problems.items()
    return field, message


def test_a_country_code_is_upper_cased_and_kept_when_the_holidays_package_knows_it():
    assert country_code(" gb ") == "GB"
    assert country_code("DE") == "DE"


@pytest.mark.parametrize("typed", ["XX", "UK", "GBR", "Germany"])
def test_an_unknown_country_code_is_refused_with_an_example_of_a_good_one(typed):
    field, message = problem_of(country_code, typed)
    assert field == "country"
    assert f"“{typed}” is not a country code we know" in message
    assert "such as GB, DE or US" in message


def test_an_empty_country_asks_for_one():
    assert problem_of(country_code, "  ") == (
        "country", "Please give the country's two-letter code, such as GB.")


def test_a_subdivision_may_be_left_empty():
    assert subdivision_code("GB", "") is None
    assert subdivision_code("GB", None) is None
    assert subdivision_code("GB", "   ") is None


def test_a_subdivision_is_matched_whatever_its_case_and_stored_as_the_package_spells_it():
    assert subdivision_code("GB", "eng") == "ENG"
    assert subdivision_code("US", "Ca") == "CA"
    assert subdivision_code("FR", "zone  a") == "Zone A"


def test_a_subdivision_may_be_given_by_its_name():
    assert subdivision_code("US", "California") == "CA"
    assert subdivision_code("GB", "scotland") == "SCT"


def test_a_subdivision_of_another_country_is_refused_with_the_ones_that_exist():
    field, message = problem_of(subdivision_code, "GB", "CA")
    assert field == "subdivision"
    assert message == (
        "“CA” is not a region of GB we know. Please use one of ENG, NIR, SCT, WLS, or leave it "
        "empty."
    )


def test_a_long_list_of_regions_is_cut_short_in_the_message():
    _field, message = problem_of(subdivision_code, "IT", "Atlantis")
    assert " more, or leave it empty." in message
    assert len(message) < 200


def test_every_region_code_in_the_holidays_data_fits_the_column():
    longest = max(len(code) for regions in holidays.list_supported_countries(
        include_aliases=False).values() for code in regions)
    assert longest <= locations.SUBDIVISION_MAX_LENGTH
    assert subdivision_code("BR", "são paulo capital") == "São Paulo Capital"


def test_a_region_too_long_for_the_database_is_refused_rather_than_cut(monkeypatch):
    monkeypatch.setattr(locations, "SUBDIVISION_MAX_LENGTH", 10)
    _field, message = problem_of(subdivision_code, "BR", "São Paulo Capital")
    assert "at most 10 characters" in message


def test_a_country_without_regions_says_to_leave_the_subdivision_empty():
    assert problem_of(subdivision_code, "IE", "Leinster") == (
        "subdivision",
        "“Leinster” is not a region of IE we know. IE has no regions in the public holiday data; "
        "please leave it empty.",
    )


def test_a_time_zone_of_the_iana_database_is_kept_in_its_own_spelling():
    assert timezone_name("Europe/London") == "Europe/London"
    assert timezone_name(" america/new_york ") == "America/New_York"
    assert timezone_name("UTC") == "UTC"


@pytest.mark.parametrize("typed", ["Mars/Olympus_Mons", "GMT+25", "../../etc/passwd", "London"])
def test_an_unknown_time_zone_is_refused_with_examples(typed):
    field, message = problem_of(timezone_name, typed)
    assert field == "timezone"
    assert f"“{typed}” is not a time zone we know" in message
    assert "Europe/London" in message


def test_weekend_days_are_stored_as_ascending_digits_from_monday_zero():
    assert weekend_digits([6, 5]) == "56"
    assert weekend_digits({4}) == "4"
    assert weekend_digits([0, 1, 2, 3, 4, 5]) == "012345"


def test_a_week_needs_at_least_one_weekend_day_and_one_working_day():
    assert problem_of(weekend_digits, []) == (
        "weekend_days", "Please tick at least one weekend day.")
    assert problem_of(weekend_digits, range(7)) == (
        "weekend_days", "Please leave at least one working day unticked.")


def test_a_weekend_day_outside_the_week_is_refused():
    assert problem_of(weekend_digits, [7])[0] == "weekend_days"


def test_the_weekend_is_written_in_words():
    assert weekend_in_words("56") == "Saturday and Sunday"
    assert weekend_in_words("4") == "Friday"
    assert weekend_in_words("456") == "Friday, Saturday and Sunday"


def test_a_name_loses_extra_spaces_and_must_fit_the_column():
    assert location_name("  Berlin   office ") == "Berlin office"
    assert problem_of(location_name, " ") == ("name", "Please give the location a name.")
    assert problem_of(location_name, "x" * 81) == ("name", "A name has at most 80 characters.")


def test_a_whole_location_is_checked_and_normalised_at_once():
    assert checked_location("Berlin", "de", "be", "europe/berlin", [5, 6]) == LocationFields(
        name="Berlin", country="DE", subdivision="BE", timezone="Europe/Berlin",
        weekend_days="56",
    )


def test_every_wrong_value_is_named_together_so_each_field_can_show_its_own():
    with pytest.raises(LocationError) as raised:
        checked_location("", "US", "Narnia", "Nowhere/Town", [])
    assert set(raised.value.problems) == {"name", "subdivision", "timezone", "weekend_days"}


def test_the_subdivision_waits_for_a_known_country():
    with pytest.raises(LocationError) as raised:
        checked_location("Office", "XX", "ENG", "UTC", [5, 6])
    assert set(raised.value.problems) == {"country"}


def test_messages_name_no_field_codes():
    with pytest.raises(LocationError) as raised:
        checked_location("", "XX", "", "", [])
    for message in raised.value.problems.values():
        assert not {"weekend_days", "timezone", "subdivision"} & set(message.split())
