"""Reads one policy TOML file and checks it, naming the file and rule in every error."""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from portal.domain.case import RULE_EVENTS, Role
from portal.domain.errors import PolicyDataError

ROLES = frozenset(r.value for r in Role)
COMMON_KEYS = {"id", "kind", "title", "roles", "events", "effective_from", "effective_to", "source"}
SERVICE_KEYS = {
    "min_service_months": int,
    "min_service_weeks": int,
    "min_service_days": int,
    "service_until": "service_until",
}
# POLICY §4: what a statutory period is counted from. "event" is the birth, the loss or the
# placement; "day_after_event" the day after it (laws that count "weeks after the birth" from the
# next day); "leave_start" the first day of leave, a day the employee chooses.
COUNTED_FROM = ("expected_date", "event", "day_after_event", "leave_start")
AFTER_ANCHORS = ("event", "day_after_event")
BEFORE_ANCHORS = ("expected_date", "day_after_expected_date")
# around_birth: which pre-birth days not taken before the birth are added after it.
UNTAKEN_BEFORE = ("none", "early_birth", "moved_and_early", "shortfall")
NICU_KEYS = {"nicu_min_days": int, "nicu_uncounted_days": int, "nicu_extra_days_cap": int}
FLOW_KEYS = {"follows": str, "added_after": bool}

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
    # A period of weeks, days or months counted from one day, with what may lengthen it.
    "fixed": (
        {"counted_from": "counted_from"},
        {
            "weeks": int,
            "days": int,
            "months": int,
            "later_child_from": int,
            "later_child_weeks": int,
            "multiple_birth_weeks": "pairs",
            "multiple_birth_days": "pairs",
            "extra_weeks_per_additional_baby": int,
            "per_baby": bool,
            "latest_start_days_before_expected": int,
            "premature_extension_days_before_expected": int,
            "loss_at_least_weeks_after_event": int,
            **NICU_KEYS,
            **SERVICE_KEYS,
            **FLOW_KEYS,
        },
    ),
    # A period before the expected date and one after the birth (FR, DE, JP, NL).
    "around_birth": (
        {
            "weeks_before": int,
            "weeks_after": int,
            "before_counted_from": "before_anchor",
            "after_counted_from": "after_anchor",
            "untaken_before": "untaken_before",
        },
        {
            "movable_weeks": int,
            "multiple_birth": "triples",
            "later_child_from": int,
            "later_child_weeks_before": int,
            "later_child_weeks_after": int,
            "premature_below_weeks": int,
            "premature_weeks_after": int,
            **NICU_KEYS,
        },
    ),
    # One week per complete 7 days in neonatal care, at most max_weeks (GB neonatal care leave).
    "neonatal_extension": ({"min_nicu_days": int, "max_weeks": int}, {**FLOW_KEYS}),
    # Weeks by completed weeks of pregnancy: [from, to, weeks] rows (DE after a loss).
    "gestation_tiers": ({"tiers": "triples", "counted_from": "counted_from"}, {}),
    # A period the law forbids working in: checked against plans and return dates.
    "compulsory": (
        {},
        {
            "weeks_before": int,
            "days_before": int,
            "before_counted_from": "before_anchor",
            "weeks_after": int,
            "days_after": int,
            "after_counted_from": "after_anchor",
            "whole_period_of": str,
        },
    ),
    # explains_absence: the note already says why no statutory leave counts for the case.
    "note": ({"text": str}, {"explains_absence": bool}),
}
DURATION_KINDS = {"parental", "pregnancy_loss", "phased_return"}
CHOICES = {
    "counted_from": COUNTED_FROM,
    "before_anchor": BEFORE_ANCHORS,
    "after_anchor": AFTER_ANCHORS,
    "untaken_before": UNTAKEN_BEFORE,
    "service_until": ("leave_start", "expected_date"),
}
# POLICY §4: every statutory source is an official page of a government or of the law itself.
OFFICIAL_HOSTS = (
    "gov.uk",
    "legislation.gov.uk",
    "gesetze-im-internet.de",
    "service-public.gouv.fr",
    "legifrance.gouv.fr",
    "citizensinformation.ie",
    "irishstatutebook.ie",
    "indiacode.nic.in",
    "dol.gov",
    "ca.gov",
    "ny.gov",
    "mhlw.go.jp",
    "e-gov.go.jp",
    "ontario.ca",
    "fairwork.gov.au",
    "boe.es",
    "seg-social.es",
    "rijksoverheid.nl",
    "wetten.overheid.nl",
)
THRESHOLD_KEYS = {
    "stillbirth_from_weeks": int,
    "stillbirth_unclear_at_weeks": int,
    "stillbirth_rule": str,
    "stillbirth_unclear_note": str,
    "stillbirth_source": str,
}


