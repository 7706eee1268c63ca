"""The policy book: company policy versions and statutory rules per jurisdiction (POLICY §3-4).

The rules live as TOML under portal/policies/: ``company-*.toml`` files are company policy
versions, every other ``*.toml`` file holds one jurisdiction's statutory rules. A rule applies to
an event when ``effective_from <= event_date`` and, where the rule ended, ``event_date <=
effective_to`` (the last day it was in force). Loading validates every file (policy_schema).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from portal.domain.errors import IneligibleCase, PolicyDataError
from portal.domain.policy_schema import parse_company_file, parse_jurisdiction_file

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "policies"


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule version from the data: who and what it applies to, its figures and source."""

    id: str
    kind: str
    title: str
    roles: frozenset[str]
    events: frozenset[str]
    effective_from: date
    effective_to: date | None
    source: str
    figures: tuple[tuple[str, object], ...] = ()
    _lookup: dict[str, object] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lookup", dict(self.figures))

    def figure(self, name: str, default: object = None) -> object:
        return self._lookup.get(name, default)

    def in_force_for(self, event_date: date) -> bool:
        return self.effective_from <= event_date and (
            self.effective_to is None or event_date <= self.effective_to
        )


def _index(rules: tuple[Rule, ...]) -> dict[tuple[str, str], tuple[Rule, ...]]:
    index: dict[tuple[str, str], list[Rule]] = {}
    for rule in rules:
        for role in rule.roles:
            for event in rule.events:
                index.setdefault((role, event), []).append(rule)
    return {key: tuple(found) for key, found in index.items()}


def _counting_order(rule: Rule) -> int:
    """Counted rules first, then those that follow another, then those added after all."""
    if rule.figure("follows"):
        return 1
    return 2 if rule.figure("added_after", False) else 0


def _split(index: dict) -> dict[tuple[str, str], tuple[tuple[Rule, ...], tuple[Rule, ...]]]:
    """Per (role, event): the notes, and the counted rules in the order they are counted."""
    return {
        key: (
            tuple(rule for rule in found if rule.kind == "note"),
            tuple(
                sorted(
                    (rule for rule in found if rule.kind not in ("note", "compulsory")),
                    key=_counting_order,
                )
            ),
        )
        for key, found in index.items()
    }


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Rules with a lookup by (role, rule event) built once at load time."""

    rules: tuple[Rule, ...]
    _by_pair: dict[tuple[str, str], tuple[Rule, ...]] = field(init=False, repr=False, compare=False)
    _split: dict = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_pair", _index(self.rules))
        object.__setattr__(self, "_split", _split(self._by_pair))

    def applicable(self, role: str, rule_event: str, event_date: date) -> tuple[Rule, ...]:
        candidates = self._by_pair.get((role, rule_event), ())
        return tuple(rule for rule in candidates if rule.in_force_for(event_date))

    def notes_and_counted(
        self, role: str, rule_event: str, event_date: date
    ) -> tuple[list[Rule], list[Rule]]:
        """The notes and the counted rules in force, counted rules in counting order."""
        notes, counted = self._split.get((role, rule_event), ((), ()))
        return (
            [rule for rule in notes if rule.in_force_for(event_date)],
            [rule for rule in counted if rule.in_force_for(event_date)],
        )


@dataclass(frozen=True, slots=True)
class CompanyPolicy:
    """One version of the company policy (POLICY §3), in force for events from effective_from."""

    id: str
    title: str
    effective_from: date
    source: str
    grants: RuleSet
    path: str = ""


@dataclass(frozen=True, slots=True)
class LossThreshold:
    """POLICY §4: from how many completed weeks a loss counts as a birth for a country's law.

    ``unclear_at_weeks`` is a completed week in which the law's line falls (Japan's 85 days is
    12 weeks and 1 day): a loss then is not counted as a birth, and ``unclear_note`` says why."""

    from_weeks: int
    rule: str
    source: str
    unclear_at_weeks: int | None = None
    unclear_note: str | None = None


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    """The statutory rules of one jurisdiction (POLICY §4), e.g. GB, DE or US-CA."""

    code: str
    name: str
    rules: RuleSet
    path: str = ""
    threshold: LossThreshold | None = None


@dataclass(frozen=True, slots=True)
class PolicyBook:
    """Every company policy version and every jurisdiction's statutory rules."""

    company_policies: tuple[CompanyPolicy, ...]
    jurisdictions: dict[str, Jurisdiction]
    _starts: tuple[date, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.company_policies, key=lambda p: p.effective_from))
        object.__setattr__(self, "company_policies", ordered)
        object.__setattr__(self, "_starts", tuple(p.effective_from for p in ordered))

    def company_policy_for(self, event_date: date) -> CompanyPolicy:
        """POLICY §3: the version with the latest effective date on or before the event."""
        position = bisect.bisect_right(self._starts, event_date)
        if position == 0:
            raise IneligibleCase(
                "event_date", "the company policy covers events on or after %(first)s",
                first=self._starts[0],
            )
        return self.company_policies[position - 1]

    def company_policy(self, policy_id: str) -> CompanyPolicy:
        """A version by id, e.g. to show a request with the version it was computed with."""
        for policy in self.company_policies:
            if policy.id == policy_id:
                return policy
        raise KeyError(policy_id)

    def jurisdictions_for(self, country: str, subdivision: str | None) -> tuple[Jurisdiction, ...]:
        """POLICY §4: the country's rules, then its subdivision's (US then US-CA) where held.
        A subdivision may hold rules of its own without national ones (Ontario, CA-ON)."""
        found = []
        national = self.jurisdictions.get(country)
        if national is not None:
            found.append(national)
        if subdivision:
            regional = self.jurisdictions.get(f"{country}-{subdivision}")
            if regional is not None:
                found.append(regional)
        return tuple(found)

    @property
    def rule_count(self) -> int:
        company = sum(len(p.grants.rules) for p in self.company_policies)
        return company + sum(len(j.rules.rules) for j in self.jurisdictions.values())


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(DEFAULT_DIRECTORY.parent.parent).as_posix()
    except ValueError:
        return str(path)


