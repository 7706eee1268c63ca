"""Benefit programmes as data: reading and checking portal/policies/benefits/*.toml, eligibility.

A programme pays towards one kind of journey (an adoption, a surrogacy) up to a cap in its own
currency, counted per journey, with an optional lifetime limit per person. Every file is
checked when loaded; a broken file names itself and the field at fault.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

from dateutil.relativedelta import relativedelta

from portal.domain.errors import PolicyDataError

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "policies" / "benefits"
JOURNEYS = {"adoption": "adoption", "surrogacy": "surrogacy"}
CAP_PER = frozenset({"journey"})
REQUIRED = ("id", "name", "effective_from", "journey", "cap", "cap_currency", "cap_per",
            "claim_window_days", "expenses")
KNOWN = frozenset({*REQUIRED, "summary", "service_months", "lifetime_cap"})


@dataclass(frozen=True, slots=True)
class ExpenseKind:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Programme:
    """One version of a programme, as its file says."""

    id: str
    name: str
    summary: str
    effective_from: date
    journey: str
    service_months: int
    cap: Decimal
    cap_currency: str
    cap_per: str
    lifetime_cap: Decimal | None
    claim_window_days: int
    expenses: tuple[ExpenseKind, ...]

    def expense_name(self, kind: str) -> str:
        return next((e.name for e in self.expenses if e.id == kind), "Other expense")


def _fail(shown: str, message: str) -> PolicyDataError:
    return PolicyDataError(f"{shown}: {message}")


def _amount(value: object, shown: str, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)) if isinstance(value, str | int) else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount <= 0:
        raise _fail(shown, f"{field} must be a positive amount written as text, like \"10000.00\"")
    return amount


def _whole(value: object, shown: str, field: str, low: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _fail(shown, f"{field} must be a whole number of at least {low}")
    return value


def parse_programme(data: dict, shown: str) -> Programme:
    """One programme file's table, checked field by field (raises PolicyDataError)."""
    missing = [name for name in REQUIRED if name not in data]
    if missing:
        raise _fail(shown, f"missing {', '.join(missing)}")
    unknown = sorted(set(data) - KNOWN)
    if unknown:
        raise _fail(shown, f"unknown field {', '.join(unknown)}")
    for name in ("id", "name", "journey", "cap_currency", "cap_per"):
        if not isinstance(data[name], str) or not data[name].strip():
            raise _fail(shown, f"{name} must be text")
    if not isinstance(data["effective_from"], date):
        raise _fail(shown, "effective_from must be a date, like 2022-01-01")
    if data["journey"] not in JOURNEYS:
        raise _fail(shown, f"journey must be one of {', '.join(sorted(JOURNEYS))}")
    if data["cap_per"] not in CAP_PER:
        raise _fail(shown, "cap_per must be \"journey\"")
    currency = data["cap_currency"]
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise _fail(shown, "cap_currency must be an ISO 4217 code, like USD")
    cap = _amount(data["cap"], shown, "cap")
    lifetime = data.get("lifetime_cap")
    lifetime_cap = None if lifetime is None else _amount(lifetime, shown, "lifetime_cap")
    if lifetime_cap is not None and lifetime_cap < cap:
        raise _fail(shown, "lifetime_cap must be at least the cap of one journey")
    expenses = data["expenses"]
    if not isinstance(expenses, list) or not expenses:
        raise _fail(shown, "expenses must list at least one kind of expense")
    kinds = []
    for item in expenses:
        if not isinstance(item, dict) or set(item) != {"id", "name"} or not all(
            isinstance(value, str) and value.strip() for value in item.values()
        ):
            raise _fail(shown, "each expense needs an id and a name, and nothing else")
        kinds.append(ExpenseKind(item["id"], item["name"]))
    if len({kind.id for kind in kinds}) != len(kinds):
        raise _fail(shown, "an expense id is listed twice")
    summary = data.get("summary", "")
    if not isinstance(summary, str):
        raise _fail(shown, "summary must be text")
    return Programme(
        id=data["id"], name=data["name"], summary=summary,
        effective_from=data["effective_from"], journey=data["journey"],
        service_months=_whole(data.get("service_months", 0), shown, "service_months", 0),
        cap=cap, cap_currency=currency, cap_per=data["cap_per"], lifetime_cap=lifetime_cap,
        claim_window_days=_whole(data["claim_window_days"], shown, "claim_window_days", 1),
        expenses=tuple(kinds),
    )


def load_programmes(directory: Path = DEFAULT_DIRECTORY) -> tuple[Programme, ...]:
    """Every programme version in the directory, checked; ids may repeat with later dates."""
    if not directory.is_dir():
        raise PolicyDataError(f"{directory.name}: benefit programme directory not found")
    found: dict[tuple[str, date], Programme] = {}
    for path in sorted(directory.glob("*.toml")):
        shown = f"benefits/{path.name}"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise _fail(shown, f"not valid TOML ({error})") from None
        programme = parse_programme(data, shown)
        key = (programme.id, programme.effective_from)
        if key in found:
            raise _fail(shown, f"{programme.id} is defined twice for the same effective_from")
        found[key] = programme
    return tuple(sorted(found.values(), key=lambda p: (p.name, p.effective_from)))


@lru_cache(maxsize=4)
def programme_book(directory: Path = DEFAULT_DIRECTORY) -> tuple[Programme, ...]:
    return load_programmes(directory)


def in_force(programmes: tuple[Programme, ...], on: date) -> tuple[Programme, ...]:
    """The version of each programme in force on this day (the latest that has started)."""
    latest: dict[str, Programme] = {}
    for programme in programmes:
        if programme.effective_from <= on and (
            programme.id not in latest
            or latest[programme.id].effective_from < programme.effective_from
        ):
            latest[programme.id] = programme
    return tuple(sorted(latest.values(), key=lambda p: p.name))


def eligible_from(programme: Programme, hire_date: date | None) -> date | None:
    """The first day this person may claim: from the first day of work unless the programme
    sets months of service. None when the start date is unknown and service is required."""
    if programme.service_months == 0:
        return hire_date or date.min
    if hire_date is None:
        return None
    return hire_date + relativedelta(months=programme.service_months)


def is_eligible(programme: Programme, hire_date: date | None, today: date) -> bool:
    start = eligible_from(programme, hire_date)
    return start is not None and start <= today and programme.effective_from <= today


def journey_key(label: str) -> str:
    """Claims name their journey in the employee's words; these words, tidied, group them."""
    return " ".join(label.split()).casefold()
