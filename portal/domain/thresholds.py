"""Whether a pregnancy loss counts as a birth, for the company (POLICY §2-3) and for each
jurisdiction's statutory rules (POLICY §4), and the expected date the law counts from."""

from __future__ import annotations

from datetime import date, timedelta

from portal.domain.case import STILLBIRTH, STILLBIRTH_FROM_WEEKS, Case, Event
from portal.domain.policy import Jurisdiction, LossThreshold

FULL_TERM_WEEKS = 40


def threshold_for(
    jurisdictions: tuple[Jurisdiction, ...], position: int
) -> tuple[LossThreshold | None, bool]:
    """POLICY §4: the loss threshold for ``jurisdictions[position]``: its own, else the
    national one before it (US-CA follows US); None when no level holds one, and then the
    company's own threshold (POLICY §2) is used. The flag says whether it is its own."""
    own = jurisdictions[position].threshold
    if own is not None:
        return own, True
    for earlier in reversed(jurisdictions[:position]):
        if earlier.threshold is not None:
            return earlier.threshold, False
    return None, False


def statutory_event(case: Case, threshold: LossThreshold | None) -> str:
    """The event as a jurisdiction's rule data names it: "stillbirth" for a loss at or past the
    jurisdiction's threshold (POLICY §4), "pregnancy_loss" below it, else the case's event."""
    if case.event != Event.PREGNANCY_LOSS:
        return str(case.event)
    weeks = threshold.from_weeks if threshold is not None else STILLBIRTH_FROM_WEEKS
    if case.gestation_weeks is not None and case.gestation_weeks >= weeks:
        return STILLBIRTH
    return str(Event.PREGNANCY_LOSS)


def unclear_note(case: Case, threshold: LossThreshold | None) -> str | None:
    """The note for a loss in the one completed week where the law's line falls (POLICY §4)."""
    if (
        threshold is None
        or threshold.unclear_at_weeks is None
        or case.event != Event.PREGNANCY_LOSS
        or case.gestation_weeks != threshold.unclear_at_weeks
    ):
        return None
    return threshold.unclear_note


def expected_for_law(case: Case) -> date:
    """The expected date periods before a birth are counted from (POLICY §4).

    The expected date when given, else the event date; for a loss without one, the date a
    40-week pregnancy would have reached, from the completed weeks: a stillbirth at 30 weeks
    came 10 weeks early, and laws that add the pre-birth weeks not taken (Germany, France) add
    them then too."""
    if case.expected_date is not None:
        return case.expected_date
    if (
        case.event == Event.PREGNANCY_LOSS
        and case.gestation_weeks is not None
        and case.gestation_weeks < FULL_TERM_WEEKS
    ):
        return case.event_date + timedelta(weeks=FULL_TERM_WEEKS - case.gestation_weeks)
    return case.event_date
