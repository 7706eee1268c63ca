"""Every statutory rule in words, by jurisdiction, for HR's Rules page and `flask policies check`
(POLICY §4): what it grants, what it is counted from, its source and dates, and its notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.policy import Jurisdiction, LossThreshold, PolicyBook, Rule
from portal.domain.wording import duration, long_date

ROLE_WORDS = {
    "birthing": "birthing parent",
    "non_birthing": "non-birthing parent",
    "adoptive": "adoptive parent",
    "intended": "intended parent",
}
EVENT_WORDS = {
    "birth": "birth",
    "stillbirth": "stillbirth",
    "adoption": "adoption",
    "surrogacy": "surrogacy",
    "pregnancy_loss": "pregnancy loss",
}
KIND_WORDS = {
    "fixed": "leave",
    "around_birth": "leave",
    "neonatal_extension": "leave",
    "gestation_tiers": "leave",
    "compulsory": "compulsory period",
    "note": "note, not counted",
}


def _plain_list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


EVENT_NOUNS = {
    "birth": "the birth",
    "surrogacy": "the birth",
    "stillbirth": "the birth",
    "pregnancy_loss": "the loss",
    "adoption": "the placement",
}


def event_noun(events) -> str:
    """What "the event" is for these rule events: the birth, the loss or the placement."""
    nouns = []
    for event, noun in EVENT_NOUNS.items():
        if event in events and noun not in nouns:
            nouns.append(noun)
    return " or ".join(nouns) or "the event"


def counted_from_words(rule: Rule, titles: dict[str, str]) -> str:
    """POLICY §4: what the rule's period is counted from, in words."""
    if rule.kind == "note":
        return "not counted"
    if rule.figure("added_after", False) or rule.kind == "neonatal_extension":
        return "after the other statutory leave ends"
    follows = rule.figure("follows")
    if follows:
        return (
            f"the day after {titles.get(follows, follows)} ends "
            "(or the first day of leave without it)"
        )
    noun = event_noun(rule.events)
    if rule.kind in ("around_birth", "compulsory"):
        around = rule.kind == "around_birth"
        has_before = around or rule.figure("days_before") is not None
        has_after = around or any(
            rule.figure(name) is not None for name in ("days_after", "whole_period_of")
        )
        parts = []
        if has_before:
            day_after = rule.figure("before_counted_from") == "day_after_expected_date"
            parts.append("the day after the expected date" if day_after else "the expected date")
        if has_after:
            day_after = rule.figure("after_counted_from") == "day_after_event"
            parts.append(f"the day after {noun}" if day_after else noun)
        if len(parts) == 2:
            return f"back from {parts[0]}, and on from {parts[1]}"
        return ("back from " if has_before else "") + parts[0]
    counted_from = rule.figure("counted_from")
    if counted_from == "leave_start":
        return "the first day of leave"
    if counted_from == "expected_date":
        return "the expected date"
    if counted_from == "day_after_event":
        return f"the day after {noun}"
    return noun


def grants_words(rule: Rule) -> str:
    """What the rule grants, in words: lengths and what changes them."""
    if rule.kind == "note":
        return rule.figure("text")
    parts: list[str] = []
    if rule.kind == "fixed":
        months = rule.figure("months")
        parts.append(f"{months} months" if months else duration(rule.figure("days")))
        if rule.figure("later_child_from") is not None:
            parts.append(
                f"{duration(7 * rule.figure('later_child_weeks'))} from child "
                f"{rule.figure('later_child_from')}"
            )
        for babies, weeks in rule.figure("multiple_birth_weeks", ()):
            parts.append(f"{duration(7 * weeks)} for {babies} or more children")
        for babies, days in rule.figure("multiple_birth_days", ()):
            parts.append(f"{duration(days)} for {babies} or more babies")
        extra = rule.figure("extra_weeks_per_additional_baby")
        if extra:
            parts.append(f"+{duration(7 * extra)} for each baby after the first")
        if rule.figure("per_baby", False):
            parts.append("for each baby")
        premature = rule.figure("premature_extension_days_before_expected")
        if premature is not None:
            parts.append(
                "longer by the days from an early birth to the day leave was due to start"
            )
        after_loss = rule.figure("loss_at_least_weeks_after_event")
        if after_loss:
            parts.append(f"after a stillbirth at least {duration(7 * after_loss)} after it")
    elif rule.kind == "around_birth":
        before, after = rule.figure("weeks_before"), rule.figure("weeks_after")
        parts.append(f"{before} weeks before the expected date and {after} weeks after the birth")
        if rule.figure("later_child_from") is not None:
            parts.append(
                f"{rule.figure('later_child_weeks_before')} + "
                f"{rule.figure('later_child_weeks_after')} weeks from child "
                f"{rule.figure('later_child_from')}"
            )
        for babies, before_m, after_m in rule.figure("multiple_birth", ()):
            parts.append(f"{before_m} + {after_m} weeks for {babies} or more babies")
        if rule.figure("premature_below_weeks") is not None:
            parts.append(
                f"{rule.figure('premature_weeks_after')} weeks after a birth before "
                f"{rule.figure('premature_below_weeks')} completed weeks"
            )
        mode = rule.figure("untaken_before")
        if mode == "early_birth":
            parts.append("pre-birth days lost to an early birth are added after it")
        elif mode == "moved_and_early":
            parts.append(
                f"up to {rule.figure('movable_weeks')} pre-birth weeks may move after the birth; "
                "an early birth keeps the total"
            )
        elif mode == "shortfall":
            parts.append(
                f"starts up to {rule.figure('movable_weeks')} weeks later; pre-birth days short "
                "of the full period are added after the birth"
            )
    elif rule.kind == "neonatal_extension":
        parts.append(
            f"1 week for each complete 7 days in neonatal care (from "
            f"{rule.figure('min_nicu_days')} days), at most {rule.figure('max_weeks')} weeks"
        )
    elif rule.kind == "gestation_tiers":
        for low, high, weeks in rule.figure("tiers"):
            parts.append(f"{duration(7 * weeks)} at {low}–{high} completed weeks")
    elif rule.kind == "compulsory":
        before, after = rule.figure("days_before"), rule.figure("days_after")
        if before is not None:
            parts.append(f"on leave for {duration(before)} before the expected date")
        if after is not None:
            parts.append(f"no work for {duration(after)} after {event_noun(rule.events)}")
        if rule.figure("whole_period_of"):
            parts.append("no work during the whole period after the birth")
    if rule.kind != "compulsory" and rule.figure("nicu_min_days") is not None:
        uncounted = rule.figure("nicu_uncounted_days", 0)
        which = f"after the first {uncounted} " if uncounted else ""
        parts.append(
            f"+ the days {which}in neonatal care, up to "
            f"{duration(rule.figure('nicu_extra_days_cap'))}"
        )
    service = _service_words(rule)
    if service:
        parts.append(service)
    return "; ".join(parts)


