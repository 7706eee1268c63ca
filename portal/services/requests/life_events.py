"""Life events: the baby has arrived, days in neonatal care, a pregnancy loss.

A life event keeps the employee's blocks where they still fit: each stays where it was, and the
last one grows or shrinks with the company days. Where they no longer fit, SplitNoLongerFits
asks the employee to choose again and nothing changes until they do; the service is then called
once more with the blocks they chose. The history says exactly what changed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from portal.domain import life_event_notes as notes
from portal.domain import workflow
from portal.domain.case import Event
from portal.domain.errors import IneligibleCase
from portal.domain.plan import Block, SplitNoLongerFits, carried_plan, only_one_block
from portal.domain.workflow import Action, InvalidTransition, Status
from portal.models import Employee, LeaveRequest, RequestRevision
from portal.records import (
    RequestInput,
    case_of,
    input_of_request,
    input_of_revision,
    pending_revision,
    plan_blocks,
    revision_values,
)
from portal.services.accounts import today_for
from portal.services.notifications import ManagerNews
from portal.services.requests.moves import move
from portal.services.requests.plans import (
    Proposal,
    apply,
    dates_in_force,
    one_leave_at_a_time,
    proposal_of,
)
from portal.services.requests.reading import state
from portal.services.requests.unit_of_work import fresh, unit_of_work

BIRTH, NEONATAL_CARE, PREGNANCY_LOSS = "birth", "neonatal_care", "pregnancy_loss"


def life_events_allowed(person: Employee, request: LeaveRequest) -> list[str]:
    """Which of "the baby has arrived", "neonatal care" and "pregnancy loss" apply now."""
    if person.id != request.employee_id:
        return []
    current = state(request)
    if current not in (Status.DRAFT, *workflow.OPEN, Status.APPROVED, workflow.CHANGE_PENDING):
        return []
    details = request.details
    if pending_revision(request) is not None:  # the baby has arrived; HR has yet to decide
        return [NEONATAL_CARE]
    allowed = []
    newborn = details.event in (Event.BIRTH, Event.SURROGACY)
    if newborn and not details.event_has_happened and current != workflow.CHANGE_PENDING:
        allowed.append(BIRTH)
    if newborn:
        allowed.append(NEONATAL_CARE)
    # POLICY §2: a loss may end a pregnancy carried by the employee, their partner or, for an
    # intended parent, their surrogate.
    if newborn and not details.event_has_happened:
        allowed.append(PREGNANCY_LOSS)
    return allowed


# -- The plan a change makes ---------------------------------------------------------------


def _fit(employee: Employee, data: RequestInput, kept_from: tuple[Block, ...],
         company_days_before: int, chosen: tuple[Block, ...] | None
         ) -> tuple[Proposal, RequestInput]:
    """The plan after a change of case: the blocks the employee has just chosen; else their
    split carried over (SplitNoLongerFits when it no longer fits); else one block."""
    if chosen is not None:
        blocks = plan_blocks(chosen)
        if blocks:  # the first day of leave is the first block's
            data = replace(data, start=blocks[0].start)
        data = replace(data, blocks=blocks)
        return proposal_of(case_of(employee, data), blocks), data
    case = case_of(employee, data)
    single = proposal_of(case)
    if not kept_from or only_one_block(case):  # the longest leave, or no choice to keep
        return single, replace(data, blocks=())
    kept = carried_plan(kept_from, single.entitlement.company_days - company_days_before)
    try:
        return proposal_of(case, kept), replace(data, blocks=kept)
    except IneligibleCase as misfit:
        raise SplitNoLongerFits(misfit.message, kept) from None


def _plan_in_force(employee: Employee, request: LeaveRequest, data: RequestInput,
                   chosen: tuple[Block, ...] | None) -> tuple[Proposal, RequestInput]:
    kept = input_of_request(request, without_extra_days=True).blocks
    return _fit(employee, data, kept, request.details.entitlement["company_days"], chosen)


def _waiting_change(employee: Employee, request: LeaveRequest, waiting: RequestRevision,
                    nicu_days: int, chosen: tuple[Block, ...] | None
                    ) -> tuple[Proposal, RequestInput]:
    """A change waiting for HR takes in the neonatal care days recorded since."""
    data = replace(input_of_revision(waiting, request.details.note_to_hr), nicu_days=nicu_days)
    try:
        return _fit(employee, data, data.blocks, waiting.entitlement["company_days"], chosen)
    except IneligibleCase as refused:
        if chosen is None or refused.field != "blocks":
            raise
        raise IneligibleCase(
            "blocks", "%(problem)s (with the new dates waiting for HR)", problem=refused
        ) from None


# -- What the history says ------------------------------------------------------------------


# -- Recording a life event -----------------------------------------------------------------


def _change(
    employee: Employee, request: LeaveRequest, version: int, kind: str, data: RequestInput,
    *, told: dict, chosen: tuple[Block, ...] | None, today: date | None,
    manager_news: ManagerNews = ManagerNews.AS_USUAL,
) -> LeaveRequest:
    fresh(request, version)
    if kind not in life_events_allowed(employee, request):
        raise InvalidTransition("That can't be recorded on this request.")
    current = state(request)
    before = (tuple(Block(b.start, b.end) for b in request.blocks), request.return_date)
    proposal, data = _plan_in_force(employee, request, data, chosen)
    immediate = kind in (NEONATAL_CARE, PREGNANCY_LOSS) or (
        proposal.entitlement.approved_on_submission
    )
    decided = current not in (Status.DRAFT, *workflow.OPEN)
    waiting = pending_revision(request) if decided and immediate else None
    refreshed = _waiting_change(employee, request, waiting, data.nicu_days, chosen) \
        if waiting is not None else None
    after = dates_in_force(request, proposal)
    if current != Status.DRAFT:
        one_leave_at_a_time(employee, after[0], request)
    note = notes.life_event_note(told, notes.PlanChange(
        before[0], after[0], before[1], after[1], waits_for_hr=decided and not immediate))
    with unit_of_work(request) as work:
        if not decided:
            apply(request, proposal, data)
            approved_now = current in workflow.OPEN and proposal.entitlement.approved_on_submission
            move(work, request, employee,
                 Action.APPROVE_ON_SUBMISSION if approved_now else Action.UPDATE,
                 note_data=note, today=today, manager_news=manager_news)
            return request
        request.revisions.append(RequestRevision(
            kind=kind, status="applied" if immediate else "pending", created_by_id=employee.id,
            **revision_values(data, proposal.entitlement.as_dict(), proposal.blocks),
        ))
        if immediate:
            apply(request, proposal, data)
            if refreshed is not None:
                proposed, proposed_data = refreshed
                for column, value in revision_values(
                    proposed_data, proposed.entitlement.as_dict(), proposed.blocks
                ).items():
                    setattr(waiting, column, value)
        move(work, request, employee,
             Action.APPLY_CHANGE if immediate else Action.PROPOSE_CHANGE, note_data=note,
             today=today, manager_news=manager_news)
    return request


def _not_in_future(field: str, day: date, today: date) -> None:
    if day > today:
        raise IneligibleCase(field, "can only be today or a day that has passed")


def record_birth(employee: Employee, request: LeaveRequest, version: int, born_on: date,
                 *, blocks: tuple[Block, ...] | None = None, today: date | None = None):
    """The baby has arrived: recompute from the actual date (POLICY §2: expected_date stays).
    `blocks` are the employee's new choice after SplitNoLongerFits."""
    details = request.details
    if details.event not in (Event.BIRTH, Event.SURROGACY):
        raise IneligibleCase("born_on", "this request is not for a birth")
    _not_in_future("born_on", born_on, today or today_for(employee))
    expected = details.expected_date or details.event_date

    def change(start: date) -> LeaveRequest:
        data = replace(input_of_request(request), event_date=born_on, expected_date=expected,
                       start=start, event_has_happened=True, blocks=())
        return _change(employee, request, version, BIRTH, data, told=notes.born(born_on),
                       chosen=blocks, today=today)

    start = request.start if request.start <= born_on else born_on
    try:
        return change(start)
    except IneligibleCase as error:
        if error.field != "start" or start == born_on:
            raise
        return change(born_on)


