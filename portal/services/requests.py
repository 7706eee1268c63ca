"""Leave requests: filing and moving them through the workflow, with history and mail.

Every change writes the request, its history and its outbox mail in one transaction; the
request's version column makes two people acting at once record one decision, not two.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from portal.domain import workflow
from portal.domain.case import Case
from portal.domain.entitlement import Entitlement, compute_entitlement
from portal.domain.errors import IneligibleCase, StaleRequest
from portal.domain.plan import Block, check_plan, default_plan, plan_return_date
from portal.domain.workdays import first_working_day_after
from portal.domain.workflow import Action, Actor, InvalidTransition, Status
from portal.extensions import db
from portal.models import (
    Employee,
    LeaveRequest,
    Location,
    PlanBlock,
    RequestDetails,
    RequestEvent,
    RequestRevision,
    utcnow,
)
from portal.services import notifications
from portal.services.accounts import today_for

MAX_EXTRA_DAYS = 365


@dataclass(frozen=True)
class RequestInput:
    """What the employee tells us on the request form."""

    role: str
    event: str
    event_date: date
    expected_date: date | None = None
    start: date | None = None
    nicu_days: int = 0
    gestation_weeks: int | None = None
    babies: int = 1
    child_number: int = 1
    note_to_hr: str = ""
    blocks: tuple[Block, ...] = ()  # empty: one continuous block, the default plan
    event_has_happened: bool = False


@dataclass(frozen=True)
class Proposal:
    """The entitlement and plan the employee sees before submitting."""

    case: Case
    entitlement: Entitlement
    blocks: tuple[Block, ...]
    end: date
    return_date: date


# -- Cases and plans ------------------------------------------------------------------------


def case_at(location: Location, employee: Employee, **answers) -> Case:
    """The case at a work location, with the employee's hire date (POLICY §2)."""
    return Case(
        country=location.country, subdivision=location.subdivision,
        weekend_days=location.weekend, hire_date=employee.hire_date, **answers,
    )


def case_for(employee: Employee, data: RequestInput) -> Case:
    """The case at the employee's own work location."""
    return case_at(
        employee.location, employee, role=data.role, event=data.event,
        event_date=data.event_date, expected_date=data.expected_date, start=data.start,
        nicu_days=data.nicu_days, gestation_weeks=data.gestation_weeks, babies=data.babies,
        child_number=data.child_number,
    )


def _proposal(case: Case, blocks: tuple[Block, ...] = ()) -> Proposal:
    entitlement = compute_entitlement(case)
    blocks = tuple(sorted(blocks, key=lambda block: block.start)) or default_plan(entitlement)
    check_plan(case, entitlement, blocks)
    if len(blocks) == 1:
        return Proposal(case, entitlement, blocks, entitlement.end, entitlement.return_date)
    return Proposal(case, entitlement, blocks, blocks[-1].end, plan_return_date(case, blocks))


def propose(employee: Employee, data: RequestInput) -> Proposal:
    """Compute what this request would give, or raise IneligibleCase naming the field."""
    return _proposal(case_for(employee, data), data.blocks)


def _input_of(details: RequestDetails, blocks: tuple[Block, ...] = ()) -> RequestInput:
    return RequestInput(
        role=details.role,
        event=details.event,
        event_date=details.event_date,
        expected_date=details.expected_date,
        start=details.request.start if details.request else None,
        nicu_days=details.nicu_days,
        gestation_weeks=details.gestation_weeks,
        babies=details.babies,
        child_number=details.child_number,
        note_to_hr=details.note_to_hr,
        blocks=blocks,
        event_has_happened=details.event_has_happened,
    )


def _apply(request: LeaveRequest, proposal: Proposal, data: RequestInput) -> None:
    """Make a proposal the plan in force: dates, details, blocks and the entitlement."""
    case, entitlement = proposal.case, proposal.entitlement
    request.start = proposal.blocks[0].start
    request.end = proposal.end
    request.return_date = proposal.return_date
    request.policy_id = entitlement.policy
    details = request.details or RequestDetails()
    details.role, details.event = str(case.role), str(case.event)
    details.event_date, details.expected_date = case.event_date, case.expected_date
    details.nicu_days, details.gestation_weeks = case.nicu_days, case.gestation_weeks
    details.babies, details.child_number = case.babies, case.child_number
    details.entitlement = entitlement.as_dict()
    details.note_to_hr = data.note_to_hr.strip()
    details.event_has_happened = data.event_has_happened
    request.details = details
    request.blocks = [PlanBlock(start=block.start, end=block.end) for block in proposal.blocks]
    _add_extra_days(request, details.extra_days or 0)


