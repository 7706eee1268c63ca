"""What a life event did to a request, as its history keeps it: what the employee told us (the
birth, the days in neonatal care so far, a loss and who tells the manager) and how the plan
changed, block by block. A value kept as JSON on the history row, and worded in the reader's
language where it is shown (portal/wording/life_event_notes.py), as explanation items are."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.plan import Block

# Who tells the manager the new dates after a loss (POLICY §2): the employee chose.
MANAGER_TOLD_NOW = "told"
HR_WILL_TELL_MANAGER = "hr_will_tell"


def born(on: date) -> dict:
    return {"kind": "birth", "born_on": on.isoformat()}


def neonatal_care(days: int) -> dict:
    return {"kind": "neonatal_care", "days": days}


def pregnancy_loss(manager: str | None) -> dict:
    """`manager`: MANAGER_TOLD_NOW, HR_WILL_TELL_MANAGER, or None (nobody to tell yet)."""
    return {"kind": "pregnancy_loss", "manager": manager}


@dataclass(frozen=True)
class PlanChange:
    """The plan and the day back at work before and after; `waits_for_hr` when the change is
    proposed to HR rather than in force."""

    before: tuple[Block, ...]
    after: tuple[Block, ...]
    return_before: date
    return_after: date
    waits_for_hr: bool

    def as_dict(self) -> dict:
        def blocks(plan: tuple[Block, ...]) -> list[list[str]]:
            return [[block.start.isoformat(), block.end.isoformat()] for block in plan]

        return {
            "before": blocks(self.before), "after": blocks(self.after),
            "return_before": self.return_before.isoformat(),
            "return_after": self.return_after.isoformat(),
            "waits_for_hr": self.waits_for_hr,
        }


def life_event_note(told: dict, change: PlanChange) -> dict:
    """The history row's note: what was told, and the change to the plan."""
    return {"told": told, "change": change.as_dict()}
