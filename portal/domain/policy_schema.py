"""Reads one policy TOML file and checks it, naming the file and rule in every error."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

from portal.domain.case import RULE_EVENTS, Role
from portal.domain.errors import PolicyDataError

ROLES = frozenset(r.value for r in Role)
COMMON_KEYS = {"id", "kind", "title", "roles", "events", "effective_from", "effective_to", "source"}
SERVICE_KEYS = {"min_service_months": int, "min_service_weeks": int}

# For each kind: the figures it needs (name -> type) and the ones it may have.
COMPANY_KINDS: dict[str, tuple[dict, dict]] = {
    "parental": ({"pay": str}, {"weeks": int, "days": int, "approved_on_submission": bool}),
    "nicu": (
        {"pay": str, "cap_weeks": int, "min_nicu_days": int},
        {"approved_on_submission": bool},
    ),
    "pregnancy_loss": ({"pay": str}, {"weeks": int, "days": int, "approved_on_submission": bool}),
    "phased_return": (
        {"pay": str, "work_days_per_week": int},
        {"weeks": int, "days": int},
    ),
}
STATUTORY_KINDS: dict[str, tuple[dict, dict]] = {
    "fixed": ({}, {"weeks": int, "days": int, **SERVICE_KEYS}),
    "child_number": (
        {"weeks": int, "later_child_from": int, "later_child_weeks": int},
        {"multiple_birth_weeks": "pairs", **SERVICE_KEYS},
    ),
    "neonatal_extension": ({"min_nicu_days": int, "max_weeks": int}, {}),
    "after_event": (
        {
            "weeks": int,
            "extended_weeks": int,
            "extended_from_babies": int,
            "extended_below_gestation": int,
            "early_birth_days_cap": int,
        },
        {},
    ),
    "gestation_tiers": ({"tiers": "triples"}, {}),
    "paternity_with_nicu": (
        {"days": int, "multiple_birth_days": int, "nicu_days_cap": int},
        {**SERVICE_KEYS},
    ),
    # explains_absence: the note already says why no statutory leave counts for the case.
    "note": ({"text": str}, {"explains_absence": bool}),
}
DURATION_KINDS = {"parental", "pregnancy_loss", "phased_return", "fixed"}


def _read(path: Path, shown: str) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise PolicyDataError(f"{shown}: not valid TOML ({error})") from error
    except OSError as error:
        raise PolicyDataError(f"{shown}: cannot be read ({error.strerror})") from error


def _is_date(value: object) -> bool:
    return type(value) is date


def _check_value(where: str, name: str, value: object, kind: object) -> object:
    if kind is bool:
        if not isinstance(value, bool):
            raise PolicyDataError(f"{where}: {name} must be true or false")
        return value
    if kind is int:
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise PolicyDataError(f"{where}: {name} must be a whole number, 0 or more")
        return value
    if kind is str:
        if not isinstance(value, str) or not value.strip():
            raise PolicyDataError(f"{where}: {name} must be a non-empty string")
        return value
    size = 2 if kind == "pairs" else 3
    shape = "[babies, weeks]" if size == 2 else "[from_weeks, to_weeks, weeks]"
    if (
        not isinstance(value, list)
        or not value
        or any(
            not isinstance(row, list)
            or len(row) != size
            or any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in row)
            for row in value
        )
    ):
        raise PolicyDataError(f"{where}: {name} must be a list of {shape} whole numbers")
    return tuple(tuple(row) for row in value)


def _names(where: str, name: str, value: object, allowed: frozenset[str]) -> frozenset[str]:
    if not isinstance(value, list) or not value or any(v not in allowed for v in value):
        raise PolicyDataError(
            f"{where}: {name} must be a non-empty list from {', '.join(sorted(allowed))}"
        )
    return frozenset(value)


def _rule(raw: object, shown: str, position: int, kinds: dict, rule_class: type) -> object:
    if not isinstance(raw, dict):
        raise PolicyDataError(f"{shown}, rule #{position}: must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not rule_id.strip():
        raise PolicyDataError(f"{shown}, rule #{position}: id must be a non-empty string")
    where = f"{shown}, rule {rule_id}"
    kind = raw.get("kind")
    if kind not in kinds:
        raise PolicyDataError(f"{where}: kind must be one of {', '.join(sorted(kinds))}")
    required, optional = kinds[kind]
    unknown = set(raw) - COMMON_KEYS - set(required) - set(optional)
    if unknown:
        raise PolicyDataError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    for name in ("title", "source"):
        _check_value(where, name, raw.get(name), str)
    if not raw["source"].startswith("https://"):
        raise PolicyDataError(f"{where}: source must be an https:// URL")
    if not _is_date(raw.get("effective_from")):
        raise PolicyDataError(f"{where}: effective_from must be a date")
    effective_to = raw.get("effective_to")
    if effective_to is not None and (
        not _is_date(effective_to) or effective_to < raw["effective_from"]
    ):
        raise PolicyDataError(f"{where}: effective_to must be a date on or after effective_from")
    figures: dict[str, object] = {}
    for name, kind_of in required.items():
        if name not in raw:
            raise PolicyDataError(f"{where}: {name} is missing")
        figures[name] = _check_value(where, name, raw[name], kind_of)
    for name, kind_of in optional.items():
        if name in raw:
            figures[name] = _check_value(where, name, raw[name], kind_of)
    if kind in DURATION_KINDS:
        given = [n for n in ("weeks", "days") if n in figures]
        if len(given) != 1:
            raise PolicyDataError(f"{where}: give exactly one of weeks or days")
        figures["days"] = figures.pop("weeks") * 7 if "weeks" in figures else figures["days"]
    return rule_class(
        id=rule_id,
        kind=kind,
        title=raw["title"],
        roles=_names(where, "roles", raw.get("roles"), ROLES),
        events=_names(where, "events", raw.get("events"), RULE_EVENTS),
        effective_from=raw["effective_from"],
        effective_to=effective_to,
        source=raw["source"],
        figures=tuple(sorted(figures.items())),
    )


def _rules(data: dict, shown: str, kinds: dict, rule_class: type, prefix: str) -> tuple:
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PolicyDataError(f"{shown}: needs at least one [[rule]]")
    rules = tuple(
        _rule(raw, shown, n, kinds, rule_class) for n, raw in enumerate(raw_rules, start=1)
    )
    seen: set[str] = set()
    for rule in rules:
        if not rule.id.startswith(prefix):
            raise PolicyDataError(f"{shown}, rule {rule.id}: id must start with {prefix!r}")
        if rule.id in seen:
            raise PolicyDataError(f"{shown}, rule {rule.id}: id is used twice")
        seen.add(rule.id)
    return rules


def _header(data: dict, shown: str, table: str, keys: dict) -> dict:
    header = data.get(table)
    if not isinstance(header, dict):
        raise PolicyDataError(f"{shown}: needs a [{table}] table")
    unknown = set(data) - {table, "rule"}
    if unknown:
        raise PolicyDataError(f"{shown}: unknown key {sorted(unknown)[0]!r}")
    for name, kind in keys.items():
        value = header.get(name)
        if kind is date:
            if not _is_date(value):
                raise PolicyDataError(f"{shown}: [{table}] {name} must be a date")
        else:
            _check_value(f"{shown}: [{table}]", name, value, str)
    return {name: header[name] for name in keys}


def parse_company_file(path: Path, shown: str, rule_class: type) -> tuple[dict, tuple]:
    """A company policy version (POLICY §3): a [policy] header and its [[rule]] grants."""
    data = _read(path, shown)
    header = _header(
        data, shown, "policy", {"id": str, "title": str, "effective_from": date, "source": str}
    )
    rules = _rules(data, shown, COMPANY_KINDS, rule_class, "company.")
    for rule in rules:
        if rule.effective_from > header["effective_from"]:
            raise PolicyDataError(
                f"{shown}, rule {rule.id}: effective_from must not be after the policy's own"
            )
    return header, rules


def parse_jurisdiction_file(path: Path, shown: str, rule_class: type) -> tuple[dict, tuple]:
    """One jurisdiction's statutory rules (POLICY §4): a [jurisdiction] header and [[rule]]s."""
    data = _read(path, shown)
    header = _header(data, shown, "jurisdiction", {"code": str, "name": str})
    expected = path.stem.upper()
    if header["code"] != expected:
        raise PolicyDataError(f"{shown}: [jurisdiction] code must be {expected!r}, as the file")
    rules = _rules(data, shown, STATUTORY_KINDS, rule_class, header["code"] + ".")
    return header, rules