def record_neonatal_care(employee: Employee, request: LeaveRequest, version: int, nicu_days: int,
                         *, blocks: tuple[Block, ...] | None = None, today: date | None = None):
    """Days in neonatal care so far; the NICU extension is approved at once (POLICY §3)."""
    data = replace(input_of_request(request), nicu_days=nicu_days, blocks=())
    return _change(employee, request, version, NEONATAL_CARE, data,
                   told=notes.neonatal_care(nicu_days), chosen=blocks, today=today)


def record_pregnancy_loss(
    employee: Employee, request: LeaveRequest, version: int, loss_date: date, gestation_weeks: int,
    *, tell_manager: bool = False, blocks: tuple[Block, ...] | None = None,
    today: date | None = None,
):
    """The request becomes pregnancy-loss leave, or birth leave for a stillbirth (POLICY §2).

    The employee chooses whether their manager hears the new dates now, in an email that says
    only that they will be away and when (nothing ties it to the leave the manager knew of), or
    whether HR tells them: then the manager gets no email, and HR is asked to."""
    _not_in_future("loss_date", loss_date, today or today_for(employee))
    manager = employee.manager
    news, told = ManagerNews.AS_USUAL, notes.pregnancy_loss(None)
    # A draft tells nobody; the choice is for leave that a loss approves at once.
    if manager is not None and manager.active and request.status != Status.DRAFT:
        news, told = (
            (ManagerNews.AS_NEW, notes.pregnancy_loss(notes.MANAGER_TOLD_NOW)) if tell_manager
            else (ManagerNews.HR_WILL_TELL, notes.pregnancy_loss(notes.HR_WILL_TELL_MANAGER))
        )
    changes = dict(event=Event.PREGNANCY_LOSS.value, event_date=loss_date, expected_date=None,
                   gestation_weeks=gestation_weeks, nicu_days=0, event_has_happened=True,
                   blocks=())

    def change(start: date) -> LeaveRequest:
        data = replace(input_of_request(request), start=start, **changes)
        return _change(employee, request, version, PREGNANCY_LOSS, data, told=told,
                       chosen=blocks, today=today, manager_news=news)

    start = request.start if request.start <= loss_date else loss_date
    try:
        return change(start)
    except IneligibleCase as error:
        if error.field != "start" or start == loss_date:
            raise
        return change(loss_date)
