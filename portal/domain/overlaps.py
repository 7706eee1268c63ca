"""One leave at a time: a person's requests may not have them on leave twice on the same day.

A request that is open (sent to HR, or waiting for an answer) or approved holds its days; a
draft, or a request that was rejected, withdrawn or cancelled, holds none.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from portal.domain.errors import DomainError
from portal.domain.plan import Block
from portal.domain.workflow import CHANGE_PENDING, OPEN, Status

# The states whose days are taken (CHANGE_PENDING: approved, a change waiting for HR).
HOLDING_STATES = frozenset({*OPEN, Status.APPROVED, CHANGE_PENDING})


@dataclass(frozen=True)
class OtherLeave:
    """Another request of the same person: which one, its state, and the days it holds."""

    request_id: int
    state: str
    blocks: tuple[Block, ...]

    @property
    def start(self) -> date:
        return self.blocks[0].start

    @property
    def end(self) -> date:
        return self.blocks[-1].end


class OverlappingLeave(DomainError):
    """The leave asked for shares days with another open or approved request of the person."""

    def __init__(self, other: OtherLeave) -> None:
        self.other = other
        super().__init__(f"overlaps request {other.request_id}")


def _share_a_day(first: Block, second: Block) -> bool:
    return first.start <= second.end and second.start <= first.end


def first_overlap(blocks: Iterable[Block], others: Iterable[OtherLeave]) -> OtherLeave | None:
    """The earliest other request (in the states that hold days) sharing a day with these
    blocks, or None."""
    blocks = tuple(blocks)
    holding = sorted(
        (other for other in others if other.state in HOLDING_STATES and other.blocks),
        key=lambda other: (other.start, other.request_id),
    )
    for other in holding:
        if any(_share_a_day(mine, theirs) for mine in blocks for theirs in other.blocks):
            return other
    return None


def refuse_overlap(blocks: Iterable[Block], others: Iterable[OtherLeave]) -> None:
    """Raise OverlappingLeave naming the other request when these blocks share a day with it."""
    other = first_overlap(blocks, others)
    if other is not None:
        raise OverlappingLeave(other)
