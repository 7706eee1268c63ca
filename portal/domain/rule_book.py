"""Every statutory rule in words, by jurisdiction, for HR's Rules page and `flask policies check`
(POLICY §4): what it grants, what it is counted from, its source and dates, and its notes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.phrases import Length, Phrase, PluralPhrase
from portal.domain.policy import Jurisdiction, LossThreshold, PolicyBook, Rule
from portal.domain.wording import long_date

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


def _noun_phrase(events) -> Phrase:
    """The event the rule counts from, as a phrase a translator sees whole."""
    nouns = event_noun(events)
    return {
        "the birth": Phrase("the birth"),
        "the loss": Phrase("the loss"),
        "the placement": Phrase("the placement"),
        "the birth or the loss": Phrase("the birth or the loss"),
        "the birth or the placement": Phrase("the birth or the placement"),
        "the loss or the placement": Phrase("the loss or the placement"),
        "the birth or the loss or the placement": Phrase(
            "the birth or the loss or the placement"),
    }.get(nouns, Phrase("the event"))


def counted_from_words(rule: Rule, titles: dict[str, str]) -> Phrase:
    """POLICY §4: what the rule's period is counted from, in words (a Phrase: English as a str,
    worded for other readers by portal.wording.words)."""
    if rule.kind == "note":
        return Phrase("not counted")
    if rule.figure("added_after", False) or rule.kind == "neonatal_extension":
        return Phrase("after the other statutory leave ends")
    follows = rule.figure("follows")
    if follows:
        return Phrase(
            "the day after %(title)s ends (or the first day of leave without it)",
            title=titles.get(follows, follows),
        )
    noun = _noun_phrase(rule.events)
    if rule.kind in ("around_birth", "compulsory"):
        around = rule.kind == "around_birth"
        has_before = around or rule.figure("days_before") is not None
        has_after = around or any(
            rule.figure(name) is not None for name in ("days_after", "whole_period_of")
        )
        before = after = None
        if has_before:
            before = Phrase("the day after the expected date") if rule.figure(
                "before_counted_from") == "day_after_expected_date" else Phrase(
                "the expected date")
        if has_after:
            after = Phrase("the day after %(event)s", event=noun) if rule.figure(
                "after_counted_from") == "day_after_event" else noun
        if before is not None and after is not None:
            return Phrase("back from %(before)s, and on from %(after)s",
                          before=before, after=after)
        if before is not None:
            return Phrase("back from %(before)s", before=before)
        return after
    counted_from = rule.figure("counted_from")
    if counted_from == "leave_start":
        return Phrase("the first day of leave")
    if counted_from == "expected_date":
        return Phrase("the expected date")
    if counted_from == "day_after_event":
        return Phrase("the day after %(event)s", event=noun)
    return noun


def grants_words(rule: Rule) -> str:
    """What the rule grants, in English words: lengths and what changes them."""
    if rule.kind == "note":
        return rule.figure("text")
    return "; ".join(grants_parts(rule))


def grants_parts(rule: Rule) -> tuple[Phrase, ...]:
    """What the rule grants, part by part, each a Phrase (lengths as day counts)."""
    if rule.kind == "note":
        return ()  # its text is policy data, worded with the policy texts
    parts: list[Phrase] = []
    if rule.kind == "fixed":
        months = rule.figure("months")
        parts.append(
            PluralPhrase("%(num)d month", "%(num)d months", months) if months
            else Phrase("%(length)s", length=Length(rule.figure("days")))
        )
        if rule.figure("later_child_from") is not None:
            parts.append(Phrase(
                "%(length)s from child %(child)d",
                length=Length(7 * rule.figure("later_child_weeks")),
                child=rule.figure("later_child_from"),
            ))
        for babies, weeks in rule.figure("multiple_birth_weeks", ()):
            parts.append(Phrase("%(length)s for %(babies)d or more children",
                                length=Length(7 * weeks), babies=babies))
        for babies, days in rule.figure("multiple_birth_days", ()):
            parts.append(Phrase("%(length)s for %(babies)d or more babies",
                                length=Length(days), babies=babies))
        extra = rule.figure("extra_weeks_per_additional_baby")
        if extra:
            parts.append(Phrase("+%(length)s for each baby after the first",
                                length=Length(7 * extra)))
        if rule.figure("per_baby", False):
            parts.append(Phrase("for each baby"))
        premature = rule.figure("premature_extension_days_before_expected")
        if premature is not None:
            parts.append(Phrase(
                "longer by the days from an early birth to the day leave was due to start"
            ))
        after_loss = rule.figure("loss_at_least_weeks_after_event")
        if after_loss:
            parts.append(Phrase("after a stillbirth at least %(length)s after it",
                                length=Length(7 * after_loss)))
    elif rule.kind == "around_birth":
        before, after = rule.figure("weeks_before"), rule.figure("weeks_after")
        parts.append(Phrase(
            "%(before)d weeks before the expected date and %(after)d weeks after the birth",
            before=before, after=after,
        ))
        if rule.figure("later_child_from") is not None:
            parts.append(Phrase(
                "%(before)d + %(after)d weeks from child %(child)d",
                before=rule.figure("later_child_weeks_before"),
                after=rule.figure("later_child_weeks_after"),
                child=rule.figure("later_child_from"),
            ))
        for babies, before_m, after_m in rule.figure("multiple_birth", ()):
            parts.append(Phrase("%(before)d + %(after)d weeks for %(babies)d or more babies",
                                before=before_m, after=after_m, babies=babies))
        if rule.figure("premature_below_weeks") is not None:
            parts.append(Phrase(
                "%(after)d weeks after a birth before %(weeks)d completed weeks",
                after=rule.figure("premature_weeks_after"),
                weeks=rule.figure("premature_below_weeks"),
            ))
        mode = rule.figure("untaken_before")
        if mode == "early_birth":
            parts.append(Phrase("pre-birth days lost to an early birth are added after it"))
        elif mode == "moved_and_early":
            parts.append(Phrase(
                "up to %(weeks)d pre-birth weeks may move after the birth; an early birth keeps "
                "the total", weeks=rule.figure("movable_weeks"),
            ))
        elif mode == "shortfall":
            parts.append(Phrase(
                "starts up to %(weeks)d weeks later; pre-birth days short of the full period "
                "are added after the birth", weeks=rule.figure("movable_weeks"),
            ))
    elif rule.kind == "neonatal_extension":
        parts.append(Phrase(
            "1 week for each complete 7 days in neonatal care (from %(least)d days), at most "
            "%(most)d weeks", least=rule.figure("min_nicu_days"), most=rule.figure("max_weeks"),
        ))
    elif rule.kind == "gestation_tiers":
        for low, high, weeks in rule.figure("tiers"):
            parts.append(Phrase("%(length)s at %(low)d–%(high)d completed weeks",
                                length=Length(7 * weeks), low=low, high=high))
    elif rule.kind == "compulsory":
        before, after = rule.figure("days_before"), rule.figure("days_after")
        if before is not None:
            parts.append(Phrase("on leave for %(length)s before the expected date",
                                length=Length(before)))
        if after is not None:
            parts.append(Phrase("no work for %(length)s after %(event)s",
                                length=Length(after), event=_noun_phrase(rule.events)))
        if rule.figure("whole_period_of"):
            parts.append(Phrase("no work during the whole period after the birth"))
    if rule.kind != "compulsory" and rule.figure("nicu_min_days") is not None:
        uncounted = rule.figure("nicu_uncounted_days", 0)
        cap = Length(rule.figure("nicu_extra_days_cap"))
        parts.append(
            Phrase("+ the days after the first %(uncounted)d in neonatal care, up to %(length)s",
                   uncounted=uncounted, length=cap)
            if uncounted else
            Phrase("+ the days in neonatal care, up to %(length)s", length=cap)
        )
    service = _service_words(rule)
    if service:
        parts.append(service)
    return tuple(parts)


def _service_words(rule: Rule) -> Phrase | None:
    by_expected = rule.figure("service_until") == "expected_date"
    for name, unit in (
        ("min_service_months", "month"),
        ("min_service_weeks", "week"),
        ("min_service_days", "day"),
    ):
        amount = rule.figure(name)
        if amount:
            service = {
                "month": PluralPhrase("%(num)d month", "%(num)d months", amount),
                "week": PluralPhrase("%(num)d week", "%(num)d weeks", amount),
                "day": PluralPhrase("%(num)d day", "%(num)d days", amount),
            }[unit]
            if by_expected:
                return Phrase("after %(service)s of service by the expected date",
                              service=service)
            return Phrase("after %(service)s of service by the first day of leave",
                          service=service)
    return None


@dataclass(frozen=True, slots=True)
class RuleLine:
    """One rule as HR reads it."""

    id: str
    title: str
    kind: str
    who: str
    events: str
    grants: str  # English; grants_parts and counted_from are worded for a page's reader
    counted_from: Phrase
    roles: tuple[str, ...]
    event_codes: tuple[str, ...]
    grants_parts: tuple[Phrase, ...]
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
        roles=tuple(sorted(rule.roles)),
        event_codes=tuple(sorted(rule.events)),
        grants_parts=grants_parts(rule),
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
