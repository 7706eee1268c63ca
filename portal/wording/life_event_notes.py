"""A life event's history note (portal/domain/life_event_notes.py) in the reader's words: what
the employee told us, then how the plan changed, block by block, and the day back at work."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from flask_babel import gettext as _
from flask_babel import ngettext, pgettext

from portal.formatting import long_date


def _day(text: str) -> str:
    return long_date(date.fromisoformat(text))


def _told(told: Mapping) -> str:
    kind = told.get("kind")
    if kind == "birth":
        return _("The baby was born on %(date)s.", date=_day(told["born_on"]))
    if kind == "neonatal_care":
        return ngettext("Neonatal care: %(num)d day so far.",
                        "Neonatal care: %(num)d days so far.", told["days"])
    manager = told.get("manager")
    if manager == "told":
        return _("Pregnancy loss recorded. Manager: told the dates now.")
    if manager == "hr_will_tell":
        return _("Pregnancy loss recorded. Manager: HR will tell them the dates.")
    return _("Pregnancy loss recorded.")


def _span(block: list[str]) -> dict[str, str]:
    return {"start": _day(block[0]), "end": _day(block[1])}


def _plan(blocks: list[list[str]]) -> str:
    if len(blocks) == 1:
        return _("one block, %(start)s to %(end)s", **_span(blocks[0]))
    spans = "; ".join(pgettext("one of the blocks of leave in a list", "%(start)s to %(end)s",
                               **_span(block)) for block in blocks)
    return ngettext("%(num)d block: %(spans)s", "%(num)d blocks: %(spans)s", len(blocks),
                    spans=spans)


def _block_moved(number: int | None, new: list[str], old: list[str], waits: bool) -> str:
    days = {**_span(new), "old_start": _day(old[0]), "old_end": _day(old[1])}
    if number is None and waits:
        return _("Leave would run from %(start)s to %(end)s (it was %(old_start)s to "
                 "%(old_end)s).", **days)
    if number is None:
        return _("Leave now runs from %(start)s to %(end)s (it was %(old_start)s to "
                 "%(old_end)s).", **days)
    if waits:
        return _("Block %(number)d would run from %(start)s to %(end)s (it was %(old_start)s "
                 "to %(old_end)s).", number=number, **days)
    return _("Block %(number)d now runs from %(start)s to %(end)s (it was %(old_start)s to "
             "%(old_end)s).", number=number, **days)


def _changed(change: Mapping) -> list[str]:
    before, after, waits = change["before"], change["after"], change["waits_for_hr"]
    if before == after and change["return_before"] == change["return_after"]:
        return [_("The dates of leave stay as they were.")]
    lines = []
    if len(before) == len(after):
        for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
            if old != new:
                lines.append(_block_moved(None if len(after) == 1 else number, new, old, waits))
    elif waits:
        lines.append(_("Leave would be %(plan)s (it was %(old_plan)s).",
                       plan=_plan(after), old_plan=_plan(before)))
    else:
        lines.append(_("Leave is now %(plan)s (it was %(old_plan)s).",
                       plan=_plan(after), old_plan=_plan(before)))
    if change["return_before"] != change["return_after"]:
        lines.append(_("Back at work on %(date)s (it was %(old_date)s).",
                       date=_day(change["return_after"]), old_date=_day(change["return_before"])))
    return lines


def life_event_note(note: Mapping) -> str:
    """The note as the request's history shows it."""
    return " ".join([_told(note["told"]), *_changed(note["change"])])
