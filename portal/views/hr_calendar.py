"""HR's organisation calendar: everyone's month grid, and the CSV export of leave."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.calendar import month_or_current
from portal.formatting import spreadsheet_safe
from portal.forms.words import lazy_gettext as _l
from portal.services import calendar as calendars
from portal.services.accounts import find_manager
from portal.services.estimates import work_locations
from portal.views.access import page_argument, requires
from portal.views.csv_download import csv_download

bp = Blueprint("hr_calendar", __name__, url_prefix="/hr")

MAX_EXPORT_DAYS = 3 * 366
# The header row, for people to read, in the reader's language.
EXPORT_COLUMNS = (_l("Name"), _l("Email"), _l("Location"), _l("First day"), _l("Last day"),
                  _l("Status"))


def _location_id(known: set[int], notes: list[str]) -> int | None:
    value = request.args.get("location", "")
    # Matched as written, never through int(): "²" is a digit to str.isdigit but not to int().
    chosen = next((place for place in known if str(place) == value), None)
    if value and chosen is None:
        notes.append(_("That location is not one we know, so every location is shown."))
        return None
    return chosen


def _manager(notes: list[str]):
    """The manager named by email: a field, not a list of thousands of managers."""
    email = request.args.get("manager", "").strip()
    if not email:
        return None
    manager = find_manager(email)
    if manager is None:
        notes.append(
            _("Nobody manages a team under %(email)s, so everyone is shown.", email=repr(email))
        )
    return manager


@bp.route("/calendar")
@requires("hr")
def calendar():
    today = calendars.today_for(current_user)
    month, note = month_or_current(request.args.get("month"), today)
    notes = [_(note)] if note else []  # the domain's note, in the reader's words
    locations = work_locations()
    location_id = _location_id({place.id for place in locations}, notes)
    manager = _manager(notes)
    page = page_argument()
    organisation = calendars.organisation_calendar(
        month, location_id, manager.id if manager else None, page, today=today
    )
    filters = {key: value for key, value in
               (("location", location_id), ("manager", manager and manager.email)) if value}
    return render_template(
        "hr/calendar.html", organisation=organisation, month=month, notes=notes,
        locations=locations, manager=manager, filters=filters,
        export_start=month.first, export_end=month.last,
    )


def _export_range() -> tuple[date, date] | str:
    try:
        start = date.fromisoformat(request.args.get("start", ""))
        end = date.fromisoformat(request.args.get("end", ""))
    except ValueError:
        return _("Please give both dates of the export as dates.")
    if end < start:
        return _("The last day of the export comes before its first day.")
    if end - start > timedelta(days=MAX_EXPORT_DAYS):
        return _("Please export at most three years at a time.")
    return start, end


@bp.route("/calendar.csv")
@requires("hr")
def export():
    chosen = _export_range()
    if isinstance(chosen, str):
        flash(chosen, "warning")
        return redirect(url_for("hr_calendar.calendar"))
    start, end = chosen
    filename = f"leave-{start.isoformat()}-to-{end.isoformat()}.csv"
    return csv_download(EXPORT_COLUMNS, lambda: _export_rows(start, end), filename)


def _export_rows(start: date, end: date) -> Iterator[list[str]]:
    for row in calendars.leave_rows_for_export(start, end):
        yield [spreadsheet_safe(cell) for cell in (
            row.name, row.email, row.location, row.first_day.isoformat(),
            row.last_day.isoformat(), row.status,
        )]
