"""Rules of a work location: a name, a country and region the holidays package knows, an IANA
time zone, and a working week with at least one weekend day and one working day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import available_timezones

import holidays

from portal.domain.phrases import Phrase

NAME_MAX_LENGTH = 80
# The subdivision column's width: the longest region code in the holidays data has 17 ("São
# Paulo Capital"); a longer one in a later release is refused in words, not by the database.
SUBDIVISION_MAX_LENGTH = 40
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# A message lists a country's regions only while the list stays readable (Italy has over 100).
_REGIONS_LISTED = 20


class LocationError(ValueError):
    """Values a location cannot take: each field named, with a message a person reads."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{field}: {text}" for field, text in self.problems.items()))

    @property
    def field(self) -> str:
        return next(iter(self.problems))


@dataclass(frozen=True, slots=True)
class LocationFields:
    """A location's values as they are stored: codes in the holidays package's own spelling."""

    name: str
    country: str
    subdivision: str | None
    timezone: str
    weekend_days: str  # digits, Monday=0, ascending: "56" is Saturday and Sunday


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, ...]]:
    # Without aliases: only the two-letter codes, so "UK" or "GBR" are not stored as countries.
    return {
        code: tuple(regions)
        for code, regions in holidays.list_supported_countries(include_aliases=False).items()
    }


@lru_cache(maxsize=256)  # one entry per country at most
def _region_names(country: str) -> dict[str, str]:
    """Lower-case code or name of each region -> its code ("california" -> "CA")."""
    codes = _countries()[country]
    found = {code.lower(): code for code in codes}
    aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {}) or {}
    for alias, code in aliases.items():
        found.setdefault(alias.lower(), code)
    return found


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {zone.lower(): zone for zone in available_timezones()}


def location_name(typed: str) -> str:
    name = " ".join(typed.split())
    if not name:
        raise LocationError({"name": Phrase("Please give the location a name.")})
    if len(name) > NAME_MAX_LENGTH:
        raise LocationError({"name": Phrase(
            "A name has at most %(most)d characters.", most=NAME_MAX_LENGTH)})
    return name


def country_code(typed: str) -> str:
    """The country's two-letter ISO code, when the holidays package knows its public holidays."""
    code = typed.strip().upper()
    if not code:
        raise LocationError({"country": Phrase(
            "Please give the country's two-letter code, such as GB.")})
    if code not in _countries():
        raise LocationError({"country": (
            Phrase("“%(typed)s” is not a country code we know the public holidays of. "
                   "Please use the two-letter ISO code, such as GB, DE or US.",
                   typed=typed.strip())
        )})
    return code


def _listed(codes: tuple[str, ...]) -> str:
    shown = ", ".join(codes[:_REGIONS_LISTED])
    rest = len(codes) - _REGIONS_LISTED
    return f"{shown} and {rest} more" if rest > 0 else shown


def subdivision_code(country: str, typed: str | None) -> str | None:
    """A region (state, province, nation) of a known country, by code or by name, stored as
    the holidays package spells its code; None when left empty."""
    text = " ".join((typed or "").split())
    if not text:
        return None
    country = country_code(country)
    codes = _countries()[country]
    code = _region_names(country).get(text.lower())
    if code is None:
        if not codes:
            raise LocationError({"subdivision": Phrase(
                "“%(text)s” is not a region of %(country)s we know. %(country)s has no regions "
                "in the public holiday data; please leave it empty.", text=text, country=country,
            )})
        raise LocationError({"subdivision": Phrase(
            "“%(text)s” is not a region of %(country)s we know. Please use one of %(codes)s, "
            "or leave it empty.", text=text, country=country, codes=_listed(codes),
        )})
    if len(code) > SUBDIVISION_MAX_LENGTH:
        raise LocationError({"subdivision": (
            Phrase("The portal cannot store the region “%(code)s” yet: a region's code has at "
                   "most %(most)d characters. Please leave it empty or choose another.",
                   code=code, most=SUBDIVISION_MAX_LENGTH)
        )})
    return code


def timezone_name(typed: str) -> str:
    """A time zone of the IANA database, such as Europe/London, in its own spelling."""
    text = typed.strip()
    if not text:
        raise LocationError({"timezone": Phrase(
            "Please give a time zone, such as Europe/London.")})
    zone = _zones().get(text.lower())
    if zone is None:
        raise LocationError({"timezone": (
            Phrase("“%(text)s” is not a time zone we know. Please use a name from the IANA time "
                   "zone database, such as Europe/London or America/New_York.", text=text)
        )})
    return zone


def weekend_digits(days: Iterable[int]) -> str:
    """The weekend as stored: Monday=0 .. Sunday=6, ascending. A week with no weekend day is
    almost always boxes left unticked, and one with no working day cannot hold a return date."""
    chosen = set(days)
    if not chosen <= set(range(7)):
        raise LocationError({"weekend_days": Phrase(
            "Weekend days are days from Monday to Sunday.")})
    if not chosen:
        raise LocationError({"weekend_days": Phrase("Please tick at least one weekend day.")})
    if len(chosen) == 7:
        raise LocationError({"weekend_days": Phrase(
            "Please leave at least one working day unticked.")})
    return "".join(str(day) for day in sorted(chosen))


def weekend_in_words(weekend_days: str) -> str:
    """"Saturday and Sunday", "Friday", "Thursday, Friday and Saturday"."""
    names = [DAY_NAMES[int(day)] for day in sorted(weekend_days)]
    if len(names) <= 1:
        return "".join(names) or "None"
    return ", ".join(names[:-1]) + " and " + names[-1]


def checked_location(
    name: str, country: str, subdivision: str | None, timezone: str, weekend: Iterable[int]
) -> LocationFields:
    """Every value checked at once, so each field's problem can be shown beside it."""
    problems: dict[str, str] = {}
    values: dict[str, object] = {}
    checks = (
        ("name", location_name, (name,)),
        ("country", country_code, (country,)),
        ("timezone", timezone_name, (timezone,)),
        ("weekend_days", weekend_digits, (weekend,)),
    )
    for field, check, arguments in checks:
        try:
            values[field] = check(*arguments)
        except LocationError as error:
            problems.update(error.problems)
    if "country" in values:  # a region can only be checked against a known country
        try:
            values["subdivision"] = subdivision_code(values["country"], subdivision)
        except LocationError as error:
            problems.update(error.problems)
    if problems:
        raise LocationError(problems)
    return LocationFields(**values)
