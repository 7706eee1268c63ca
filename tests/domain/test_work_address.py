"""Which location a work address names: the country, then the region, then the city."""

from portal.domain.work_address import Place, matching_location

PLACES = [
    Place(1, "London", "GB", "ENG"),
    Place(2, "Edinburgh", "GB", "SCT"),
    Place(3, "Berlin", "DE", None),
    Place(4, "San Francisco", "US", "CA"),
    Place(5, "Los Angeles", "US", "CA"),
    Place(6, "Remote US", "US", None),
]


def test_the_country_alone_names_the_only_location_there():
    assert matching_location(PLACES, "de", None, None) == 3
    assert matching_location(PLACES, "DE", "BE", "Berlin") == 3  # national: any region


def test_the_region_and_then_the_city_narrow_a_country_with_several_locations():
    assert matching_location(PLACES, "GB", None, None) is None
    assert matching_location(PLACES, "GB", "sct", None) == 2
    assert matching_location(PLACES, "US", "CA", "los angeles") == 5
    assert matching_location(PLACES, "US", "NY", None) == 6  # only the national one is left


def test_an_address_that_names_none_or_several_locations_names_none():
    assert matching_location(PLACES, "US", "CA", None) is None
    assert matching_location(PLACES, "FR", None, "Paris") is None
    assert matching_location(PLACES, None, "CA", "Los Angeles") is None
    assert matching_location(PLACES, "  ", None, None) is None