def _add_extra_days(request: LeaveRequest, days: int) -> None:
    """HR's extra days lengthen the plan's last block, whatever the plan becomes."""
    if not days:
        return
    last = request.blocks[-1]
    last.end += timedelta(days=days)
    location = request.employee.location
    request.end = max(request.end, last.end)
    request.return_date = first_working_day_after(
        request.end, location.country, location.subdivision, location.weekend
    )


# -- The workflow ---------------------------------------------------------------------------


def _actor(person: Employee, request: LeaveRequest) -> Actor:
    if person.id == request.employee_id:
        return Actor.EMPLOYEE
    if person.is_hr:
        return Actor.HR
    raise InvalidTransition("That step is not yours to take on this request.")


def state(request: LeaveRequest) -> str:
    return workflow.state_of(request.status, request.change_pending)


def leave_started(request: LeaveRequest) -> bool:
    return request.start <= today_for(request.employee)


def allowed_actions(person: Employee, request: LeaveRequest) -> list[Action]:
    """What this person may do on this request now; pages show exactly these."""
    try:
        actor = _actor(person, request)
    except InvalidTransition:
        return []
    return workflow.allowed_actions(
        state(request), actor, is_own=person.id == request.employee_id,
        leave_started=leave_started(request),
    )


def _move(
    request: LeaveRequest, person: Employee, action: Action, note: str = "", *, new: bool = False
) -> None:
    """Check the move against the workflow table, make it, and record and announce it."""
    before = state(request)
    transition, after = workflow.check(
        before, action, _actor(person, request), is_own=person.id == request.employee_id,
        leave_started=leave_started(request), note=note,
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
            to_status=after, note=note.strip(), created_at=now,
        )
    )
    # Written at the end of the unit of work, from the final state (see _unit_of_work).
    db.session.info["announcements"].append((request, action, transition.notify, before))


STALE_MESSAGE = (
    "This request changed since you opened it, so nothing was saved. "
    "Here it is as it stands now."
)


def _dates(request: LeaveRequest | None) -> tuple | None:
    return None if request is None else (request.start, request.end, request.return_date)


@contextmanager
def _unit_of_work(request: LeaveRequest | None = None):
    """Commit everything the block did, or nothing: a refused or raced change leaves no trace.

    The moves' emails are written last, from the final state, so they carry the new dates and
    a manager hears of a change only when the dates moved. The version check can fire at any
    flush (a query autoflushes), so it is caught here."""
    dates_before = _dates(request)
    announcements: list = []
    db.session.info["announcements"] = announcements
    try:
        yield
        for changed, action, audiences, before in announcements:
            notifications.announce(
                changed, action, audiences, before,
                dates_changed=_dates(changed) != dates_before,
            )
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleRequest(STALE_MESSAGE) from None
    except BaseException:
        db.session.rollback()
        raise
    finally:
        db.session.info.pop("announcements", None)


def _fresh(request: LeaveRequest, version: int) -> None:
    if request.version != version:
        raise StaleRequest(STALE_MESSAGE)


def _by_key(employee: Employee, submission_key: str) -> LeaveRequest | None:
    return db.session.scalar(
        select(LeaveRequest).where(
            LeaveRequest.employee_id == employee.id,
            LeaveRequest.submission_key == submission_key,
        )
    )


def _submit_action(proposal: Proposal) -> Action:
    return (
        Action.APPROVE_ON_SUBMISSION
        if proposal.entitlement.approved_on_submission
        else Action.SUBMIT
    )