def is_official(url: str) -> bool:
    """True when the URL is https on one of OFFICIAL_HOSTS (or a subdomain of one)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return parts.scheme == "https" and any(
        host == official or host.endswith("." + official) for official in OFFICIAL_HOSTS
    )


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


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _check_value(where: str, name: str, value: object, kind: object) -> object:
    if kind is bool:
        if not isinstance(value, bool):
            raise PolicyDataError(f"{where}: {name} must be true or false")
        return value
    if kind is int:
        if not _whole(value):
            raise PolicyDataError(f"{where}: {name} must be a whole number, 0 or more")
        return value
    if kind is str:
        if not isinstance(value, str) or not value.strip():
            raise PolicyDataError(f"{where}: {name} must be a non-empty string")
        return value
    if kind in CHOICES:
        if value not in CHOICES[kind]:
            raise PolicyDataError(f"{where}: {name} must be one of {', '.join(CHOICES[kind])}")
        return value
    size = 2 if kind == "pairs" else 3
    shape = "[babies, weeks]" if size == 2 else "[from, to, weeks]"
    if (
        not isinstance(value, list)
        or not value
        or any(
            not isinstance(row, list) or len(row) != size or not all(_whole(n) for n in row)
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


def _one_of(where: str, figures: dict, names: tuple[str, ...], required: bool = True) -> None:
    given = [n for n in names if n in figures]
    if len(given) > 1 or (required and not given):
        raise PolicyDataError(f"{where}: give exactly one of {' or '.join(names)}")


def _check_kind(where: str, kind: str, figures: dict) -> None:
    """The rules between figures that a type alone cannot say."""
    if kind in DURATION_KINDS:
        _one_of(where, figures, ("weeks", "days"))
        figures["days"] = figures.pop("weeks") * 7 if "weeks" in figures else figures["days"]
    elif kind == "fixed":
        _one_of(where, figures, ("weeks", "days", "months"))
        if "weeks" in figures:
            figures["days"] = figures.pop("weeks") * 7
        if figures.get("follows") and figures.get("added_after"):
            raise PolicyDataError(f"{where}: a rule either follows another or is added after all")
    elif kind == "compulsory":
        _one_of(where, figures, ("weeks_before", "days_before"), required=False)
        _one_of(where, figures, ("weeks_after", "days_after", "whole_period_of"), required=False)
        if not any(n in figures for n in ("weeks_before", "days_before", "weeks_after",
                                          "days_after", "whole_period_of")):
            raise PolicyDataError(f"{where}: a compulsory period needs a length before or after")
        for name in ("weeks_before", "weeks_after"):
            if name in figures:
                figures[name.replace("weeks", "days")] = figures.pop(name) * 7
    elif kind == "around_birth" and ("later_child_from" in figures) != (
        "later_child_weeks_before" in figures and "later_child_weeks_after" in figures
    ):
        raise PolicyDataError(
            f"{where}: later_child_from goes with later_child_weeks_before and _after"
        )


def _rule(
    raw: object, shown: str, position: int, kinds: dict, rule_class: type, official: bool
) -> object:
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
    if official and not is_official(raw["source"]):
        raise PolicyDataError(
            f"{where}: source must be an official page (gov.uk, legislation.gov.uk, "
            "gesetze-im-internet.de, service-public.gouv.fr, ...), not "
            f"{urlsplit(raw['source']).hostname}"
        )
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
    _check_kind(where, kind, figures)
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


def _rules(
    data: dict, shown: str, kinds: dict, rule_class: type, prefix: str, official: bool = False
) -> tuple:
    raw_rules = data.get("rule")
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PolicyDataError(f"{shown}: needs at least one [[rule]]")
    rules = tuple(
        _rule(raw, shown, n, kinds, rule_class, official)
        for n, raw in enumerate(raw_rules, start=1)
    )
    seen: set[str] = set()
    for rule in rules:
        if not rule.id.startswith(prefix):
            raise PolicyDataError(f"{shown}, rule {rule.id}: id must start with {prefix!r}")
        if rule.id in seen:
            raise PolicyDataError(f"{shown}, rule {rule.id}: id is used twice")
        seen.add(rule.id)
    return rules


def _check_references(shown: str, rules: tuple) -> None:
    """follows and whole_period_of name a counted rule of the same file."""
    counted = {rule.id for rule in rules if rule.kind not in ("note", "compulsory")}
    for rule in rules:
        for name in ("follows", "whole_period_of"):
            target = rule.figure(name)
            if target is not None and target not in counted:
                raise PolicyDataError(
                    f"{shown}, rule {rule.id}: {name} names {target!r}, "
                    "which is not a counted rule of this file"
                )


def _header(data: dict, shown: str, table: str, keys: dict, optional: dict | None = None) -> dict:
    header = data.get(table)
    if not isinstance(header, dict):
        raise PolicyDataError(f"{shown}: needs a [{table}] table")
    unknown = set(data) - {table, "rule"}
    if unknown:
        raise PolicyDataError(f"{shown}: unknown key {sorted(unknown)[0]!r}")
    optional = optional or {}
    unknown = set(header) - set(keys) - set(optional)
    if unknown:
        raise PolicyDataError(f"{shown}: [{table}] has an unknown key {sorted(unknown)[0]!r}")
    for name, kind in keys.items():
        value = header.get(name)
        if kind is date:
            if not _is_date(value):
                raise PolicyDataError(f"{shown}: [{table}] {name} must be a date")
        else:
            _check_value(f"{shown}: [{table}]", name, value, str)
    values = {name: header[name] for name in keys}
    for name, kind in optional.items():
        if name in header:
            values[name] = _check_value(f"{shown}: [{table}]", name, header[name], kind)
    return values


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


def _threshold(header: dict, shown: str) -> dict:
    """POLICY §4 loss thresholds: the weeks, the words, and an official source, together."""
    given = {name for name in THRESHOLD_KEYS if name in header}
    if not given:
        return header
    needed = {"stillbirth_from_weeks", "stillbirth_rule", "stillbirth_source"}
    if not needed <= given:
        missing = sorted(needed - given)[0]
        raise PolicyDataError(f"{shown}: [jurisdiction] {missing} is missing")
    if ("stillbirth_unclear_at_weeks" in given) != ("stillbirth_unclear_note" in given):
        raise PolicyDataError(
            f"{shown}: [jurisdiction] stillbirth_unclear_at_weeks goes with stillbirth_unclear_note"
        )
    if not is_official(header["stillbirth_source"]):
        raise PolicyDataError(f"{shown}: [jurisdiction] stillbirth_source must be an official page")
    return header


def parse_jurisdiction_file(path: Path, shown: str, rule_class: type) -> tuple[dict, tuple]:
    """One jurisdiction's statutory rules (POLICY §4): a [jurisdiction] header and [[rule]]s."""
    data = _read(path, shown)
    header = _header(
        data, shown, "jurisdiction", {"code": str, "name": str}, optional=THRESHOLD_KEYS
    )
    _threshold(header, shown)
    expected = path.stem.upper()
    if header["code"] != expected:
        raise PolicyDataError(f"{shown}: [jurisdiction] code must be {expected!r}, as the file")
    rules = _rules(data, shown, STATUTORY_KINDS, rule_class, header["code"] + ".", official=True)
    _check_references(shown, rules)
    return header, rules