def _threshold(header: dict) -> LossThreshold | None:
    if "stillbirth_from_weeks" not in header:
        return None
    return LossThreshold(
        from_weeks=header["stillbirth_from_weeks"],
        rule=header["stillbirth_rule"],
        source=header["stillbirth_source"],
        unclear_at_weeks=header.get("stillbirth_unclear_at_weeks"),
        unclear_note=header.get("stillbirth_unclear_note"),
    )


def _read_directory(directory: Path) -> PolicyBook:
    if not directory.is_dir():
        raise PolicyDataError(f"{directory}: policy directory not found")
    companies: list[CompanyPolicy] = []
    jurisdictions: dict[str, Jurisdiction] = {}
    seen_ids: dict[str, str] = {}
    for path in sorted(directory.glob("*.toml")):
        shown = _display(path)
        if path.name.startswith("company"):
            header, rules = parse_company_file(path, shown, Rule)
            item = CompanyPolicy(grants=RuleSet(rules), path=shown, **header)
            if any(p.effective_from == item.effective_from for p in companies):
                raise PolicyDataError(f"{shown}: another company policy starts on the same date")
        else:
            header, rules = parse_jurisdiction_file(path, shown, Rule)
            item = Jurisdiction(
                code=header["code"],
                name=header["name"],
                rules=RuleSet(rules),
                path=shown,
                threshold=_threshold(header),
            )
            if item.code in jurisdictions:
                raise PolicyDataError(f"{shown}: jurisdiction {item.code} is defined twice")
        for rule in rules:
            if rule.id in seen_ids and not path.name.startswith("company"):
                raise PolicyDataError(
                    f"{shown}, rule {rule.id}: id already used in {seen_ids[rule.id]}"
                )
            seen_ids[rule.id] = shown
        if isinstance(item, CompanyPolicy):
            companies.append(item)
        else:
            jurisdictions[item.code] = item
    if not companies:
        raise PolicyDataError(f"{_display(directory)}: no company policy (company-*.toml) found")
    return PolicyBook(company_policies=tuple(companies), jurisdictions=jurisdictions)


@lru_cache(maxsize=1)
def _default_book() -> PolicyBook:
    return _read_directory(DEFAULT_DIRECTORY)


def load_policy_book(directory: Path | None = None) -> PolicyBook:
    """Load and validate the policy data (POLICY §3-4); the default directory is cached."""
    if directory is None:
        return _default_book()
    return _read_directory(Path(directory))
