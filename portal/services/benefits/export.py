"""The CSV of approved and paid claims for payroll or accounts payable, safe for spreadsheets."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.domain.benefits_claims import STATUS_LABELS, ClaimStatus
from portal.domain.benefits_money import plain
from portal.extensions import db
from portal.formatting import spreadsheet_safe
from portal.forms.words import lazy_gettext as _l
from portal.models import BenefitClaim, Employee
from portal.services.benefits.currencies import exponent
from portal.services.benefits.programmes import names

# The header row, for people (payroll, accounts) to read, in the reader's language (the view
# translates it before the body streams: portal/views/csv_download.py).
COLUMNS = (
    _l("Claim"), _l("Name"), _l("Email"), _l("Location"), _l("Programme"), _l("Journey"),
    _l("Expense date"), _l("Claimed amount"), _l("Claimed currency"), _l("Approved amount"),
    _l("Approved currency"), _l("Rate"), _l("Rate date"), _l("Status"), _l("Payment reference"),
    _l("Approved at"), _l("Paid at"),
)


def _day(value) -> str:
    return value.isoformat() if value else ""


def export_rows() -> Iterator[list[str]]:
    """Each approved or paid claim, oldest decision first, in the order of COLUMNS; one query,
    read in batches (consume it inside the app context, as csv_download does)."""
    programme_names = names()
    claims = db.session.scalars(
        select(BenefitClaim)
        .where(BenefitClaim.status.in_([ClaimStatus.APPROVED, ClaimStatus.PAID]))
        .options(joinedload(BenefitClaim.employee).joinedload(Employee.location))
        .order_by(BenefitClaim.decided_at, BenefitClaim.id)
        .execution_options(yield_per=500)
    )
    for claim in claims:
        yield [spreadsheet_safe(cell) for cell in (
            claim.id, claim.employee.name, claim.employee.email, claim.employee.location.name,
            programme_names.get(claim.programme_id, claim.programme_id), claim.journey_label,
            _day(claim.expense_date), plain(claim.amount_minor, exponent(claim.currency)),
            claim.currency,
            plain(claim.approved_minor or 0, exponent(claim.approved_currency or "USD")),
            claim.approved_currency or "", claim.rate_used or "", _day(claim.rate_date),
            STATUS_LABELS[ClaimStatus(claim.status)], claim.payment_reference,
            _day(claim.decided_at), _day(claim.paid_at),
        )]
