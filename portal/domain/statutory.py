"""Statutory leave that runs alongside company leave (POLICY §4): which rules apply, each counted
from where its law counts it, and to when.

Every counted rule says in the data what its period is counted from (``counted_from``): the
expected date, the event (the birth, the loss or the placement), the day after it, or the first
day of leave. A rule that ``follows`` another starts the day after that one ends (California's
bonding leave after pregnancy disability leave); one ``added_after`` comes after all the others
(UK neonatal care leave). Rules of kind ``around_birth`` have a period before the expected date
and one after the birth, and say which pre-birth days not taken are added after the birth.

A jurisdiction WITH data always yields a StatutoryResult, even when none of its rules counts for
the case (e.g. a GB loss before 24 weeks): then ``rules`` is empty, ``end`` is None and ``notes``
say why. A country with NO data yields None; the entitlement then says that only the company
policy applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from portal.domain.case import STILLBIRTH, Case, Event
from portal.domain.explanation import Item, NothingCounted, PolicyNote, ServiceNeeded
from portal.domain.policy import Jurisdiction, Rule
from portal.domain.thresholds import (
    expected_for_law,
    statutory_event,
    threshold_for,
    unclear_note,
)

_ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class AppliedRule:
    """A statutory rule that counts for the case: its days, first and last day, and source.

    ``start`` may be before the first day of leave (a pre-birth period); only the end matters
    to the entitlement (POLICY §4). ``days`` is the length of the period from start to end."""

    id: str
    days: int
    source: str
    title: str = ""
    end: date | None = None
    extends: bool = False
    start: date | None = None
    counted_from: str = ""

    def as_dict(self) -> dict:
        return {"id": self.id, "days": self.days, "source": self.source}


@dataclass(frozen=True, slots=True)
class StatutoryResult:
    """POLICY §4 statutory_end for one jurisdiction (with its parent's rules, e.g. US + US-CA)."""

    jurisdiction: str
    end: date | None
    rules: tuple[AppliedRule, ...]
    notes: tuple[Item, ...]  # explanation items, worded in portal/wording/
    rule_ids: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "jurisdiction": self.jurisdiction,
            "end": self.end.isoformat() if self.end else None,
            "rules": [rule.as_dict() for rule in self.rules],
            "notes": [note.as_dict() for note in self.notes],
        }


@dataclass(frozen=True, slots=True)
class Dates:
    """The days a statutory period can be counted from (POLICY §4)."""

    start: date  # the first day of leave
    event: date  # the birth, the loss or the placement
    expected: date  # the expected date (estimated from the weeks for a loss)


def _service_note(rule: Rule, case: Case, dates: Dates) -> ServiceNeeded | None:
    """None when eligible: service is assumed when no hire date is known (POLICY §4)."""
    if case.hire_date is None:
        return None
    until = dates.expected if rule.figure("service_until") == "expected_date" else dates.start
    months = rule.figure("min_service_months")
    weeks = rule.figure("min_service_weeks")
    days = rule.figure("min_service_days")
    if months is not None and case.hire_date > until - relativedelta(months=months):
        count, unit = months, "month"
    elif weeks is not None and case.hire_date > until - timedelta(weeks=weeks):
        count, unit = weeks, "week"
    elif days is not None and case.hire_date > until - timedelta(days=days):
        count, unit = days, "day"
    else:
        return None
    by = "expected_date" if rule.figure("service_until") == "expected_date" else "start"
    return ServiceNeeded(rule.id, rule.title, count, unit, by)


def _nicu_extra(rule: Rule, case: Case) -> int:
    """Days a newborn's stay in neonatal care adds (FR paternity, ES, NL), within the cap."""
    least = rule.figure("nicu_min_days")
    if least is None or case.nicu_days < max(least, 1):
        return 0
    counted = case.nicu_days - rule.figure("nicu_uncounted_days", 0)
    return max(0, min(rule.figure("nicu_extra_days_cap"), counted))


def _by_babies(table: tuple | None, babies: int) -> int | None:
    for at_least, amount in sorted(table or (), reverse=True):
        if babies >= at_least:
            return amount
    return None


