"""Statutory leave that runs alongside company leave (POLICY §4): which rules apply, and to when.

A jurisdiction WITH data always yields a StatutoryResult, even when none of its rules counts for
the case (e.g. a GB loss before 24 weeks): then ``rules`` is empty, ``end`` is None and ``notes``
say why. A country with NO data yields None; the entitlement then says that only the company
policy applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from portal.domain.case import Case
from portal.domain.policy import Jurisdiction, Rule


@dataclass(frozen=True, slots=True)
class AppliedRule:
    """A statutory rule that counts for the case: its days, the last day, and its source."""

    id: str
    days: int
    source: str
    title: str = ""
    end: date | None = None
    extends: bool = False

    def as_dict(self) -> dict:
        return {"id": self.id, "days": self.days, "source": self.source}


@dataclass(frozen=True, slots=True)
class StatutoryResult:
    """POLICY §4 statutory_end for one jurisdiction (with its parent's rules, e.g. US + US-CA)."""

    jurisdiction: str
    end: date | None
    rules: tuple[AppliedRule, ...]
    notes: tuple[str, ...]
    rule_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "jurisdiction": self.jurisdiction,
            "end": self.end.isoformat() if self.end else None,
            "rules": [rule.as_dict() for rule in self.rules],
            "notes": list(self.notes),
        }


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}" if count == 1 else f"{count} {unit}s"


def _service_note(rule: Rule, case: Case, start: date) -> str | None:
    """None when eligible: service is assumed when no hire date is known (POLICY §4)."""
    if case.hire_date is None:
        return None
    months = rule.figure("min_service_months")
    weeks = rule.figure("min_service_weeks")
    if months is not None and case.hire_date > start - relativedelta(months=months):
        needed = _plural(months, "month")
    elif weeks is not None and case.hire_date > start - timedelta(weeks=weeks):
        needed = _plural(weeks, "week")
    else:
        return None
    return f"{rule.title} is not included: it needs {needed} of service by the first day of leave."


def _child_number_days(rule: Rule, case: Case) -> int:
    for babies, weeks in sorted(rule.figure("multiple_birth_weeks", ()), reverse=True):
        if case.babies >= babies:
            return weeks * 7
    if case.child_number >= rule.figure("later_child_from"):
        return rule.figure("later_child_weeks") * 7
    return rule.figure("weeks") * 7


def _after_event_days(rule: Rule, case: Case) -> int:
    premature = case.gestation_weeks is not None and case.gestation_weeks < rule.figure(
        "extended_below_gestation"
    )
    extended = case.babies >= rule.figure("extended_from_babies") or premature
    weeks = rule.figure("extended_weeks") if extended else rule.figure("weeks")
    early = max(0, (case.expected - case.event_date).days)
    return weeks * 7 + min(rule.figure("early_birth_days_cap"), early)


def _tier_days(rule: Rule, case: Case) -> int | None:
    for low, high, weeks in rule.figure("tiers"):
        if low <= case.gestation_weeks <= high:
            return weeks * 7
    return None


def _paternity_days(rule: Rule, case: Case) -> int:
    base = rule.figure("multiple_birth_days") if case.babies >= 2 else rule.figure("days")
    return base + min(rule.figure("nicu_days_cap"), case.nicu_days)


def _neonatal_days(rule: Rule, case: Case) -> int | None:
    if case.nicu_days < rule.figure("min_nicu_days"):
        return None
    return 7 * min(rule.figure("max_weeks"), case.nicu_days // 7)


def _apply(rule: Rule, case: Case, start: date) -> AppliedRule | None:
    """The period one rule grants, or None when it does not count for this case."""
    kind = rule.kind
    anchor = start
    if kind == "fixed":
        days = rule.figure("days")
    elif kind == "child_number":
        days = _child_number_days(rule, case)
    elif kind == "after_event":
        days, anchor = _after_event_days(rule, case), case.event_date
    elif kind == "gestation_tiers":
        days, anchor = _tier_days(rule, case), case.event_date
    elif kind == "paternity_with_nicu":
        days = _paternity_days(rule, case)
    elif kind == "neonatal_extension":
        days = _neonatal_days(rule, case)
        if days is None:
            return None
        return AppliedRule(rule.id, days, rule.source, rule.title, None, extends=True)
    else:
        raise ValueError(f"unknown statutory rule kind {kind!r}")
    if days is None:
        return None
    return AppliedRule(rule.id, days, rule.source, rule.title, anchor + timedelta(days=days - 1))


def statutory_leave(
    case: Case, start: date, jurisdictions: tuple[Jurisdiction, ...]
) -> StatutoryResult | None:
    """POLICY §4: the rules that apply from ``start``, run concurrently: the latest end wins,
    and extensions (GB neonatal care) are added after it. None when there is no data."""
    if not jurisdictions:
        return None
    applied: list[AppliedRule] = []
    extensions: list[AppliedRule] = []
    notes: list[str] = []
    rule_ids: list[str] = []
    absence_explained = False
    role, rule_event = str(case.role), case.rule_event
    for jurisdiction in jurisdictions:
        for rule in jurisdiction.rules.applicable(role, rule_event, case.event_date):
            if rule.kind == "note":
                notes.append(rule.figure("text"))
                rule_ids.append(rule.id)
                absence_explained = absence_explained or rule.figure("explains_absence", False)
                continue
            missing_service = _service_note(rule, case, start)
            if missing_service:
                notes.append(missing_service)
                continue
            result = _apply(rule, case, start)
            if result is not None:
                (extensions if result.extends else applied).append(result)
                rule_ids.append(rule.id)
    end = max((rule.end for rule in applied), default=None)
    if extensions:
        running = end if end is not None else start - timedelta(days=1)
        placed = []
        for extension in extensions:
            running += timedelta(days=extension.days)
            placed.append(
                AppliedRule(
                    extension.id, extension.days, extension.source, extension.title, running, True
                )
            )
        applied.extend(placed)
        end = running
    if not applied and not absence_explained:
        name = " or ".join(j.name for j in jurisdictions)
        notes.append(
            f"The portal does not count any statutory leave in {name} for this case, "
            "so your company leave is what counts."
        )
    return StatutoryResult(
        jurisdiction=jurisdictions[-1].code,
        end=end,
        rules=tuple(applied),
        notes=tuple(notes),
        rule_ids=tuple(rule_ids),
    )