def file_request(
    employee: Employee, data: RequestInput, submission_key: str, *, submit: bool
) -> LeaveRequest:
    """Save a draft or submit a new request; the same key twice gives the same request."""
    existing = _by_key(employee, submission_key)
    if existing is not None:
        return existing
    proposal = propose(employee, data)
    try:
        with _unit_of_work():
            request = LeaveRequest(
                employee=employee, employee_id=employee.id, status=Status.DRAFT,
                submission_key=submission_key,
            )
            _apply(request, proposal, data)
            db.session.add(request)
            db.session.flush()  # the id, for the history and the links in the mail
            action = _submit_action(proposal) if submit else Action.SAVE_DRAFT
            _move(request, employee, action, new=True)
    except IntegrityError:
        # The same key raced in from a second click: that request is this one.
        existing = _by_key(employee, submission_key)
        if existing is None:
            raise
        return existing
    return request


def edit_draft(
    employee: Employee, request: LeaveRequest, version: int, data: RequestInput, *, submit: bool
) -> LeaveRequest:
    """Change a draft, and submit it if asked."""
    _fresh(request, version)
    if employee.id != request.employee_id or request.status != Status.DRAFT:
        raise InvalidTransition("Only a draft of your own can be edited.")
    proposal = propose(employee, data)
    with _unit_of_work(request):
        _apply(request, proposal, data)
        _move(request, employee, _submit_action(proposal) if submit else Action.SAVE_DRAFT)
    return request


def act(person: Employee, request: LeaveRequest, version: int, action: Action, note: str = ""):
    """A page action: withdraw, answer, approve, reject, request information, cancel, or
    decide a pending change. Raises InvalidTransition or StaleRequest; nothing is half-done."""
    _fresh(request, version)
    action = Action(action)
    if action not in workflow.PAGE_ACTIONS or action == Action.GRANT_EXTRA_DAYS:
        raise InvalidTransition("That is not a step that can be taken here.")
    revision = pending_revision(request)
    with _unit_of_work(request):
        _move(request, person, action, note)
        if action == Action.CANCEL and revision is not None:
            revision.status = "cancelled"
        if action in (Action.APPROVE_CHANGE, Action.REJECT_CHANGE) and revision is not None:
            revision.decided_by_id, revision.decided_at = person.id, utcnow()
            revision.status = "approved" if action == Action.APPROVE_CHANGE else "rejected"
            if action == Action.APPROVE_CHANGE:
                _apply_revision(request, revision)
    return request


def grant_extra_days(
    hr: Employee, request: LeaveRequest, version: int, days: int, reason: str
) -> LeaveRequest:
    """HR grants days beyond the policy, with a written reason; the last block grows by them."""
    _fresh(request, version)
    if not 1 <= days <= MAX_EXTRA_DAYS:
        raise IneligibleCase("extra_days", f"must be a whole number from 1 to {MAX_EXTRA_DAYS}")
    with _unit_of_work(request):
        _move(request, hr, Action.GRANT_EXTRA_DAYS,
              f"{days} extra days: {reason.strip()}" if reason.strip() else "")
        details = request.details
        details.extra_days += days
        details.extra_days_reason = reason.strip()
        details.extra_days_by_id = hr.id
        _add_extra_days(request, days)
    return request


# -- Changes of plan: the baby arrives, neonatal care, a loss --------------------------------


def pending_revision(request: LeaveRequest) -> RequestRevision | None:
    return next((r for r in reversed(request.revisions) if r.status == "pending"), None)


def _input_dict(data: RequestInput, start: date) -> dict:
    return {
        "role": str(data.role), "event": str(data.event),
        "event_date": data.event_date.isoformat(),
        "expected_date": data.expected_date.isoformat() if data.expected_date else None,
        "start": start.isoformat(), "nicu_days": data.nicu_days,
        "gestation_weeks": data.gestation_weeks, "babies": data.babies,
        "child_number": data.child_number, "event_has_happened": data.event_has_happened,
    }


