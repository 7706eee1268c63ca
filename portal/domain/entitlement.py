"""The entitlement of one case as a value (POLICY §3-5): grants, statutory leave, dates, reasons.

``statutory`` is a StatutoryResult whenever the policy book holds rules for the work location's
country, even if none counts for the case (then its ``end`` is None, its ``rules`` empty, and a
note says why). It is None only for a country with no data at all; the explanation then carries a
line saying that only the company policy applies.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from portal.domain.case import ROLE_LABELS, Case, Event, validate
from portal.domain.policy import CompanyPolicy, PolicyBook, Rule, load_policy_book
from portal.domain.rule_book import EVENT_NOUNS
from portal.domain.statutory import AppliedRule, StatutoryResult, statutory_leave
from portal.domain.wording import duration, long_date
from portal.domain.workdays import first_working_day_after

COUNTED_KINDS = ("parental", "nicu", "pregnancy_loss")
KIND_ORDER = {"parental": 0, "nicu": 1, "pregnancy_loss": 2, "phased_return": 3}
_ONE_DAY = timedelta(days=1)
# English names, not the process locale's: explanation lines read the same on every server.


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
    explanation: tuple[str, ...]
    approved_on_submission: bool
    rule_ids: tuple[str, ...]

    def grant_days(self, kind: str) -> int:
        return sum(grant.days for grant in self.grants if grant.kind == kind)

    def as_dict(self) -> dict:
        """The JSON shape shared by the CLI, the estimate page and stored requests."""
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
            "explanation": list(self.explanation),
        }


def _grant_days(rule: Rule, case: Case) -> int:
    if rule.kind == "nicu":
        if case.nicu_days < rule.figure("min_nicu_days"):
            return 0
        return 7 * min(rule.figure("cap_weeks"), math.ceil(case.nicu_days / 7))
    return rule.figure("days")


def _grant_line(rule: Rule, days: int, case: Case) -> str | None:
    if rule.kind == "parental":
        return f"{duration(days)} parental leave ({ROLE_LABELS[case.role]})"
    if rule.kind == "nicu":
        in_care = "1 day" if case.nicu_days == 1 else f"{case.nicu_days} days"
        capped = " (the most the policy gives)" if days == 7 * rule.figure("cap_weeks") else ""
        return f"+{duration(days)} NICU leave{capped}: {in_care} in neonatal care"
    if rule.kind == "pregnancy_loss":
        return f"{duration(days)} pregnancy loss leave"
    return None


def _company_grants(policy: CompanyPolicy, case: Case) -> list[tuple[Rule, int]]:
    found = [
        (rule, _grant_days(rule, case))
        for rule in policy.grants.applicable(str(case.role), case.rule_event, case.event_date)
    ]
    found = [(rule, days) for rule, days in found if days > 0]
    found.sort(key=lambda pair: KIND_ORDER[pair[0].kind])
    return found


def _anchor_words(rule: AppliedRule, case: Case) -> str:
    """POLICY §4: what this case's statutory period was counted from, in words."""
    noun = EVENT_NOUNS.get(case.rule_event, "the event")
    if rule.counted_from == "around_birth":
        return f"from before the expected date to after {noun}"
    if rule.counted_from == "follows":
        return "after the leave before it"
    if rule.counted_from == "event":
        return f"from {noun}"
    if rule.counted_from == "day_after_event":
        return f"from the day after {noun}"
    if rule.counted_from == "expected_date":
        return "from the expected date"
    return "from the first day of leave"


def _statutory_lines(statutory: StatutoryResult | None, case: Case) -> list[str]:
    if statutory is None:
        return [
            f"There are no statutory rules for {case.country} in the portal yet, "
            "so only the company policy applies."
        ]
    lines = []
    for rule in statutory.rules:
        if rule.extends:
            lines.append(
                f"+{duration(rule.days)} {rule.title} ({statutory.jurisdiction}), "
                "after the other statutory leave"
            )
        else:
            lines.append(
                f"{duration(rule.days)} {rule.title} ({statutory.jurisdiction}), "
                f"{_anchor_words(rule, case)} until {long_date(rule.end)}, "
                "at the same time as company leave"
            )
    return lines + list(statutory.notes)


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

    explanation = []
    phased_return = None
    for rule, days in grants:
        line = _grant_line(rule, days, case)
        if line:
            explanation.append(line)
        elif rule.kind == "phased_return":
            per_week = rule.figure("work_days_per_week")
            phased_return = PhasedReturn(
                return_date, return_date + timedelta(days=days - 1), per_week
            )
            at_work = "one day" if per_week == 1 else f"{per_week} days"
            explanation.append(
                f"{duration(days)} phased return from {long_date(return_date)}: "
                f"working {at_work} a week at full pay"
            )
    explanation.extend(_statutory_lines(statutory, case))
    if end > company_end:
        explanation.append(
            f"From {long_date(company_end + _ONE_DAY)} to {long_date(end)} you are on "
            "statutory leave, with statutory pay or unpaid, rather than company pay."
        )
    explanation.append(
        f"Return to work on {long_date(return_date)}, the first working day after your leave."
    )
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
