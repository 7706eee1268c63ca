"""How much of a programme's cap is left: per journey, and within a lifetime limit if set.

Amounts are minor units of the programme's currency; the caller supplies what was approved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from portal.domain.benefits_programmes import journey_key


@dataclass(frozen=True, slots=True)
class Allowance:
    """For one journey: the cap, what was approved so far and what is left."""

    cap: int
    approved: int
    left: int


class CapExceeded(ValueError):
    """An approval beyond what is left of the cap; str is the sentence HR reads."""


def approved_by_journey(approvals: Iterable[tuple[str, int]]) -> dict[str, int]:
    """(journey label, approved minor units) pairs, summed per journey as the employee named it
    (ignoring case and spacing)."""
    totals: dict[str, int] = {}
    for label, minor in approvals:
        key = journey_key(label)
        totals[key] = totals.get(key, 0) + minor
    return totals


def allowance(cap: int, lifetime_cap: int | None, totals: dict[str, int], journey: str
              ) -> Allowance:
    """What is left for this journey: its cap less what it had, and never more than what is
    left of the lifetime limit (programme clause cap_per = journey, lifetime_cap)."""
    used = totals.get(journey_key(journey), 0)
    left = cap - used
    if lifetime_cap is not None:
        left = min(left, lifetime_cap - sum(totals.values()))
    return Allowance(cap=cap, approved=used, left=max(left, 0))


def check_approval(amount: int, left: int) -> None:
    if amount <= 0:
        raise CapExceeded("The approved amount must be more than zero.")
    if amount > left:
        raise CapExceeded("That is more than is left of the cap for this journey.")
