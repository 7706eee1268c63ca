"""Notification emails, written to the outbox in the same transaction as the change.

No email carries the event kind, NICU days, gestation, a loss or a note: mail is read on
shared screens and forwarded. It says that something changed, the dates, and where to look.
The manager's email holds the name, the disclosure label and the dates only.
"""

from __future__ import annotations

from sqlalchemy import select

from portal.domain.disclosure import Viewer, leave_label
from portal.domain.workflow import Action, Audience, Status
from portal.extensions import db
from portal.formatting import long_date
from portal.links import absolute_url
from portal.models import Employee, LeaveRequest, OutboxMessage

EMPLOYEE_SUBJECTS = {
    Action.APPROVE_ON_SUBMISSION: "Your leave is approved",
    Action.REQUEST_INFORMATION: "HR has a question about your leave request",
    Action.APPROVE: "Your leave request is approved",
    Action.REJECT: "Your leave request was not approved",
    Action.APPROVE_CHANGE: "The change to your leave is approved",
    Action.REJECT_CHANGE: "The change to your leave was not approved",
    Action.GRANT_EXTRA_DAYS: "HR has added days to your leave",
}
HR_SUBJECTS = {
    Action.SUBMIT: "New leave request from {name}",
    Action.APPROVE_ON_SUBMISSION: "Leave approved on submission for {name}",
    Action.WITHDRAW: "{name} withdrew a leave request",
    Action.ANSWER: "{name} answered your question",
    Action.CANCEL: "{name} cancelled approved leave",
    Action.UPDATE: "{name} updated a leave request",
    Action.PROPOSE_CHANGE: "{name} asks to change approved leave",
    Action.APPLY_CHANGE: "{name}'s leave changed (approved on submission)",
}
MANAGER_SUBJECTS = {
    Action.APPROVE_ON_SUBMISSION: "{name} will be away",
    Action.APPROVE: "{name} will be away",
    Action.APPROVE_CHANGE: "{name}'s dates away have changed",
    Action.APPLY_CHANGE: "{name}'s dates away have changed",
    Action.GRANT_EXTRA_DAYS: "{name}'s dates away have changed",
    Action.CANCEL: "{name}'s time away is cancelled",
}


def request_link(request: LeaveRequest, endpoint: str) -> str:
    return absolute_url(endpoint, request_id=request.id)


def _dates(request: LeaveRequest) -> str:
    return (
        f"from {long_date(request.start)} to {long_date(request.end)}, "
        f"back at work on {long_date(request.return_date)}"
    )


def _hr_people(except_id: int) -> list[Employee]:
    return list(
        db.session.scalars(
            select(Employee).where(Employee.is_hr, Employee.active, Employee.id != except_id)
        )
    )


def queue_email(recipient: Employee, subject: str, body: str) -> None:
    db.session.add(OutboxMessage(recipient=recipient.email, subject=subject, body=body))


# Changes a manager hears of only when the dates away moved: otherwise an email about, say, a
# neonatal-care update would itself tell the manager something private.
DATE_CHANGES = frozenset({Action.APPROVE_CHANGE, Action.APPLY_CHANGE, Action.GRANT_EXTRA_DAYS})


def announce(
    request: LeaveRequest, action: Action, audiences, before: str, *, dates_changed: bool = True
) -> None:
    """Write the emails this move sends (workflow table: whom it notifies). HR hears nothing of
    drafts; a manager hears of approved dates, of changed dates and of cancellations only."""
    employee = request.employee
    name = employee.name
    hr_has_seen_it = before != Status.DRAFT or request.status != Status.DRAFT
    if Audience.HR in audiences and action in HR_SUBJECTS and hr_has_seen_it and not (
        before == Status.DRAFT and action == Action.WITHDRAW
    ):
        body = (
            f"{HR_SUBJECTS[action].format(name=name)}.\n\n"
            f"Leave {_dates(request)}.\n\n"
            f"Open it in the portal: {request_link(request, 'hr.show_request')}\n"
        )
        for person in _hr_people(except_id=employee.id):
            queue_email(person, HR_SUBJECTS[action].format(name=name), body)
    if Audience.EMPLOYEE in audiences and action in EMPLOYEE_SUBJECTS:
        body = (
            f"Hello {name},\n\n{EMPLOYEE_SUBJECTS[action]}.\n"
            f"Your leave {_dates(request)}.\n\n"
            f"See the details in the portal: {request_link(request, 'leave.show_request')}\n"
        )
        queue_email(employee, EMPLOYEE_SUBJECTS[action], body)
    manager = employee.manager
    if (
        Audience.MANAGER in audiences
        and action in MANAGER_SUBJECTS
        and (request.status == Status.APPROVED or action == Action.CANCEL)
        and (dates_changed or action not in DATE_CHANGES)
        and manager is not None
        and manager.active
    ):
        label = leave_label(Viewer.MANAGER, employee.show_as_out_of_office)
        subject = MANAGER_SUBJECTS[action].format(name=name)
        if action == Action.CANCEL:
            body = f"{name}'s planned time away ({label}) is cancelled.\n"
        else:
            body = f"{name}: {label} {_dates(request)}.\n"
        queue_email(manager, subject, body)