def _fixed_days(rule: Rule, case: Case) -> int | None:
    days = rule.figure("days")
    later_from = rule.figure("later_child_from")
    if later_from is not None and case.child_number >= later_from:
        days = rule.figure("later_child_weeks") * 7
    weeks = _by_babies(rule.figure("multiple_birth_weeks"), case.babies)
    multiple_days = _by_babies(rule.figure("multiple_birth_days"), case.babies)
    if weeks is not None:
        days = weeks * 7
    elif multiple_days is not None:
        days = multiple_days
    if days is None:
        return None  # a length in months, added to the anchor as calendar months
    days += 7 * rule.figure("extra_weeks_per_additional_baby", 0) * (case.babies - 1)
    if rule.figure("per_baby", False):
        days *= case.babies
    return days + _nicu_extra(rule, case)


def _anchor(counted_from: str, dates: Dates) -> date:
    if counted_from == "leave_start":
        return dates.start
    if counted_from == "event":
        return dates.event
    if counted_from == "day_after_event":
        return dates.event + _ONE_DAY
    return dates.expected


def _fixed(rule: Rule, case: Case, dates: Dates, event: str, placed: dict) -> tuple[date, date]:
    """A period counted from one day, with what the law adds to it."""
    follows = rule.figure("follows")
    counted_from = rule.figure("counted_from")
    if follows in placed:
        anchor = placed[follows].end + _ONE_DAY
    else:
        anchor = _anchor(counted_from, dates)
        latest = rule.figure("latest_start_days_before_expected")
        if latest is not None and case.event == Event.BIRTH and counted_from == "leave_start":
            # IE: leave must begin by 2 weeks before the expected week ends, so counting from a
            # later first day would run past what the law gives.
            anchor = min(anchor, dates.expected - timedelta(days=latest))
    days = _fixed_days(rule, case)
    if days is None:
        end = anchor + relativedelta(months=rule.figure("months")) - _ONE_DAY
    else:
        end = anchor + timedelta(days=days - 1)
    premature = rule.figure("premature_extension_days_before_expected")
    if premature is not None and case.event == Event.BIRTH:
        # IE: a birth more than 2 weeks before the expected week adds the days from the birth
        # to the day leave was due to start.
        planned_start = dates.expected - timedelta(days=premature)
        if dates.event < planned_start:
            end += planned_start - dates.event
    after_loss = rule.figure("loss_at_least_weeks_after_event")
    if after_loss is not None and event == STILLBIRTH:
        end = max(end, dates.event + timedelta(weeks=after_loss) - _ONE_DAY)
    return anchor, end


def _around_weeks(rule: Rule, case: Case) -> tuple[int, int]:
    before, after = rule.figure("weeks_before"), rule.figure("weeks_after")
    multiple = [row for row in rule.figure("multiple_birth", ()) if case.babies >= row[0]]
    later_from = rule.figure("later_child_from")
    if multiple:
        _, before, after = max(multiple)
    elif later_from is not None and case.child_number >= later_from:
        before = rule.figure("later_child_weeks_before")
        after = rule.figure("later_child_weeks_after")
    premature_below = rule.figure("premature_below_weeks")
    if (
        premature_below is not None
        and case.gestation_weeks is not None
        and case.gestation_weeks < premature_below
    ):
        after = max(after, rule.figure("premature_weeks_after"))
    return before * 7, after * 7


def _around_birth(rule: Rule, case: Case, dates: Dates) -> tuple[date, date]:
    """A period before the expected date and one after the birth (FR, DE, JP, NL).

    A late birth lengthens the pre-birth period and leaves the post-birth one whole; what an
    early birth or a later start does to the pre-birth days not taken follows ``untaken_before``:
    nothing (JP), added after the birth when the birth came early (DE), moved after the birth up
    to ``movable_weeks`` and added after an early birth (FR), or whatever fell short of the full
    pre-birth period added after (NL)."""
    before, after = _around_weeks(rule, case)
    expected, birth = dates.expected, dates.event
    counted_back_from = expected if rule.figure("before_counted_from") == "expected_date" else (
        expected + _ONE_DAY
    )
    law_start = counted_back_from - timedelta(days=before)
    after_start = birth if rule.figure("after_counted_from") == "event" else birth + _ONE_DAY
    movable = rule.figure("movable_weeks", 0) * 7
    mode = rule.figure("untaken_before")
    start, added = law_start, 0
    if mode == "early_birth":
        added = min(before, max(0, (expected - birth).days))
    elif mode == "moved_and_early":
        moved = min(movable, max(0, (min(dates.start, birth) - law_start).days))
        start = law_start + timedelta(days=moved)
        added = moved + max(0, min((expected - birth).days, before - moved))
    elif mode == "shortfall":
        start = min(max(dates.start, law_start), law_start + timedelta(days=movable))
        taken = max(0, (after_start - start).days)
        added = max(0, before - taken)
    end = after_start + timedelta(days=after + added + _nicu_extra(rule, case) - 1)
    return min(start, birth), end


