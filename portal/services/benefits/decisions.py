"""HR's side: approving all or part of a claim within the cap, rejecting with a reason, asking
a question, and marking an approved claim paid.

Two HR people approving two claims of one person at once must not both fit under a cap that
has room for one: approving first locks the person (SELECT … FOR UPDATE on PostgreSQL; on
SQLite a write that takes the database's single write lock), then reads what was approved.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select, update

from portal.domain.benefits_caps import CapExceeded, allowance, check_approval
from portal.domain.benefits_claims import ClaimAction, ClaimRefused, next_status
from portal.domain.benefits_money import MoneyError, parse_amount, to_decimal, to_minor
from portal.domain.benefits_rates import RateError, parse_rate
from portal.extensions import db
from portal.models import BenefitClaim, Employee, utcnow
from portal.services.benefits.claims import ClaimInvalid, approved_totals, programme_of
from portal.services.benefits.currencies import exponent
from portal.services.benefits.programmes import cap_minor, lifetime_minor
from portal.services.benefits.rates import TYPED, Suggestion, suggestion
from portal.services.benefits.unit import committed, fresh, record

LONGEST_NOTE = 2000
LONGEST_REFERENCE = 120


def _step(hr: Employee, claim: BenefitClaim, version: int | None, action: ClaimAction) -> str:
    fresh(claim, version)
    return next_status(claim.status, action, is_owner=claim.employee_id == hr.id, is_hr=hr.is_hr)


def _lock_person(employee_id: int) -> None:
    """Hold the person's row until commit, so one approval at a time reads their totals."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(select(Employee.id).where(Employee.id == employee_id).with_for_update())
    else:
        db.session.execute(
            update(Employee.__table__).where(Employee.__table__.c.id == employee_id)
            .values(active=Employee.__table__.c.active)
        )


def suggested(claim: BenefitClaim) -> Suggestion | None:
    p = programme_of(claim)
    return None if p is None else suggestion(claim.currency, p.cap_currency, claim.expense_date)


def converted(claim: BenefitClaim, rate: Decimal, target: str) -> int:
    """The claimed amount in the target currency at this rate, in its minor units."""
    amount = to_decimal(claim.amount_minor, exponent(claim.currency)) * rate
    return to_minor(amount, exponent(target))


def approve(hr: Employee, claim: BenefitClaim, version: int | None, amount_text: str,
            rate_text: str, today: date, note: str = "") -> BenefitClaim:
    """Approve all or part, in the programme's currency, at the rate HR confirmed."""
    status = _step(hr, claim, version, ClaimAction.APPROVE)
    p = programme_of(claim)
    if p is None:
        raise ClaimRefused(_("This claim's programme is no longer in the portal's data."))
    target, errors = p.cap_currency, {}
    offered = suggested(claim)
    rate = Decimal(1)
    if claim.currency != target:
        try:
            rate = parse_rate(rate_text)
        except RateError as error:
            errors["rate"] = str(error)
    try:
        approved = parse_amount(amount_text, exponent(target))
    except MoneyError as error:
        errors["amount"] = str(error)
    if len(note or "") > LONGEST_NOTE:
        errors["note"] = _("Please keep this under %(num)d characters.", num=LONGEST_NOTE)
    if not errors and approved > converted(claim, rate, target):
        errors["amount"] = _("That is more than the claim, converted at this rate.")
    if errors:
        raise ClaimInvalid(errors)
    with committed():
        _lock_person(claim.employee_id)
        left = allowance(cap_minor(p), lifetime_minor(p),
                         approved_totals(claim.employee_id, p.id), claim.journey_label).left
        try:
            check_approval(approved, left)
        except CapExceeded as error:
            raise ClaimInvalid({"amount": str(error)}) from None
        claim.approved_minor, claim.approved_currency = approved, target
        if claim.currency != target:
            claim.rate_used = str(rate)
            same = offered is not None and offered.rate == rate
            claim.rate_date = offered.day if same else today
            claim.rate_source = offered.source if same else TYPED
        claim.decided_by_id, claim.decided_at = hr.id, utcnow()
        record(claim, hr, ClaimAction.APPROVE, note, status=status)
    return claim


def _required(text: str, field: str, ask: str, longest: int = LONGEST_NOTE) -> str:
    text = (text or "").strip()
    if not text:
        raise ClaimInvalid({field: ask})
    if len(text) > longest:
        raise ClaimInvalid({field: _("Please keep this under %(num)d characters.", num=longest)})
    return text


def reject(hr: Employee, claim: BenefitClaim, version: int | None, reason: str) -> None:
    status = _step(hr, claim, version, ClaimAction.REJECT)
    reason = _required(reason, "reason", _("Please give a reason; the employee will read it."))
    with committed():
        claim.reason = reason
        claim.decided_by_id, claim.decided_at = hr.id, utcnow()
        record(claim, hr, ClaimAction.REJECT, reason, status=status)


def request_information(hr: Employee, claim: BenefitClaim, version: int | None,
                        question: str) -> None:
    status = _step(hr, claim, version, ClaimAction.REQUEST_INFORMATION)
    question = _required(question, "question",
                         _("Please write your question; the employee will read it."))
    with committed():
        claim.reason = question
        record(claim, hr, ClaimAction.REQUEST_INFORMATION, question, status=status)


def mark_paid(hr: Employee, claim: BenefitClaim, version: int | None, reference: str) -> None:
    status = _step(hr, claim, version, ClaimAction.MARK_PAID)
    reference = _required(reference, "reference",
                          _("Please give the payment reference, for accounts to find it."),
                          LONGEST_REFERENCE)
    with committed():
        claim.payment_reference, claim.paid_at = reference, utcnow()
        record(claim, hr, ClaimAction.MARK_PAID, reference, status=status)
