"""Claim emails, written to the outbox with the change. HR hears of new claims and answers;
the employee hears of HR's steps. Managers hear nothing of claims. Emails carry no description
and no file names; amounts go to the employee alone."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from portal.domain.benefits_claims import ClaimAction
from portal.extensions import db
from portal.i18n import written_for
from portal.links import absolute_url
from portal.models import BenefitClaim, Employee
from portal.services.benefits.currencies import money
from portal.services.benefits.programmes import names
from portal.services.notifications import queue_email
from portal.wording import policy_text

HR_SUBJECTS = frozenset({ClaimAction.SUBMIT, ClaimAction.ANSWER, ClaimAction.WITHDRAW})
EMPLOYEE_SUBJECTS = frozenset({
    ClaimAction.APPROVE, ClaimAction.REJECT, ClaimAction.REQUEST_INFORMATION,
    ClaimAction.MARK_PAID,
})


# Each email is made inside `i18n.written_for(recipient)`: in the recipient's language, with
# amounts written the way that language writes them.
def _hr_subject(action: ClaimAction, name: str) -> str:
    return {
        ClaimAction.SUBMIT: _("New benefit claim from %(name)s", name=name),
        ClaimAction.ANSWER: _("%(name)s answered your question about a benefit claim", name=name),
        ClaimAction.WITHDRAW: _("%(name)s withdrew a benefit claim", name=name),
    }[action]


def _employee_subject(action: ClaimAction) -> str:
    return {
        ClaimAction.APPROVE: _("Your benefit claim is approved"),
        ClaimAction.REJECT: _("Your benefit claim was not approved"),
        ClaimAction.REQUEST_INFORMATION: _("HR has a question about your benefit claim"),
        ClaimAction.MARK_PAID: _("Your benefit claim has been paid"),
    }[action]


def _hr_people(except_id: int) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).where(Employee.is_hr, Employee.active, Employee.id != except_id)
    ))


def _employee_body(claim: BenefitClaim, action: ClaimAction) -> str:
    name = claim.employee.name
    known = names().get(claim.programme_id)
    programme = policy_text(known) if known else _("a family benefit")
    page = absolute_url("benefits.show_claim", claim_id=claim.id)
    amount = money(claim.approved_minor, claim.approved_currency)
    if action == ClaimAction.APPROVE:
        said = _("HR approved %(amount)s of your %(programme)s claim. It will be paid with the "
                 "next payment run.", amount=amount, programme=programme)
    elif action == ClaimAction.MARK_PAID:
        said = _("Your %(programme)s claim has been paid: %(amount)s.",
                 programme=programme, amount=amount)
    elif action == ClaimAction.REJECT:
        said = _("Your %(programme)s claim was not approved. HR wrote down why; you can read "
                 "their reason, and ask them about it, on the claim's page.", programme=programme)
    else:
        said = _("HR has a question about your %(programme)s claim. You can read it, and answer "
                 "with more receipts if they help, on the claim's page.", programme=programme)
    return _("Hello %(name)s,\n\n%(said)s\n\n%(page)s\n", name=name, said=said, page=page)


def announce(claim: BenefitClaim, action: ClaimAction, actor: Employee) -> None:
    employee = claim.employee
    if action in HR_SUBJECTS:
        page = absolute_url("hr_claims.show", claim_id=claim.id)
        for person in _hr_people(except_id=employee.id):
            with written_for(person):
                subject = _hr_subject(action, employee.name)
                body = _("%(news)s.\n\nOpen it in the portal: %(page)s\n",
                         news=subject, page=page)
                queue_email(person, subject, body)
    if action in EMPLOYEE_SUBJECTS:
        with written_for(employee):
            queue_email(employee, _employee_subject(action), _employee_body(claim, action))