def _revision_input(revision: RequestRevision, details: RequestDetails) -> RequestInput:
    saved = revision.case
    return RequestInput(
        role=saved["role"], event=saved["event"],
        event_date=date.fromisoformat(saved["event_date"]),
        expected_date=date.fromisoformat(saved["expected_date"])
        if saved["expected_date"] else None,
        start=date.fromisoformat(saved["start"]), nicu_days=saved["nicu_days"],
        gestation_weeks=saved["gestation_weeks"], babies=saved["babies"],
        child_number=saved["child_number"], note_to_hr=details.note_to_hr,
        event_has_happened=saved.get("event_has_happened", False),
        blocks=tuple(
            Block(date.fromisoformat(start), date.fromisoformat(end))
            for start, end in revision.blocks
        ) if len(revision.blocks) > 1 else (),
    )


def _apply_revision(request: LeaveRequest, revision: RequestRevision) -> None:
    data = _revision_input(revision, request.details)
    _apply(request, propose(request.employee, data), data)


CHANGE_NOTES = {
    "birth": "The baby has arrived.",
    "neonatal_care": "Neonatal care recorded.",
    "pregnancy_loss": "Pregnancy loss recorded.",
}


def _change(
    employee: Employee, request: LeaveRequest, version: int, kind: str, data: RequestInput
) -> LeaveRequest:
    _fresh(request, version)
    if kind not in life_events_allowed(employee, request):
        raise InvalidTransition("That can't be recorded on this request.")
    proposal, data = _carried(employee, request, data)
    current = state(request)
    immediate = kind in ("neonatal_care", "pregnancy_loss") or (
        proposal.entitlement.approved_on_submission
    )
    waiting = pending_revision(request)
    note = CHANGE_NOTES[kind]
    with _unit_of_work(request):
        if current in (Status.DRAFT, *workflow.OPEN):
            _apply(request, proposal, data)
            approved_now = current in workflow.OPEN and proposal.entitlement.approved_on_submission
            _move(request, employee,
                  Action.APPROVE_ON_SUBMISSION if approved_now else Action.UPDATE, note)
        else:
            request.revisions.append(RequestRevision(
                kind=kind, status="applied" if immediate else "pending",
                case=_input_dict(data, proposal.blocks[0].start),
                entitlement=proposal.entitlement.as_dict(),
                blocks=[[b.start.isoformat(), b.end.isoformat()] for b in proposal.blocks],
                created_by_id=employee.id,
            ))
            if immediate:
                _apply(request, proposal, data)
                if waiting is not None:
                    _refresh_pending(employee, waiting, request.details, nicu_days=data.nicu_days)
            _move(request, employee,
                  Action.APPLY_CHANGE if immediate else Action.PROPOSE_CHANGE, note)
    return request


def _current_input(request: LeaveRequest, **changes) -> RequestInput:
    """The case in force (not a change waiting for HR), with these changes on top."""
    return replace(_input_of(request.details), blocks=(), **changes)


def _carried(employee: Employee, request: LeaveRequest, data: RequestInput):
    """A change keeps a split plan: its last block grows or shrinks with the company days.
    When the split no longer fits the policy's windows, the plan is one block again."""
    proposal = propose(employee, data)
    if len(request.blocks) < 2:
        return proposal, data
    details = request.details
    delta = proposal.entitlement.company_days - details.entitlement["company_days"]
    blocks = [Block(block.start, block.end) for block in request.blocks]
    last = blocks[-1]
    blocks[-1] = Block(last.start, last.end + timedelta(days=delta - details.extra_days))
    carried = replace(data, blocks=tuple(blocks))
    try:
        return propose(employee, carried), carried
    except IneligibleCase:
        return proposal, data


def _refresh_pending(employee: Employee, revision: RequestRevision, details: RequestDetails,
                     **changes) -> None:
    """A change waiting for HR takes in what has happened since (neonatal care days)."""
    data = replace(_revision_input(revision, details), **changes)
    proposal = propose(employee, data)
    revision.case = _input_dict(data, proposal.blocks[0].start)
    revision.entitlement = proposal.entitlement.as_dict()
    revision.blocks = [[b.start.isoformat(), b.end.isoformat()] for b in proposal.blocks]


def _not_in_future(field: str, day: date, employee: Employee) -> None:
    if day > today_for(employee):
        raise IneligibleCase(field, "can only be today or a day that has passed")


