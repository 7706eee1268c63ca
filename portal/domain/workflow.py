"""The states of a leave request, the moves between them, who may make each, and whom it tells.

POLICY §3 (approved on submission for pregnancy-loss leave and NICU extensions) and the
workflow of issue 4 live in one table, TRANSITIONS; pages show what `allowed_actions` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from portal.domain.errors import DomainError, english


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    INFORMATION_REQUESTED = "information_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"


# An approved request whose change waits for HR: the approved plan stays in force meanwhile.
CHANGE_PENDING = "change_pending"

STATUS_LABELS = {
    Status.DRAFT: "Draft",
    Status.SUBMITTED: "Submitted",
    Status.INFORMATION_REQUESTED: "Information requested",
    Status.APPROVED: "Approved",
    Status.REJECTED: "Rejected",
    Status.WITHDRAWN: "Withdrawn",
    Status.CANCELLED: "Cancelled",
    CHANGE_PENDING: "Approved, change pending",
}
OPEN = frozenset({Status.SUBMITTED, Status.INFORMATION_REQUESTED})


class Action(StrEnum):
    SAVE_DRAFT = "save_draft"
    SUBMIT = "submit"
    APPROVE_ON_SUBMISSION = "approve_on_submission"
    WITHDRAW = "withdraw"
    REQUEST_INFORMATION = "request_information"
    ANSWER = "answer"
    APPROVE = "approve"
    REJECT = "reject"
    CANCEL = "cancel"
    UPDATE = "update"
    PROPOSE_CHANGE = "propose_change"
    APPLY_CHANGE = "apply_change"
    APPROVE_CHANGE = "approve_change"
    REJECT_CHANGE = "reject_change"
    WITHDRAW_CHANGE = "withdraw_change"
    GRANT_EXTRA_DAYS = "grant_extra_days"


class Actor(StrEnum):
    EMPLOYEE = "employee"  # the person whose leave it is
    HR = "hr"  # HR, never on their own request


class Audience(StrEnum):
    HR = "hr"
    EMPLOYEE = "employee"
    MANAGER = "manager"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[str]
    target: str | None  # None: the state does not change
    actor: Actor
    notify: frozenset[Audience] = frozenset()
    note_required: bool = False
    before_start_only: bool = False


def _t(action, sources, target, actor, notify=(), **flags) -> Transition:
    return Transition(action, frozenset(sources), target, actor, frozenset(notify), **flags)


_S = Status
_PENDING_HR = (_S.SUBMITTED, _S.INFORMATION_REQUESTED)
_E, _HR = Actor.EMPLOYEE, Actor.HR
_TO_HR, _TO_EMPLOYEE, _TO_MANAGER = Audience.HR, Audience.EMPLOYEE, Audience.MANAGER

TRANSITIONS: tuple[Transition, ...] = (
    _t(Action.SAVE_DRAFT, [_S.DRAFT], _S.DRAFT, _E),
    _t(Action.SUBMIT, [_S.DRAFT], _S.SUBMITTED, _E, [_TO_HR]),
    # POLICY §3: pregnancy-loss leave and NICU extensions, also when a loss ends a pending request.
    _t(Action.APPROVE_ON_SUBMISSION, [_S.DRAFT, *_PENDING_HR], _S.APPROVED, _E,
       [_TO_HR, _TO_EMPLOYEE, _TO_MANAGER]),
    _t(Action.WITHDRAW, [_S.DRAFT, *_PENDING_HR], _S.WITHDRAWN, _E, [_TO_HR]),
    _t(Action.REQUEST_INFORMATION, [_S.SUBMITTED], _S.INFORMATION_REQUESTED, _HR,
       [_TO_EMPLOYEE], note_required=True),
    _t(Action.ANSWER, [_S.INFORMATION_REQUESTED], _S.SUBMITTED, _E, [_TO_HR],
       note_required=True),
    _t(Action.APPROVE, _PENDING_HR, _S.APPROVED, _HR, [_TO_EMPLOYEE, _TO_MANAGER]),
    _t(Action.REJECT, _PENDING_HR, _S.REJECTED, _HR, [_TO_EMPLOYEE], note_required=True),
    _t(Action.CANCEL, [_S.APPROVED, CHANGE_PENDING], _S.CANCELLED, _E, [_TO_HR, _TO_MANAGER],
       before_start_only=True),
    # Life events before HR has decided change the request itself; HR is told.
    _t(Action.UPDATE, [_S.DRAFT, *_PENDING_HR], None, _E, [_TO_HR]),
    # After approval a change waits for HR, except those approved on submission (POLICY §3),
    # which leave a change already waiting for HR where it is.
    _t(Action.PROPOSE_CHANGE, [_S.APPROVED], CHANGE_PENDING, _E, [_TO_HR]),
    _t(Action.APPLY_CHANGE, [_S.APPROVED, CHANGE_PENDING], None, _E,
       [_TO_HR, _TO_MANAGER]),
    _t(Action.APPROVE_CHANGE, [CHANGE_PENDING], _S.APPROVED, _HR, [_TO_EMPLOYEE, _TO_MANAGER]),
    _t(Action.REJECT_CHANGE, [CHANGE_PENDING], _S.APPROVED, _HR, [_TO_EMPLOYEE],
       note_required=True),
    # A date sent by mistake, or news that changed again: the employee takes the change back
    # before HR decides; the approved plan stays as it was.
    _t(Action.WITHDRAW_CHANGE, [CHANGE_PENDING], _S.APPROVED, _E, [_TO_HR]),
    _t(Action.GRANT_EXTRA_DAYS, [*_PENDING_HR, _S.APPROVED, CHANGE_PENDING], None, _HR,
       [_TO_EMPLOYEE, _TO_MANAGER],
       note_required=True),
)
_BY_ACTION = {transition.action: transition for transition in TRANSITIONS}

# Actions a person chooses on a page; the others happen as part of a service's work.
PAGE_ACTIONS = frozenset({
    Action.WITHDRAW, Action.REQUEST_INFORMATION, Action.ANSWER, Action.APPROVE, Action.REJECT,
    Action.CANCEL, Action.APPROVE_CHANGE, Action.REJECT_CHANGE, Action.GRANT_EXTRA_DAYS,
    Action.WITHDRAW_CHANGE,
})


class InvalidTransition(DomainError):
    """A move the workflow does not allow from this state, for this person, now. ``code`` is the
    English template (a catalogue msgid), ``values`` its values; pages word it with
    portal.wording.error_text, ``str()`` gives the English."""

    def __init__(self, code: str, **values) -> None:
        self.code = code
        self.values = values
        if "status" in values:  # the English words of a status, in the middle of a sentence
            status = values["status"]
            values = {**values, "status": STATUS_LABELS.get(status, status).lower()}
        self.message = english(code, values)
        super().__init__(self.message)


def state_of(status: str, change_pending: bool) -> str:
    return CHANGE_PENDING if status == Status.APPROVED and change_pending else status


def _target(transition: Transition, state: str) -> str:
    return state if transition.target is None else transition.target


def check(
    state: str, action: Action, actor: Actor, *, is_own: bool, leave_started: bool = False,
    note: str = "",
) -> tuple[Transition, str]:
    """The transition and the state it leads to, or InvalidTransition saying why not."""
    transition = _BY_ACTION[Action(action)]
    if state not in transition.sources:
        raise InvalidTransition(
            "This request is %(status)s, so it can no longer be changed that way.", status=state
        )
    if actor != transition.actor:
        raise InvalidTransition("That step is not yours to take on this request.")
    if actor == Actor.HR and is_own:
        raise InvalidTransition("Nobody decides their own request; another HR person will.")
    if transition.before_start_only and leave_started:
        raise InvalidTransition(
            "Leave that has started cannot be cancelled here; please talk to HR."
        )
    if transition.note_required and not note.strip():
        raise InvalidTransition("Please add a few words: this step needs a note.")
    return transition, _target(transition, state)


def allowed_actions(
    state: str, actor: Actor, *, is_own: bool, leave_started: bool = False
) -> list[Action]:
    """The page actions this person may take now, in table order."""
    allowed = []
    for transition in TRANSITIONS:
        if transition.action not in PAGE_ACTIONS or state not in transition.sources:
            continue
        if transition.actor != actor or (actor == Actor.HR and is_own):
            continue
        if transition.before_start_only and leave_started:
            continue
        allowed.append(transition.action)
    return allowed
