"""The entitlement of one case as a value (POLICY §3-5): grants, statutory leave, dates, reasons.

``statutory`` is a StatutoryResult whenever the policy book holds rules for the work location's
country, even if none counts for the case (then its ``end`` is None, its ``rules`` empty, and a
note says why). It is None only for a country with no data at all; the explanation then carries an
item saying that only the company policy applies. Explanation items are values
(portal/domain/explanation.py); the words are chosen in portal/wording/.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.case import Case, Event, validate
from portal.domain.explanation import (
    Item,
    NicuGrant,
    NoStatutoryRules,
    ParentalGrant,
    PhasedReturnGrant,
    PregnancyLossGrant,
    ReturnToWork,
    StatutoryExtension,
    StatutoryOnly,
    StatutoryPeriod,
)
from portal.domain.policy import CompanyPolicy, PolicyBook, Rule, load_policy_book
from portal.domain.statutory import StatutoryResult, statutory_leave
from portal.domain.workdays import first_working_day_after

COUNTED_KINDS = ("parental", "nicu", "pregnancy_loss")
KIND_ORDER = {"parental": 0, "nicu": 1, "pregnancy_loss": 2, "phased_return": 3}
_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Grant:
    """One company grant (POLICY §3): parental, nicu, pregnancy_loss or phased_return."""

    kind: str
    days: int
    pay: str

    def as_dict(self) -> dict:
        return {"kind": self.kind, "days": self.days, "pay": self.pay}


@dataclass(frozen=True, slots=True)
class PhasedReturn:
    """POLICY §3 phased return: from the return date, part-time at full pay."""

    start: date
    end: date
    work_days_per_week: int

    def as_dict(self) -> dict:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "work_days_per_week": self.work_days_per_week,
        }


@dataclass(frozen=True, slots=True)
class Entitlement:
    """What a case is entitled to (POLICY §5), with the policy version and rule ids used."""

    policy: str
    grants: tuple[Grant, ...]
    company_days: int
    statutory: StatutoryResult | None
    leave_days: int
    start: date
    end: date
    company_end: date
    return_date: date
    phased_return: PhasedReturn | None
    explanation: tuple[Item, ...]  # worded in portal/wording/
    approved_on_submission: bool
    rule_ids: tuple[str, ...]

    def grant_days(self, kind: str) -> int:
        return sum(grant.days for grant in self.grants if grant.kind == kind)

    def as_dict(self) -> dict:
        """The JSON shape shared by the CLI, the estimate page and stored requests. The
        explanation items are dicts here (a "kind" and values); the CLI words them in English,
        a page in its reader's language (portal/wording/)."""
        return {
            "policy": self.policy,
            "grants": [grant.as_dict() for grant in self.grants],
            "company_days": self.company_days,
            "statutory": self.statutory.as_dict() if self.statutory else None,
            "leave_days": self.leave_days,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "return_date": self.return_date.isoformat(),
            "phased_return": self.phased_return.as_dict() if self.phased_return else None,
            "explanation": [item.as_dict() for item in self.explanation],
        }


def _grant_days(rule: Rule, case: Case) -> int:
    if rule.kind == "nicu":
        if case.nicu_days < rule.figure("min_nicu_days"):
            return 0
        return 7 * min(rule.figure("cap_weeks"), math.ceil(case.nicu_days / 7))
    return rule.figure("days")


def _grant_item(rule: Rule, days: int, case: Case) -> Item | None:
    if rule.kind == "parental":
        return ParentalGrant(days, str(case.role))
    if rule.kind == "nicu":
        return NicuGrant(days, case.nicu_days, days == 7 * rule.figure("cap_weeks"))
    if rule.kind == "pregnancy_loss":
        return PregnancyLossGrant(days)
    return None


def _company_grants(policy: CompanyPolicy, case: Case) -> list[tuple[Rule, int]]:
    found = [
        (rule, _grant_days(rule, case))
        for rule in policy.grants.applicable(str(case.role), case.rule_event, case.event_date)
    ]
    found = [(rule, days) for rule, days in found if days > 0]
    found.sort(key=lambda pair: KIND_ORDER[pair[0].kind])
    return found


def _statutory_items(statutory: StatutoryResult | None, case: Case) -> list[Item]:
    if statutory is None:
        return [NoStatutoryRules(case.country)]
    items: list[Item] = []
    for rule in statutory.rules:
        if rule.extends:
            items.append(
                StatutoryExtension(rule.days, rule.id, rule.title, statutory.jurisdiction)
            )
        else:
            items.append(
                StatutoryPeriod(
                    rule.days, rule.id, rule.title, statutory.jurisdiction,
                    rule.counted_from, case.rule_event, rule.end,
                )
            )
    return items + list(statutory.notes)


def compute_entitlement(case: Case, book: PolicyBook | None = None) -> Entitlement:
    """POLICY §3-5: company grants, concurrent statutory leave, the end and the return date."""
    validate(case)
    book = book if book is not None else load_policy_book()
    policy = book.company_policy_for(case.event_date)
    start = case.leave_start
    grants = _company_grants(policy, case)
    company_days = sum(days for rule, days in grants if rule.kind in COUNTED_KINDS)
    company_end = start + timedelta(days=company_days - 1)
    jurisdictions = book.jurisdictions_for(case.country, case.subdivision)
    statutory = statutory_leave(case, start, jurisdictions)
    end = company_end
    if statutory is not None and statutory.end is not None and statutory.end > end:
        end = statutory.end
    return_date = first_working_day_after(end, case.country, case.subdivision, case.weekend_days)

    explanation: list[Item] = []
    phased_return = None
    for rule, days in grants:
        item = _grant_item(rule, days, case)
        if item:
            explanation.append(item)
        elif rule.kind == "phased_return":
            per_week = rule.figure("work_days_per_week")
            phased_return = PhasedReturn(
                return_date, return_date + timedelta(days=days - 1), per_week
            )
            explanation.append(PhasedReturnGrant(days, return_date, per_week))
    explanation.extend(_statutory_items(statutory, case))
    if end > company_end:
        explanation.append(StatutoryOnly(company_end + _ONE_DAY, end))
    explanation.append(ReturnToWork(return_date))
    counted = [rule for rule, _ in grants if rule.kind in COUNTED_KINDS]
    return Entitlement(
        policy=policy.id,
        grants=tuple(Grant(rule.kind, days, rule.figure("pay")) for rule, days in grants),
        company_days=company_days,
        statutory=statutory,
        leave_days=(end - start).days + 1,
        start=start,
        end=end,
        company_end=company_end,
        return_date=return_date,
        phased_return=phased_return,
        explanation=tuple(explanation),
        # POLICY §3: nobody waits for permission to grieve, whatever the weeks of pregnancy.
        approved_on_submission=case.event == Event.PREGNANCY_LOSS
        or (
            bool(counted)
            and all(rule.figure("approved_on_submission", False) for rule in counted)
        ),
        rule_ids=tuple(rule.id for rule, _ in grants) + (statutory.rule_ids if statutory else ()),
    )