def record_birth(employee: Employee, request: LeaveRequest, version: int, born_on: date):
    """The baby has arrived: recompute from the actual date (POLICY §2: expected_date stays)."""
    details = request.details
    if details.event != "birth" and details.event != "surrogacy":
        raise IneligibleCase("born_on", "this request is not for a birth")
    _not_in_future("born_on", born_on, employee)
    expected = details.expected_date or details.event_date
    start = request.start if request.start <= born_on else born_on
    data = _current_input(request, event_date=born_on, expected_date=expected, start=start,
                          event_has_happened=True)
    try:
        return _change(employee, request, version, "birth", data)
    except IneligibleCase as error:
        if error.field != "start":
            raise
        return _change(employee, request, version, "birth", _current_input(
            request, event_date=born_on, expected_date=expected, start=born_on,
            event_has_happened=True))


def record_neonatal_care(employee: Employee, request: LeaveRequest, version: int, nicu_days: int):
    """Days in neonatal care so far; the NICU extension is approved at once (POLICY §3)."""
    return _change(employee, request, version, "neonatal_care",
                   _current_input(request, nicu_days=nicu_days))


def record_pregnancy_loss(
    employee: Employee, request: LeaveRequest, version: int, loss_date: date, gestation_weeks: int
):
    """The request becomes pregnancy-loss leave, or birth leave for a stillbirth (POLICY §2)."""
    _not_in_future("loss_date", loss_date, employee)
    start = request.start if request.start <= loss_date else loss_date
    changes = dict(event="pregnancy_loss", event_date=loss_date, expected_date=None,
                   gestation_weeks=gestation_weeks, nicu_days=0, event_has_happened=True)
    try:
        return _change(employee, request, version, "pregnancy_loss",
                       _current_input(request, start=start, **changes))
    except IneligibleCase as error:
        if error.field != "start" or start == loss_date:
            raise
        return _change(employee, request, version, "pregnancy_loss",
                       _current_input(request, start=loss_date, **changes))


# -- Reading requests -----------------------------------------------------------------------

LIFE_EVENTS = ("birth", "neonatal_care", "pregnancy_loss")


MAX_ID = 2**63 - 1  # a larger number in a URL names nothing, on any database


def get_request(request_id: int) -> LeaveRequest | None:
    if not 0 < request_id <= MAX_ID:
        return None
    # A request's page shows its whole history with each actor: load them together.
    return db.session.get(
        LeaveRequest, request_id,
        options=[selectinload(LeaveRequest.history).joinedload(RequestEvent.actor)],
    )


def requests_of(employee: Employee) -> list[LeaveRequest]:
    """An employee's own requests, newest first."""
    return list(
        db.session.scalars(
            select(LeaveRequest)
            .where(LeaveRequest.employee_id == employee.id)
            .order_by(LeaveRequest.created_at.desc(), LeaveRequest.id.desc())
        )
    )


def life_events_allowed(person: Employee, request: LeaveRequest) -> list[str]:
    """Which of "the baby has arrived", "neonatal care" and "pregnancy loss" apply now."""
    if person.id != request.employee_id:
        return []
    current = state(request)
    if current not in (Status.DRAFT, *workflow.OPEN, Status.APPROVED, workflow.CHANGE_PENDING):
        return []
    details = request.details
    if pending_revision(request) is not None:  # the baby has arrived; HR has yet to decide
        return ["neonatal_care"]
    allowed = []
    newborn = details.event in ("birth", "surrogacy")
    if newborn and not details.event_has_happened and current != workflow.CHANGE_PENDING:
        allowed.append("birth")
    if newborn:
        allowed.append("neonatal_care")
    if details.event == "birth" and not details.event_has_happened:
        allowed.append("pregnancy_loss")
    return allowed


def record_details_read(hr: Employee, request: LeaveRequest) -> None:
    """HR opened the sensitive details: recorded in the history, without the details, once a
    day for each HR person."""
    if hr.id == request.employee_id:
        return
    today = utcnow().date()
    if any(
        event.action == "viewed_details" and event.actor_id == hr.id
        and event.created_at.date() == today
        for event in request.history
    ):
        return  # recorded already today: reloads and redirects add nothing new
    with _unit_of_work(request):
        request.history.append(RequestEvent(actor_id=hr.id, action="viewed_details", note=""))
