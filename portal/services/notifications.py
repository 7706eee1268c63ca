"""Notification emails, written to the outbox in the same transaction as the change.

No email carries the event kind, NICU days, gestation, a loss or a note: mail is read on
shared screens and forwarded. It says that something changed, the dates, and where to look.
The manager's email holds the name, the disclosure label and the dates only.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import select

from portal.domain.disclosure import Viewer, leave_label
from portal.domain.documents import document_asked_for
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

class ManagerNews(StrEnum):
    """What a manager hears of a move. AS_NEW: that the person will be away, and when, in words
    that tie it to no earlier leave (after a loss, when the employee chose to tell them now).
    HR_WILL_TELL: nothing; HR is asked to tell them."""

    AS_USUAL = "as_usual"
    AS_NEW = "as_new"
    HR_WILL_TELL = "hr_will_tell"


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


DOCUMENT_ASKED_SUBJECT = "HR has asked for a document for your leave request"


def _asks_for_document(request: LeaveRequest, action: Action) -> bool:
    return action == Action.REQUEST_INFORMATION and document_asked_for(
        event.action for event in request.history
    )


def _employee_body(request: LeaveRequest, action: Action) -> str:
    name = request.employee.name
    page = request_link(request, "leave.show_request")
    if _asks_for_document(request, action):
        return (
            f"Hello {name},\n\nHR has a question about your leave request and asks you for a "
            f"document. You can read the question, add the document (a PDF, or a JPEG or PNG "
            f"picture, up to 10 MB) and answer on the request's page:\n{page}\n"
        )
    if action == Action.REJECT:
        return (
            f"Hello {name},\n\nYour leave request was not approved. HR wrote down why: you can "
            f"read their reason, and what you can do next, on the request's page:\n"
            f"{page}#reason\n\nThe request was for leave from {long_date(request.start)} to "
            f"{long_date(request.end)}.\n"
        )
    if action == Action.REJECT_CHANGE:
        return (
            f"Hello {name},\n\nThe change to your leave was not approved, so your leave stays "
            f"as it was: {_dates(request)}.\n\nHR's reason is on the request's page:\n"
            f"{page}#reason\n"
        )
    return (
        f"Hello {name},\n\n{EMPLOYEE_SUBJECTS[action]}.\n"
        f"Your leave {_dates(request)}.\n\n"
        f"See the details in the portal: {page}\n"
    )


def _manager_email(request: LeaveRequest, action: Action, news: ManagerNews
                   ) -> tuple[str, str]:
    employee = request.employee
    name = employee.name
    label = leave_label(Viewer.MANAGER, employee.show_as_out_of_office)
    if action == Action.CANCEL:
        return MANAGER_SUBJECTS[action].format(name=name), \
            f"{name}'s planned time away ({label}) is cancelled.\n"
    subject = MANAGER_SUBJECTS[action].format(name=name)
    if news == ManagerNews.AS_NEW:
        subject = f"{name} will be away"
    return subject, f"{name}: {label} {_dates(request)}.\n"


def announce(
    request: LeaveRequest, action: Action, audiences, before: str, *, dates_changed: bool = True,
    manager_news: ManagerNews = ManagerNews.AS_USUAL,
) -> None:
    """Write the emails this move sends (workflow table: whom it notifies). HR hears nothing of
    drafts; a manager hears of approved dates, of changed dates and of cancellations only, and
    nothing when the employee asked HR to tell them."""
    employee = request.employee
    name = employee.name
    hr_has_seen_it = before != Status.DRAFT or request.status != Status.DRAFT
    if Audience.HR in audiences and action in HR_SUBJECTS and hr_has_seen_it and not (
        before == Status.DRAFT and action == Action.WITHDRAW
    ):
        ask = (
            f"{name} asked HR to tell their manager the new dates; their manager has not been "
            "told.\n\n" if manager_news == ManagerNews.HR_WILL_TELL else ""
        )
        body = (
            f"{HR_SUBJECTS[action].format(name=name)}.\n\n"
            f"Leave {_dates(request)}.\n\n{ask}"
            f"Open it in the portal: {request_link(request, 'hr.show_request')}\n"
        )
        for person in _hr_people(except_id=employee.id):
            queue_email(person, HR_SUBJECTS[action].format(name=name), body)
    if Audience.EMPLOYEE in audiences and action in EMPLOYEE_SUBJECTS:
        subject = DOCUMENT_ASKED_SUBJECT if _asks_for_document(request, action) \
            else EMPLOYEE_SUBJECTS[action]
        queue_email(employee, subject, _employee_body(request, action))
    manager = employee.manager
    if (
        Audience.MANAGER in audiences
        and action in MANAGER_SUBJECTS
        and manager_news != ManagerNews.HR_WILL_TELL
        and (request.status == Status.APPROVED or action == Action.CANCEL)
        and (dates_changed or action not in DATE_CHANGES or manager_news == ManagerNews.AS_NEW)
        and manager is not None
        and manager.active
    ):
        queue_email(manager, *_manager_email(request, action, manager_news))


def documents_added(request: LeaveRequest, count: int) -> None:
    """HR hears that documents were added to a request they can see: how many, never their
    names (mail is read on shared screens and forwarded)."""
    employee = request.employee
    what = "a document" if count == 1 else f"{count} documents"
    subject = f"{employee.name} added {what} to a leave request"
    body = (
        f"{employee.name} added {what} to their leave request.\n\n"
        f"Open it in the portal: {request_link(request, 'hr.show_request')}\n"
    )
    for person in _hr_people(except_id=employee.id):
        queue_email(person, subject, body)
