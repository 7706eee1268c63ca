"""The employee's side: making, editing and sending claims, deleting drafts, withdrawing,
answering HR, and what is left of each cap."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.domain.benefits_caps import Allowance, allowance, approved_by_journey
from portal.domain.benefits_claims import (
    COUNTS_AGAINST_CAP,
    ClaimAction,
    ClaimRefused,
    ClaimStatus,
    check_expense_date,
    next_status,
)
from portal.domain.benefits_money import MoneyError, parse_amount
from portal.domain.benefits_programmes import Programme, journey_key
from portal.extensions import db
from portal.models import BenefitClaim, Employee, utcnow
from portal.services.benefits import receipts
from portal.services.benefits.currencies import exponent, is_known, location_currency
from portal.services.benefits.programmes import cap_minor, lifetime_minor, open_to, programme
from portal.services.benefits.unit import committed, fresh, record

LONGEST_DESCRIPTION = 2000
LONGEST_LABEL = 120


@dataclass(frozen=True)
class ClaimInput:
    """What the employee typed, as text, except the date the form has already read."""

    programme_id: str
    journey_label: str
    expense_kind: str
    amount: str
    currency: str
    expense_date: date | None
    description: str = ""


class ClaimInvalid(ClaimRefused):
    """Some fields are wrong; `errors` maps each field to its sentence."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Please check the fields marked below; nothing was saved yet."))
        self.errors = errors


@dataclass
class _Checked:
    programme: Programme
    amount_minor: int
    errors: dict[str, str] = field(default_factory=dict)


def _check(person: Employee, data: ClaimInput, today: date) -> _Checked:
    errors: dict[str, str] = {}
    chosen = next((p for p in open_to(person, today) if p.id == data.programme_id), None)
    if chosen is None:
        errors["programme_id"] = _("Please choose one of the programmes open to you.")
    label = " ".join(data.journey_label.split())
    if not label:
        errors["journey_label"] = _(
            "Please name the journey, in your own words (for example “Our adoption, 2026”): "
            "claims with the same name count against the same cap."
        )
    elif len(label) > LONGEST_LABEL:
        errors["journey_label"] = _(
            "Please keep the name under %(num)d characters.", num=LONGEST_LABEL
        )
    if chosen is not None and data.expense_kind not in {e.id for e in chosen.expenses}:
        # The form lists the expenses of every programme open to the person.
        errors["expense_kind"] = (
            _(
                "%(programme)s does not cover that kind of expense. It covers: %(kinds)s.",
                programme=chosen.name, kinds="; ".join(e.name for e in chosen.expenses),
            )
            if data.expense_kind else _("Please choose what the expense was for.")
        )
    minor = 0
    if not is_known(data.currency):
        errors["currency"] = _("Please choose a currency from the list.")
    else:
        try:
            minor = parse_amount(data.amount, exponent(data.currency))
        except MoneyError as error:
            errors["amount"] = str(error)
    if data.expense_date is None:
        errors["expense_date"] = _("Please enter the date of the expense.")
    elif chosen is not None:
        try:
            check_expense_date(data.expense_date, today, chosen.claim_window_days)
        except ClaimRefused as error:
            errors["expense_date"] = str(error)
    if len(data.description) > LONGEST_DESCRIPTION:
        errors["description"] = _(
            "Please keep the description under %(num)d characters.", num=LONGEST_DESCRIPTION
        )
    return _Checked(chosen, minor, errors)  # type: ignore[arg-type]


def _apply(claim: BenefitClaim, checked: _Checked, data: ClaimInput) -> None:
    claim.programme_id = checked.programme.id
    claim.journey_kind = checked.programme.journey
    claim.journey_label = " ".join(data.journey_label.split())
    claim.expense_kind = data.expense_kind
    claim.amount_minor = checked.amount_minor
    claim.currency = data.currency
    claim.expense_date = data.expense_date
    claim.description = data.description.strip()


def save_claim(
    person: Employee, data: ClaimInput, uploads: list[FileStorage], *, submit: bool,
    today: date, claim: BenefitClaim | None = None, version: int | None = None,
) -> BenefitClaim:
    """A new claim or a draft edited: saved as a draft, or sent to HR. Every field and every
    receipt is checked before anything is stored (ClaimInvalid, ClaimRefused, StaleClaim)."""
    if claim is not None:
        fresh(claim, version)
        next_status(claim.status, ClaimAction.SAVE_DRAFT, is_owner=claim.employee_id == person.id,
                    is_hr=person.is_hr)
    checked = _check(person, data, today)
    files = receipts.chosen(uploads)
    stored = []
    try:
        stored = receipts.check_receipts(files, len(receipts.receipts_of(claim)))
    except ClaimRefused as error:
        checked.errors["receipts"] = str(error)
    if checked.errors:
        for item in stored:
            item.data.close()
        raise ClaimInvalid(checked.errors)
    kept = []
    try:
        with committed():
            if claim is None:
                claim = BenefitClaim(employee=person, status=ClaimStatus.DRAFT)
                db.session.add(claim)
            _apply(claim, checked, data)
            db.session.flush()
            kept = receipts.store_receipts(person, claim, stored)
            if submit:
                claim.submitted_at = utcnow()
                record(claim, person, ClaimAction.SUBMIT, status=ClaimStatus.SUBMITTED)
            else:
                record(claim, person, ClaimAction.SAVE_DRAFT, notify=False)
            if stored:
                record(claim, person, ClaimAction.ADD_RECEIPTS, f"{len(stored)}", notify=False)
    except BaseException:
        receipts.forget(kept)
        raise
    return claim


