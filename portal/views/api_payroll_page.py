"""HR's "Payroll export" page: a month's figures on screen, and all of them as a CSV that a
spreadsheet opens without running anything (the same figures as GET /api/v1/payroll)."""

from __future__ import annotations

from collections.abc import Iterator

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.calendar import Month, month_or_current
from portal.formatting import spreadsheet_safe
from portal.i18n import N_
from portal.services.accounts import today_for
from portal.services.api.payroll import PayPeriod, payroll_page
from portal.views.access import requires
from portal.views.csv_download import csv_download

bp = Blueprint("hr_payroll", __name__, url_prefix="/hr")
SHOWN = 200
PAGE = 500
# The CSV's headers, for people (translated when written); the values stay as they are.
COLUMNS = (N_("Name"), N_("Email"), N_("Location"), N_("Pay period"), N_("Working days"),
           N_("Company full pay"), N_("Statutory"), N_("Unpaid"), N_("Phased return"))
KINDS = ("company_full_pay", "statutory", "unpaid", "phased_return")
# portal.domain.calendar.month_or_current's note (the domain is pure), translated when shown.
UNREAD_MONTH = N_("We could not read that month, so here is this month instead.")


def _period(month) -> PayPeriod:
    return PayPeriod(month.first, month.last)


@bp.route("/payroll")
@requires("hr")
def page():
    month, note = month_or_current(request.args.get("month"), today_for(current_user))
    lines, more = payroll_page(_period(month), 0, SHOWN)
    return render_template("hr/payroll.html", month=month, note=_(note) if note else None,
                           lines=lines, more=more is not None, kinds=KINDS, shown=SHOWN)


def _csv_rows(month: Month) -> Iterator[list[str]]:
    """Everyone with leave in the month, a page of people at a time."""
    period = _period(month)
    after: int | None = 0
    while after is not None:
        lines, after = payroll_page(period, after, PAGE)
        for line in lines:
            person = line.employee
            yield [spreadsheet_safe(cell) for cell in (
                person.name, person.email, line.location.name, month.key,
                line.working_days, *(line.days[kind] for kind in KINDS),
            )]


@bp.route("/payroll.csv")
@requires("hr")
def export():
    month, _note = month_or_current(request.args.get("month"), today_for(current_user))
    return csv_download([_(column) for column in COLUMNS], lambda: _csv_rows(month),
                        f"payroll-{month.key}.csv")