def _tiers(rule: Rule, case: Case, dates: Dates) -> tuple[date, date] | None:
    for low, high, weeks in rule.figure("tiers"):
        if case.gestation_weeks is not None and low <= case.gestation_weeks <= high:
            anchor = _anchor(rule.figure("counted_from"), dates)
            return anchor, anchor + timedelta(days=weeks * 7 - 1)
    return None


def _apply(rule: Rule, case: Case, dates: Dates, event: str, placed: dict) -> AppliedRule | None:
    """The period one rule grants, or None when it does not count for this case."""
    kind = rule.kind
    if kind == "neonatal_extension":
        if case.nicu_days < rule.figure("min_nicu_days"):
            return None
        days = 7 * min(rule.figure("max_weeks"), case.nicu_days // 7)
        return AppliedRule(rule.id, days, rule.source, rule.title, None, True) if days else None
    if kind == "fixed":
        period = _fixed(rule, case, dates, event, placed)
    elif kind == "around_birth":
        period = _around_birth(rule, case, dates)
    elif kind == "gestation_tiers":
        period = _tiers(rule, case, dates)
    else:
        raise ValueError(f"unknown statutory rule kind {kind!r}")
    if period is None:
        return None
    start, end = period
    if rule.figure("added_after", False):
        return AppliedRule(rule.id, (end - start).days + 1, rule.source, rule.title, None, True)
    counted_from = "follows" if rule.figure("follows") in placed else (
        rule.figure("counted_from", "around_birth")
    )
    return AppliedRule(
        rule.id, (end - start).days + 1, rule.source, rule.title, end, False, start, counted_from
    )


def law_dates(case: Case, start: date) -> Dates:
    """The first day of leave, the event and the expected date the law counts from."""
    return Dates(start=start, event=case.event_date, expected=expected_for_law(case))


def statutory_leave(
    case: Case, start: date, jurisdictions: tuple[Jurisdiction, ...]
) -> StatutoryResult | None:
    """POLICY §4: the rules that apply from ``start``, each from its own anchor, run
    concurrently: the latest end wins, and rules added after all others (UK neonatal care and
    bereavement leave) come after it. None when there is no data."""
    if not jurisdictions:
        return None
    dates = law_dates(case, start)
    notes: list[Item] = []
    rule_ids: list[str] = []
    absence_explained = False
    role = str(case.role)
    placed: dict[str, AppliedRule] = {}
    extensions: list[AppliedRule] = []
    for position, jurisdiction in enumerate(jurisdictions):
        threshold, own = threshold_for(jurisdictions, position)
        event = statutory_event(case, threshold)
        if own and case.event == Event.PREGNANCY_LOSS:
            unclear = unclear_note(case, threshold)
            if unclear:
                notes.append(PolicyNote(f"{jurisdiction.code}.stillbirth", unclear))
                absence_explained = True
        note_rules, counted = jurisdiction.rules.notes_and_counted(role, event, case.event_date)
        for rule in note_rules:
            notes.append(PolicyNote(rule.id, rule.figure("text")))
            rule_ids.append(rule.id)
            absence_explained = absence_explained or rule.figure("explains_absence", False)
        for rule in counted:
            missing_service = _service_note(rule, case, dates)
            if missing_service:
                notes.append(missing_service)
                continue
            result = _apply(rule, case, dates, event, placed)
            if result is None:
                continue
            rule_ids.append(rule.id)
            if result.extends:
                extensions.append(result)
            else:
                placed[rule.id] = result
    applied = list(placed.values())
    end = max((rule.end for rule in applied), default=None)
    if extensions:
        running = end if end is not None else start - _ONE_DAY
        for extension in extensions:
            first = running + _ONE_DAY
            running += timedelta(days=extension.days)
            applied.append(
                AppliedRule(extension.id, extension.days, extension.source, extension.title,
                            running, True, first, "added_after")
            )
        end = running
    if not applied and not absence_explained:
        notes.append(NothingCounted(tuple(j.name for j in jurisdictions)))
    return StatutoryResult(
        jurisdiction=jurisdictions[-1].code,
        end=end,
        rules=tuple(applied),
        notes=tuple(notes),
        rule_ids=tuple(rule_ids),
    )