def delete_draft(person: Employee, claim: BenefitClaim, version: int | None) -> None:
    """The draft disappears from every list; its history and files wait for retention."""
    fresh(claim, version)
    status = next_status(claim.status, ClaimAction.DELETE, is_owner=claim.employee_id == person.id,
                         is_hr=person.is_hr)
    with committed():
        record(claim, person, ClaimAction.DELETE, status=status, notify=False)
        receipts.release(claim, utcnow())


def withdraw(person: Employee, claim: BenefitClaim, version: int | None) -> None:
    fresh(claim, version)
    status = next_status(claim.status, ClaimAction.WITHDRAW,
                         is_owner=claim.employee_id == person.id, is_hr=person.is_hr)
    with committed():
        record(claim, person, ClaimAction.WITHDRAW, status=status)
        receipts.release(claim, utcnow())


def answer(person: Employee, claim: BenefitClaim, version: int | None, note: str,
           uploads: list[FileStorage]) -> None:
    """The employee answers HR's question, in words, more receipts, or both."""
    fresh(claim, version)
    status = next_status(claim.status, ClaimAction.ANSWER,
                         is_owner=claim.employee_id == person.id, is_hr=person.is_hr)
    files = receipts.chosen(uploads)
    errors = {}
    if not note.strip() and not files:
        errors["note"] = _("Please write an answer or add a receipt.")
    if len(note) > LONGEST_DESCRIPTION:
        errors["note"] = _(
            "Please keep the answer under %(num)d characters.", num=LONGEST_DESCRIPTION
        )
    stored = []
    try:
        stored = receipts.check_receipts(files, len(receipts.receipts_of(claim)))
    except ClaimRefused as error:
        errors["receipts"] = str(error)
    if errors:
        for item in stored:
            item.data.close()
        raise ClaimInvalid(errors)
    kept = []
    try:
        with committed():
            kept = receipts.store_receipts(person, claim, stored)
            if stored:
                record(claim, person, ClaimAction.ADD_RECEIPTS, f"{len(stored)}", notify=False)
            record(claim, person, ClaimAction.ANSWER, note, status=status)
    except BaseException:
        receipts.forget(kept)
        raise


# -- Reading ---------------------------------------------------------------------------------


def claim_for(viewer: Employee, claim_id: int) -> BenefitClaim | None:
    """The claim, if this person may open it as its owner; None otherwise (a 404)."""
    claim = db.session.get(BenefitClaim, claim_id)
    if claim is None or claim.employee_id != viewer.id or claim.status == ClaimStatus.DELETED:
        return None
    return claim


def claims_of(person: Employee) -> list[BenefitClaim]:
    return list(db.session.scalars(
        select(BenefitClaim)
        .where(BenefitClaim.employee_id == person.id, BenefitClaim.status != ClaimStatus.DELETED)
        .order_by(BenefitClaim.created_at.desc(), BenefitClaim.id.desc())
    ))


def approved_totals(employee_id: int, programme_id: str) -> dict[str, int]:
    """What each of this person's journeys in the programme has had approved (fresh from the
    database, never from objects loaded earlier)."""
    rows = db.session.execute(
        select(BenefitClaim.journey_label, BenefitClaim.approved_minor).where(
            BenefitClaim.employee_id == employee_id,
            BenefitClaim.programme_id == programme_id,
            BenefitClaim.status.in_(COUNTS_AGAINST_CAP),
        )
    ).all()
    return approved_by_journey((label, minor or 0) for label, minor in rows)


def allowance_for(p: Programme, employee_id: int, journey_label: str) -> Allowance:
    return allowance(cap_minor(p), lifetime_minor(p), approved_totals(employee_id, p.id),
                     journey_label)


@dataclass(frozen=True)
class ProgrammeOverview:
    programme: Programme
    journeys: list[tuple[str, Allowance]]
    new_journey: Allowance


def overview(person: Employee, today: date) -> list[ProgrammeOverview]:
    """Each programme open to the person: what is left for each journey they have claimed
    for, and for a journey not claimed for yet."""
    mine = claims_of(person)
    result = []
    for p in open_to(person, today):
        totals = approved_totals(person.id, p.id)
        labels: dict[str, str] = {}
        for claim in mine:
            if claim.programme_id == p.id:
                labels.setdefault(journey_key(claim.journey_label), claim.journey_label)
        journeys = [
            (label, allowance(cap_minor(p), lifetime_minor(p), totals, label))
            for label in sorted(labels.values(), key=str.casefold)
        ]
        fresh_journey = allowance(cap_minor(p), lifetime_minor(p), totals, "\0new")
        result.append(ProgrammeOverview(p, journeys, fresh_journey))
    return result


def home_currency(person: Employee, today: date) -> str:
    """The currency of the person's work location: the new-claim form's default."""
    return location_currency(person.location.country, today)


def programme_of(claim: BenefitClaim) -> Programme | None:
    return programme(claim.programme_id, claim.expense_date)
