"""Notification emails, written to the outbox in the same transaction as the change.

No email carries the event kind, NICU days, gestation, a loss or a note: mail is read on
shared screens and forwarded. It says that something changed, the dates, and where to look.
The manager's email holds the name, the disclosure label and the dates only.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select

from portal.domain.disclosure import Viewer, leave_label
from portal.domain.documents import document_asked_for
from portal.domain.workflow import Action, Audience, Status
from portal.extensions import db
from portal.formatting import long_date
from portal.i18n import written_for
from portal.links import absolute_url
from portal.models import Employee, LeaveRequest, OutboxMessage
from portal.records import pending_revision, revision_blocks


# Each subject and body is made inside `i18n.written_for(recipient)`: in the language the
# recipient chose on their Settings page, whoever's browser made the change.
def _employee_subject(action: Action) -> str:
    return {
        Action.APPROVE_ON_SUBMISSION: _("Your leave is approved"),
        Action.REQUEST_INFORMATION: _("HR has a question about your leave request"),
        Action.APPROVE: _("Your leave request is approved"),
        Action.REJECT: _("Your leave request was not approved"),
        Action.APPROVE_CHANGE: _("The change to your leave is approved"),
        Action.REJECT_CHANGE: _("The change to your leave was not approved"),
        Action.GRANT_EXTRA_DAYS: _("HR has added days to your leave"),
    }[action]


def _hr_subject(action: Action, name: str) -> str:
    return {
        Action.SUBMIT: _("New leave request from %(name)s", name=name),
        Action.APPROVE_ON_SUBMISSION: _("Leave approved on submission for %(name)s", name=name),
        Action.WITHDRAW: _("%(name)s withdrew a leave request", name=name),
        Action.ANSWER: _("%(name)s answered your question", name=name),
        Action.CANCEL: _("%(name)s cancelled approved leave", name=name),
        Action.UPDATE: _("%(name)s updated a leave request", name=name),
        Action.PROPOSE_CHANGE: _("%(name)s asks to change approved leave", name=name),
        Action.WITHDRAW_CHANGE: _("%(name)s withdrew a change to approved leave", name=name),
        Action.APPLY_CHANGE: _("%(name)s's leave changed (approved on submission)", name=name),
    }[action]


def _manager_subject(action: Action, name: str) -> str:
    if action in (Action.APPROVE_ON_SUBMISSION, Action.APPROVE):
        return _("%(name)s will be away", name=name)
    if action == Action.CANCEL:
        return _("%(name)s's time away is cancelled", name=name)
    return _("%(name)s's dates away have changed", name=name)


EMPLOYEE_SUBJECTS = frozenset({
    Action.APPROVE_ON_SUBMISSION, Action.REQUEST_INFORMATION, Action.APPROVE, Action.REJECT,
    Action.APPROVE_CHANGE, Action.REJECT_CHANGE, Action.GRANT_EXTRA_DAYS,
})
HR_SUBJECTS = frozenset({
    Action.SUBMIT, Action.APPROVE_ON_SUBMISSION, Action.WITHDRAW, Action.ANSWER, Action.CANCEL,
    Action.UPDATE, Action.PROPOSE_CHANGE, Action.APPLY_CHANGE, Action.WITHDRAW_CHANGE,
})


class ManagerNews(StrEnum):
    """What a manager hears of a move. AS_NEW: that the person will be away, and when, in words
    that tie it to no earlier leave (after a loss, when the employee chose to tell them now).
    HR_WILL_TELL: nothing; HR is asked to tell them."""

    AS_USUAL = "as_usual"
    AS_NEW = "as_new"
    HR_WILL_TELL = "hr_will_tell"


MANAGER_SUBJECTS = frozenset({
    Action.APPROVE_ON_SUBMISSION, Action.APPROVE, Action.APPROVE_CHANGE, Action.APPLY_CHANGE,
    Action.GRANT_EXTRA_DAYS, Action.CANCEL,
})


def request_link(request: LeaveRequest, endpoint: str) -> str:
    return absolute_url(endpoint, request_id=request.id)


def _dates(request: LeaveRequest) -> str:
    return _(
        "from %(start)s to %(end)s, back at work on %(return_date)s",
        start=long_date(request.start), end=long_date(request.end),
        return_date=long_date(request.return_date),
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


def _document_asked_subject() -> str:
    return _("HR has asked for a document for your leave request")


def _asks_for_document(request: LeaveRequest, action: Action) -> bool:
    return action == Action.REQUEST_INFORMATION and document_asked_for(
        event.action for event in request.history
    )


def _employee_body(request: LeaveRequest, action: Action) -> str:
    name = request.employee.name
    page = request_link(request, "leave.show_request")
    if _asks_for_document(request, action):
        return _(
            "Hello %(name)s,\n\nHR has a question about your leave request and asks you for a "
            "document. You can read the question, add the document (a PDF, or a JPEG or PNG "
            "picture, up to 10 MB) and answer on the request's page:\n%(page)s\n",
            name=name, page=page,
        )
    if action == Action.REJECT:
        return _(
            "Hello %(name)s,\n\nYour leave request was not approved. HR wrote down why: you can "
            "read their reason, and what you can do next, on the request's page:\n"
            "%(page)s#reason\n\nThe request was for leave from %(start)s to %(end)s.\n",
            name=name, page=page, start=long_date(request.start), end=long_date(request.end),
        )
    if action == Action.REJECT_CHANGE:
        return _(
            "Hello %(name)s,\n\nThe change to your leave was not approved, so your leave stays "
            "as it was: %(dates)s.\n\nHR's reason is on the request's page:\n%(page)s#reason\n",
            name=name, dates=_dates(request), page=page,
        )
    return _(
        "Hello %(name)s,\n\n%(news)s.\nYour leave %(dates)s.\n\n"
        "See the details in the portal: %(page)s\n",
        name=name, news=_employee_subject(action), dates=_dates(request), page=page,
    )


def _manager_email(request: LeaveRequest, action: Action, news: ManagerNews
                   ) -> tuple[str, str]:
    employee = request.employee
    name = employee.name
    label = _(leave_label(Viewer.MANAGER, employee.show_as_out_of_office))
    if action == Action.CANCEL:
        return _manager_subject(action, name), _(
            "%(name)s's planned time away (%(label)s) is cancelled.\n", name=name, label=label
        )
    subject = _manager_subject(action, name)
    if news == ManagerNews.AS_NEW:
        subject = _("%(name)s will be away", name=name)
    return subject, _("%(name)s: %(label)s %(dates)s.\n",
                      name=name, label=label, dates=_dates(request))


def _proposed_dates(request: LeaveRequest) -> str:
    """The dates a change waiting for HR would put in force, in a sentence of their own."""
    waiting = pending_revision(request)
    blocks = revision_blocks(waiting) if waiting is not None else ()
    return_date = (waiting.entitlement or {}).get("return_date") if blocks else None
    if not return_date:
        return ""
    return _(
        "The change would make it from %(start)s to %(end)s, back at work on "
        "%(return_date)s.\n\n", start=long_date(blocks[0].start),
        end=long_date(blocks[-1].end), return_date=long_date(date.fromisoformat(return_date)),
    )


def _hr_email(request: LeaveRequest, action: Action, manager_news: ManagerNews
              ) -> tuple[str, str]:
    name = request.employee.name
    subject = _hr_subject(action, name)
    ask = _(
        "%(name)s asked HR to tell their manager the new dates; their manager has not been "
        "told.\n\n", name=name,
    ) if manager_news == ManagerNews.HR_WILL_TELL else ""
    proposed = _proposed_dates(request) if action == Action.PROPOSE_CHANGE else ""
    body = _(
        "%(news)s.\n\nLeave %(dates)s.\n\n%(proposed)s%(ask)sOpen it in the portal: %(page)s\n",
        news=subject, dates=_dates(request), proposed=proposed, ask=ask,
        page=request_link(request, "hr.show_request"),
    )
    return subject, body


def announce(
    request: LeaveRequest, action: Action, audiences, before: str, *, dates_changed: bool = True,
    manager_news: ManagerNews = ManagerNews.AS_USUAL,
) -> None:
    """Write the emails this move sends (workflow table: whom it notifies). HR hears nothing of
    drafts; a manager hears of approved dates, of changed dates and of cancellations only, and
    nothing when the employee asked HR to tell them."""
    employee = request.employee
    hr_has_seen_it = before != Status.DRAFT or request.status != Status.DRAFT
    if Audience.HR in audiences and action in HR_SUBJECTS and hr_has_seen_it and not (
        before == Status.DRAFT and action == Action.WITHDRAW
    ):
        for person in _hr_people(except_id=employee.id):
            with written_for(person):
                queue_email(person, *_hr_email(request, action, manager_news))
    if Audience.EMPLOYEE in audiences and action in EMPLOYEE_SUBJECTS:
        with written_for(employee):
            subject = _document_asked_subject() if _asks_for_document(request, action) \
                else _employee_subject(action)
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
        with written_for(manager):
            queue_email(manager, *_manager_email(request, action, manager_news))


def documents_added(request: LeaveRequest, count: int) -> None:
    """HR hears that documents were added to a request they can see: how many, never their
    names (mail is read on shared screens and forwarded)."""
    employee = request.employee
    page = request_link(request, "hr.show_request")
    for person in _hr_people(except_id=employee.id):
        with written_for(person):
            subject = ngettext(
                "%(name)s added a document to a leave request",
                "%(name)s added %(num)d documents to a leave request",
                count, name=employee.name,
            )
            body = ngettext(
                "%(name)s added a document to their leave request.\n\n"
                "Open it in the portal: %(page)s\n",
                "%(name)s added %(num)d documents to their leave request.\n\n"
                "Open it in the portal: %(page)s\n",
                count, name=employee.name, page=page,
            )
            queue_email(person, subject, body)
