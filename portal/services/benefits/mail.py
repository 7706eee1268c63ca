"""Claim emails, written to the outbox with the change. HR hears of new claims and answers;
the employee hears of HR's steps. Managers hear nothing of claims. Emails carry no description
and no file names; amounts go to the employee alone."""

from __future__ import annotations

from sqlalchemy import select

from portal.domain.benefits_claims import ClaimAction
from portal.extensions import db
from portal.links import absolute_url
from portal.models import BenefitClaim, Employee
from portal.services.benefits.currencies import money
from portal.services.benefits.programmes import names
from portal.services.notifications import queue_email

HR_SUBJECTS = {
    ClaimAction.SUBMIT: "New benefit claim from {name}",
    ClaimAction.ANSWER: "{name} answered your question about a benefit claim",
    ClaimAction.WITHDRAW: "{name} withdrew a benefit claim",
}
EMPLOYEE_SUBJECTS = {
    ClaimAction.APPROVE: "Your benefit claim is approved",
    ClaimAction.REJECT: "Your benefit claim was not approved",
    ClaimAction.REQUEST_INFORMATION: "HR has a question about your benefit claim",
    ClaimAction.MARK_PAID: "Your benefit claim has been paid",
}


def _hr_people(except_id: int) -> list[Employee]:
    return list(db.session.scalars(
        select(Employee).where(Employee.is_hr, Employee.active, Employee.id != except_id)
    ))


def _employee_body(claim: BenefitClaim, action: ClaimAction) -> str:
    name = claim.employee.name
    programme = names().get(claim.programme_id, "a family benefit")
    page = absolute_url("benefits.show_claim", claim_id=claim.id)
    if action == ClaimAction.APPROVE:
        said = (f"HR approved {money(claim.approved_minor, claim.approved_currency)} of your "
                f"{programme} claim. It will be paid with the next payment run.")
    elif action == ClaimAction.MARK_PAID:
        said = (f"Your {programme} claim has been paid: "
                f"{money(claim.approved_minor, claim.approved_currency)}.")
    elif action == ClaimAction.REJECT:
        said = (f"Your {programme} claim was not approved. HR wrote down why; you can read "
                "their reason, and ask them about it, on the claim's page.")
    else:
        said = (f"HR has a question about your {programme} claim. You can read it, and answer "
                "with more receipts if they help, on the claim's page.")
    return f"Hello {name},\n\n{said}\n\n{page}\n"


def announce(claim: BenefitClaim, action: ClaimAction, actor: Employee) -> None:
    employee = claim.employee
    if action in HR_SUBJECTS:
        subject = HR_SUBJECTS[action].format(name=employee.name)
        body = (f"{subject}.\n\nOpen it in the portal: "
                f"{absolute_url('hr_claims.show', claim_id=claim.id)}\n")
        for person in _hr_people(except_id=employee.id):
            queue_email(person, subject, body)
    if action in EMPLOYEE_SUBJECTS:
        queue_email(employee, EMPLOYEE_SUBJECTS[action], _employee_body(claim, action))
