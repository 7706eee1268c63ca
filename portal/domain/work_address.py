"""Which work location a work address names: by country, then region, then the city against
the location's name. An address that names no single location is for HR to check."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """What a location is matched on."""

    id: int
    name: str
    country: str
    subdivision: str | None


def _same(a: str | None, b: str | None) -> bool:
    return (a or "").strip().casefold() == (b or "").strip().casefold()


def matching_location(
    places: Iterable[Place], country: str | None, region: str | None, locality: str | None
) -> int | None:
    """The id of the one location the address names, or None when it names none or several.

    The country must match. A region keeps the locations of that subdivision and those with no
    subdivision (their holidays are national); a city keeps the location of that name when
    there is one. Where several remain, one of the region itself is preferred to national ones.
    """
    if not (country or "").strip():
        return None
    found = [place for place in places if _same(place.country, country)]
    if (region or "").strip():
        found = [
            place for place in found
            if not place.subdivision or _same(place.subdivision, region)
        ]
    if (locality or "").strip():
        named = [place for place in found if _same(place.name, locality)]
        found = named or found
    if len(found) > 1 and (region or "").strip():
        found = [place for place in found if _same(place.subdivision, region)] or found
    return found[0].id if len(found) == 1 else None
