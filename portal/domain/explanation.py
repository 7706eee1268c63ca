"""Explanation items: what the domain says about an entitlement, as values, not sentences.

Each item is a frozen dataclass with a ``kind`` and typed values (dates, day counts, rule ids,
country codes, policy texts). The words are chosen where the page, the email or the command
line is made (portal/wording/), in the reader's language. ``as_dict`` gives the JSON a stored
request keeps (dates as YYYY-MM-DD, "kind" naming the item) and ``item_from_dict`` reads it
back, so a stored request's explanation is worded in whoever reads it later.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import ClassVar


@dataclass(frozen=True, slots=True)
class Item:
    kind: ClassVar[str] = ""

    def as_dict(self) -> dict:
        values = {"kind": self.kind}
        for field in dataclasses.fields(self):
            value = getattr(self, field.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            values[field.name] = value
        return values


@dataclass(frozen=True, slots=True)
class ParentalGrant(Item):
    """"26 weeks parental leave (birthing parent)"."""

    kind: ClassVar[str] = "parental_grant"
    days: int
    role: str  # a Role value


@dataclass(frozen=True, slots=True)
class NicuGrant(Item):
    """"+2 weeks NICU leave: 10 days in neonatal care" (capped: the most the policy gives)."""

    kind: ClassVar[str] = "nicu_grant"
    days: int
    nicu_days: int
    capped: bool


@dataclass(frozen=True, slots=True)
class PregnancyLossGrant(Item):
    """"4 weeks pregnancy loss leave"."""

    kind: ClassVar[str] = "pregnancy_loss_grant"
    days: int


@dataclass(frozen=True, slots=True)
class PhasedReturnGrant(Item):
    """"4 weeks phased return from <date>: working 3 days a week at full pay"."""

    kind: ClassVar[str] = "phased_return"
    days: int
    start: date
    work_days_per_week: int


@dataclass(frozen=True, slots=True)
class NoStatutoryRules(Item):
    """No statutory data for the country: only the company policy applies."""

    kind: ClassVar[str] = "no_statutory_rules"
    country: str  # ISO 3166 code


@dataclass(frozen=True, slots=True)
class StatutoryPeriod(Item):
    """A statutory period run at the same time as company leave, counted from an anchor
    (``counted_from``: around_birth, follows, event, day_after_event, expected_date, start)."""

    kind: ClassVar[str] = "statutory_period"
    days: int
    rule_id: str
    title: str  # policy data text, worded with gettext where it is shown
    jurisdiction: str  # a jurisdiction code: "GB", "US-CA"
    counted_from: str
    event: str  # the rule event: birth, stillbirth, pregnancy_loss, adoption, surrogacy
    end: date


@dataclass(frozen=True, slots=True)
class StatutoryExtension(Item):
    """A statutory period added after all the others (UK neonatal care, bereavement)."""

    kind: ClassVar[str] = "statutory_extension"
    days: int
    rule_id: str
    title: str
    jurisdiction: str


@dataclass(frozen=True, slots=True)
class StatutoryOnly(Item):
    """From ``start`` to ``end`` the person is on statutory leave, not company pay."""

    kind: ClassVar[str] = "statutory_only"
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class ReturnToWork(Item):
    """The first working day after the leave."""

    kind: ClassVar[str] = "return_to_work"
    day: date


@dataclass(frozen=True, slots=True)
class PolicyNote(Item):
    """A note written in the policy data (a rule's ``text``, a loss threshold's note)."""

    kind: ClassVar[str] = "policy_note"
    rule_id: str
    text: str


@dataclass(frozen=True, slots=True)
class ServiceNeeded(Item):
    """A statutory rule left out: it needs ``count`` ``unit``s (month, week, day) of service by
    ``until`` (expected_date or start)."""

    kind: ClassVar[str] = "service_needed"
    rule_id: str
    title: str
    count: int
    unit: str
    until: str


@dataclass(frozen=True, slots=True)
class NothingCounted(Item):
    """No statutory leave counted in these jurisdictions (their names, policy data texts)."""

    kind: ClassVar[str] = "nothing_counted"
    jurisdictions: tuple[str, ...]


KINDS: dict[str, type[Item]] = {
    cls.kind: cls
    for cls in (
        ParentalGrant, NicuGrant, PregnancyLossGrant, PhasedReturnGrant, NoStatutoryRules,
        StatutoryPeriod, StatutoryExtension, StatutoryOnly, ReturnToWork, PolicyNote,
        ServiceNeeded, NothingCounted,
    )
}
_DATES = {"start", "end", "day"}


def item_from_dict(values: dict) -> Item | None:
    """The item a stored dict describes; None for one this version does not know."""
    cls = KINDS.get(values.get("kind", ""))
    if cls is None:
        return None
    arguments = {}
    try:
        for field in dataclasses.fields(cls):
            value = values[field.name]
            if field.name in _DATES:
                value = date.fromisoformat(value)
            elif isinstance(value, list):
                value = tuple(value)
            arguments[field.name] = value
        return cls(**arguments)
    except (KeyError, TypeError, ValueError):
        return None