def _service_words(rule: Rule) -> str | None:
    for name, unit in (
        ("min_service_months", "month"),
        ("min_service_weeks", "week"),
        ("min_service_days", "day"),
    ):
        amount = rule.figure(name)
        if amount:
            by = (
                "the expected date"
                if rule.figure("service_until") == "expected_date"
                else "the first day of leave"
            )
            return f"after {amount} {unit}{'s' if amount != 1 else ''} of service by {by}"
    return None


@dataclass(frozen=True, slots=True)
class RuleLine:
    """One rule as HR reads it."""

    id: str
    title: str
    kind: str
    who: str
    events: str
    grants: str
    counted_from: str
    source: str
    effective_from: date
    effective_to: date | None


@dataclass(frozen=True, slots=True)
class JurisdictionRules:
    """A jurisdiction's rules in force on a day, with its loss threshold and notes."""

    code: str
    name: str
    threshold: LossThreshold | None
    rules: tuple[RuleLine, ...]
    notes: tuple[RuleLine, ...]


def _line(rule: Rule, titles: dict[str, str]) -> RuleLine:
    return RuleLine(
        id=rule.id,
        title=rule.title[:1].upper() + rule.title[1:],
        kind=KIND_WORDS[rule.kind],
        who=_plain_list(sorted(ROLE_WORDS[role] for role in rule.roles)),
        events=_plain_list(sorted(EVENT_WORDS[event] for event in rule.events)),
        grants=grants_words(rule),
        counted_from=counted_from_words(rule, titles),
        source=rule.source,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
    )


def day_words(day: date) -> str:
    """A date as a person reads it, without the weekday: "6 April 2025"."""
    return long_date(day).split(" ", 1)[1]


def jurisdiction_rules(jurisdiction: Jurisdiction, on: date) -> JurisdictionRules:
    rules = [rule for rule in jurisdiction.rules.rules if rule.in_force_for(on)]
    titles = {rule.id: rule.title for rule in jurisdiction.rules.rules}
    return JurisdictionRules(
        code=jurisdiction.code,
        name=jurisdiction.name,
        threshold=jurisdiction.threshold,
        rules=tuple(_line(rule, titles) for rule in rules if rule.kind != "note"),
        notes=tuple(_line(rule, titles) for rule in rules if rule.kind == "note"),
    )


def rules_in_force(book: PolicyBook, on: date) -> tuple[JurisdictionRules, ...]:
    """POLICY §4: every jurisdiction's rules in force on ``on``, by jurisdiction code."""
    return tuple(
        jurisdiction_rules(book.jurisdictions[code], on) for code in sorted(book.jurisdictions)
    )


def rules_as_text(book: PolicyBook, on: date) -> str:
    """The same list for a terminal: one block per jurisdiction."""
    lines: list[str] = []
    for block in rules_in_force(book, on):
        lines.append(f"{block.code} — {block.name[:1].upper()}{block.name[1:]}")
        if block.threshold is not None:
            lines.append(f"  A loss counts as a birth {block.threshold.rule}.")
        for rule in block.rules:
            lines.append(f"  {rule.title} [{rule.id}]")
            lines.append(f"    grants:         {rule.grants}")
            lines.append(f"    for:            {rule.who}; {rule.events}")
            lines.append(f"    counted from:   {rule.counted_from}")
            lines.append(f"    in force from:  {day_words(rule.effective_from)}" + (
                f" to {day_words(rule.effective_to)}" if rule.effective_to else ""
            ))
            lines.append(f"    source:         {rule.source}")
        for note in block.notes:
            lines.append(f"  Note: {note.title} [{note.id}]: {note.grants}")
            lines.append(f"    source:         {note.source}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
