"""Workflow moves: who may take which step on a request now, and taking it (withdraw, answer,
approve, reject, ask, cancel, decide a change, grant extra days)."""

from __future__ import annotations

from datetime import date, timedelta

from portal.domain import workflow
from portal.domain.documents import DOCUMENT_REQUESTED
from portal.domain.errors import IneligibleCase
from portal.domain.plan import Block
from portal.domain.workflow import Action, Actor, InvalidTransition, Status
from portal.models import Employee, LeaveRequest, RequestEvent, utcnow
from portal.records import (
    blocks_of_request,
    input_of_revision,
    pending_revision,
    revision_blocks,
)
from portal.services.accounts import today_for
from portal.services.notifications import ManagerNews
from portal.services.requests.plans import (
    add_extra_days,
    apply,
    one_leave_at_a_time,
    propose,
    with_extra_days,
)
from portal.services.requests.reading import state
from portal.services.requests.unit_of_work import UnitOfWork, fresh, unit_of_work

MAX_EXTRA_DAYS = 365


def _actor(person: Employee, request: LeaveRequest) -> Actor:
    if person.id == request.employee_id:
        return Actor.EMPLOYEE
    if person.is_hr:
        return Actor.HR
    raise InvalidTransition("That step is not yours to take on this request.")


def first_day(request: LeaveRequest) -> date:
    """The first day of leave in force, or of the change waiting for HR if that is sooner (the
    baby came early: leave has in effect begun, whatever HR has yet to approve)."""
    waiting = pending_revision(request)
    if waiting is None:
        return request.start
    return min(request.start, revision_blocks(waiting)[0].start)


def leave_started(request: LeaveRequest, today: date | None = None) -> bool:
    return first_day(request) <= (today or today_for(request.employee))


def allowed_actions(person: Employee, request: LeaveRequest, today: date | None = None
                    ) -> list[Action]:
    """What this person may do on this request now; pages show exactly these."""
    try:
        actor = _actor(person, request)
    except InvalidTransition:
        return []
    return workflow.allowed_actions(
        state(request), actor, is_own=person.id == request.employee_id,
        leave_started=leave_started(request, today),
    )


def move(
    work: UnitOfWork, request: LeaveRequest, person: Employee, action: Action, note: str = "",
    *, note_data: dict | None = None, new: bool = False, today: date | None = None,
    manager_news: ManagerNews = ManagerNews.AS_USUAL,
) -> None:
    """Check the move against the workflow table, make it, record it, and have the unit of work
    announce it. `note` is a person's words; `note_data` what a life event did, kept as a
    value and worded where the history is shown (portal/domain/life_event_notes.py)."""
    before = state(request)
    transition, after = workflow.check(
        before, action, _actor(person, request), is_own=person.id == request.employee_id,
        leave_started=leave_started(request, today), note=note,
    )
    if transition.target is not None:
        request.change_pending = after == workflow.CHANGE_PENDING
        request.status = Status.APPROVED if request.change_pending else after
    now = utcnow()
    request.updated_at = now
    if action in (Action.SUBMIT, Action.APPROVE_ON_SUBMISSION):
        request.submitted_at = now
    request.history.append(
        RequestEvent(
            actor_id=person.id, action=action, from_status=None if new else before,
            to_status=after, note=note.strip(), note_data=note_data, created_at=now,
        )
    )
    work.announce(request, action, transition.notify, before, manager_news)


def _days_taken_after(request: LeaveRequest, action: Action) -> tuple[Block, ...] | None:
    """The days an approval would hold, to check against the person's other leave."""
    if action == Action.APPROVE:
        return blocks_of_request(request)
    if action == Action.APPROVE_CHANGE:
        waiting = pending_revision(request)
        return with_extra_days(request, revision_blocks(waiting)) if waiting else None
    return None


def act(person: Employee, request: LeaveRequest, version: int, action: Action, note: str = "",
        *, today: date | None = None, ask_for_document: bool = False):
    """A page action: withdraw, answer, approve, reject, request information (which may ask
    for a document), cancel, or decide a pending change. Raises InvalidTransition,
    OverlappingLeave or StaleRequest; nothing is half-done."""
    fresh(request, version)
    action = Action(action)
    if action not in workflow.PAGE_ACTIONS or action == Action.GRANT_EXTRA_DAYS:
        raise InvalidTransition("That is not a step that can be taken here.")
    revision = pending_revision(request)
    taken = _days_taken_after(request, action)
    if taken:
        one_leave_at_a_time(request.employee, taken, request)
    with unit_of_work(request) as work:
        move(work, request, person, action, note, today=today)
        if ask_for_document and action == Action.REQUEST_INFORMATION:
            request.history.append(
                RequestEvent(actor_id=person.id, action=DOCUMENT_REQUESTED, note="")
            )
        if action == Action.CANCEL and revision is not None:
            revision.status = "cancelled"
        if action == Action.WITHDRAW_CHANGE and revision is not None:
            revision.status = "withdrawn"
        if action in (Action.APPROVE_CHANGE, Action.REJECT_CHANGE) and revision is not None:
            revision.decided_by_id, revision.decided_at = person.id, utcnow()
            revision.status = "approved" if action == Action.APPROVE_CHANGE else "rejected"
            if action == Action.APPROVE_CHANGE:
                data = input_of_revision(revision, request.details.note_to_hr)
                apply(request, propose(request.employee, data), data)
    return request


def grant_extra_days(
    hr: Employee, request: LeaveRequest, version: int, days: int, reason: str,
    *, today: date | None = None,
) -> LeaveRequest:
    """HR grants days beyond the policy, with a written reason; the last block grows by them."""
    fresh(request, version)
    if not 1 <= days <= MAX_EXTRA_DAYS:
        raise IneligibleCase("extra_days", f"must be a whole number from 1 to {MAX_EXTRA_DAYS}")
    blocks = blocks_of_request(request)
    last = blocks[-1]
    longer = (*blocks[:-1], Block(last.start, last.end + timedelta(days=days)))
    one_leave_at_a_time(request.employee, longer, request)
    with unit_of_work(request) as work:
        move(work, request, hr, Action.GRANT_EXTRA_DAYS,
             f"{days} extra days: {reason.strip()}" if reason.strip() else "", today=today)
        details = request.details
        details.extra_days += days
        details.extra_days_reason = reason.strip()
        details.extra_days_by_id = hr.id
        add_extra_days(request, days)
    return request
