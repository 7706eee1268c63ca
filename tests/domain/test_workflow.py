"""The request workflow: states, the transition table, who may act, whom it tells (POLICY §3)."""

from __future__ import annotations

import pytest

from portal.domain.errors import DomainError
from portal.domain.workflow import (
    CHANGE_PENDING,
    OPEN,
    PAGE_ACTIONS,
    STATUS_LABELS,
    TRANSITIONS,
    Action,
    Actor,
    Audience,
    InvalidTransition,
    Status,
    Transition,
    allowed_actions,
    check,
    state_of,
)

S, A = Status, Action
E, HR = Actor.EMPLOYEE, Actor.HR
TO_HR, TO_EMPLOYEE, TO_MANAGER = Audience.HR, Audience.EMPLOYEE, Audience.MANAGER
ALL_STATES = (*Status, CHANGE_PENDING)
TERMINAL = (S.REJECTED, S.WITHDRAWN, S.CANCELLED)
PENDING_HR = {S.SUBMITTED, S.INFORMATION_REQUESTED}
SAME = None  # the state does not change

# The table as the design says it should be, written out independently of workflow.py:
# action: (sources, target, actor, notify, note_required, before_start_only)
EXPECTED = {
    A.SAVE_DRAFT: ({S.DRAFT}, S.DRAFT, E, set(), False, False),
    A.SUBMIT: ({S.DRAFT}, S.SUBMITTED, E, {TO_HR}, False, False),
    A.APPROVE_ON_SUBMISSION: (
        {S.DRAFT, *PENDING_HR}, S.APPROVED, E, {TO_HR, TO_EMPLOYEE, TO_MANAGER}, False, False,
    ),
    A.WITHDRAW: ({S.DRAFT, *PENDING_HR}, S.WITHDRAWN, E, {TO_HR}, False, False),
    A.REQUEST_INFORMATION: (
        {S.SUBMITTED}, S.INFORMATION_REQUESTED, HR, {TO_EMPLOYEE}, True, False,
    ),
    A.ANSWER: ({S.INFORMATION_REQUESTED}, S.SUBMITTED, E, {TO_HR}, True, False),
    A.APPROVE: (PENDING_HR, S.APPROVED, HR, {TO_EMPLOYEE, TO_MANAGER}, False, False),
    A.REJECT: (PENDING_HR, S.REJECTED, HR, {TO_EMPLOYEE}, True, False),
    A.CANCEL: ({S.APPROVED, CHANGE_PENDING}, S.CANCELLED, E, {TO_HR, TO_MANAGER}, False, True),
    A.UPDATE: ({S.DRAFT, *PENDING_HR}, SAME, E, {TO_HR}, False, False),
    A.PROPOSE_CHANGE: ({S.APPROVED}, CHANGE_PENDING, E, {TO_HR}, False, False),
    A.APPLY_CHANGE: (
        {S.APPROVED, CHANGE_PENDING}, SAME, E, {TO_HR, TO_MANAGER}, False, False,
    ),
    A.APPROVE_CHANGE: ({CHANGE_PENDING}, S.APPROVED, HR, {TO_EMPLOYEE, TO_MANAGER}, False, False),
    A.REJECT_CHANGE: ({CHANGE_PENDING}, S.APPROVED, HR, {TO_EMPLOYEE}, True, False),
    # The employee takes a change back before HR decides (a date sent by mistake).
    A.WITHDRAW_CHANGE: ({CHANGE_PENDING}, S.APPROVED, E, {TO_HR}, False, False),
    A.GRANT_EXTRA_DAYS: (
        {*PENDING_HR, S.APPROVED, CHANGE_PENDING}, SAME, HR, {TO_EMPLOYEE, TO_MANAGER}, True, False,
    ),
}

EXPECTED_PAGE_ACTIONS = {
    A.WITHDRAW, A.REQUEST_INFORMATION, A.ANSWER, A.APPROVE, A.REJECT, A.CANCEL,
    A.APPROVE_CHANGE, A.REJECT_CHANGE, A.GRANT_EXTRA_DAYS, A.WITHDRAW_CHANGE,
}

EMPLOYEE_ACTIONS = {
    S.DRAFT: [A.WITHDRAW],
    S.SUBMITTED: [A.WITHDRAW],
    S.INFORMATION_REQUESTED: [A.WITHDRAW, A.ANSWER],
    S.APPROVED: [A.CANCEL],
    CHANGE_PENDING: [A.CANCEL, A.WITHDRAW_CHANGE],
    S.REJECTED: [],
    S.WITHDRAWN: [],
    S.CANCELLED: [],
}

HR_ACTIONS = {
    S.DRAFT: [],
    S.SUBMITTED: [A.REQUEST_INFORMATION, A.APPROVE, A.REJECT, A.GRANT_EXTRA_DAYS],
    S.INFORMATION_REQUESTED: [A.APPROVE, A.REJECT, A.GRANT_EXTRA_DAYS],
    S.APPROVED: [A.GRANT_EXTRA_DAYS],
    CHANGE_PENDING: [A.APPROVE_CHANGE, A.REJECT_CHANGE, A.GRANT_EXTRA_DAYS],
    S.REJECTED: [],
    S.WITHDRAWN: [],
    S.CANCELLED: [],
}


def make_transition(action: Action) -> Transition:
    (transition,) = [t for t in TRANSITIONS if t.action == action]
    return transition


def make_move(state, action, actor=None, *, is_own=None, leave_started=False, note="A note."):
    """check() with the right actor and a note by default: the employee acts on their own
    request, HR on someone else's."""
    actor = actor if actor is not None else EXPECTED[action][2]
    is_own = is_own if is_own is not None else actor == E
    return check(state, action, actor, is_own=is_own, leave_started=leave_started, note=note)


def refusal(*args, **kwargs) -> InvalidTransition:
    with pytest.raises(InvalidTransition) as caught:
        make_move(*args, **kwargs)
    return caught.value


def other(actor: Actor) -> Actor:
    return HR if actor == E else E


ALL_MOVES = [(action, state) for action, spec in EXPECTED.items() for state in spec[0]]
ALL_NON_MOVES = [
    (action, state) for action, spec in EXPECTED.items() for state in ALL_STATES
    if state not in spec[0]
]
HR_MOVES = [(action, state) for action, state in ALL_MOVES if EXPECTED[action][2] == HR]
NOTED = [action for action, spec in EXPECTED.items() if spec[4]]


# --- the table itself ---------------------------------------------------------------------


def test_the_table_has_exactly_one_transition_for_every_action():
    assert sorted(t.action for t in TRANSITIONS) == sorted(Action)


@pytest.mark.parametrize("action", list(Action))
def test_each_transition_has_the_sources_the_design_gives(action):
    assert make_transition(action).sources == frozenset(EXPECTED[action][0])


@pytest.mark.parametrize("action", list(Action))
def test_each_transition_leads_to_the_target_the_design_gives(action):
    assert make_transition(action).target == EXPECTED[action][1]


@pytest.mark.parametrize("action", list(Action))
def test_each_transition_is_taken_by_the_actor_the_design_gives(action):
    assert make_transition(action).actor == EXPECTED[action][2]


@pytest.mark.parametrize("action", list(Action))
def test_each_transition_notifies_whom_the_design_gives(action):
    assert make_transition(action).notify == frozenset(EXPECTED[action][3])


@pytest.mark.parametrize("action", list(Action))
def test_each_transition_requires_a_note_only_where_the_design_says(action):
    assert make_transition(action).note_required is EXPECTED[action][4]


@pytest.mark.parametrize("action", list(Action))
def test_only_cancelling_is_limited_to_before_the_leave_starts(action):
    assert make_transition(action).before_start_only is EXPECTED[action][5]


def test_the_page_actions_are_the_ones_a_person_chooses():
    assert PAGE_ACTIONS == EXPECTED_PAGE_ACTIONS


def test_every_state_has_a_label():
    assert set(STATUS_LABELS) == set(ALL_STATES)
    assert STATUS_LABELS[CHANGE_PENDING] == "Approved, change pending"


def test_open_requests_are_the_ones_waiting_for_hr():
    assert OPEN == PENDING_HR


def test_nothing_leaves_a_rejected_withdrawn_or_cancelled_request():
    for state in TERMINAL:
        assert not [t for t in TRANSITIONS if state in t.sources]


def test_only_a_proposed_change_leads_to_change_pending():
    assert [t.action for t in TRANSITIONS if t.target == CHANGE_PENDING] == [A.PROPOSE_CHANGE]


# --- check() ------------------------------------------------------------------------------


@pytest.mark.parametrize("action, state", ALL_MOVES)
def test_each_transition_is_allowed_from_each_of_its_sources(action, state):
    transition, target = make_move(state, action)
    assert transition.action == action
    expected = EXPECTED[action][1]
    assert target == (state if expected is SAME else expected)


@pytest.mark.parametrize("action, state", ALL_NON_MOVES)
def test_each_transition_is_refused_from_every_other_state(action, state):
    error = refusal(state, action)
    assert str(error) == (
        f"This request is {STATUS_LABELS[state].lower()}, so it can no longer be changed that way."
    )


def test_an_update_keeps_the_state_it_was_made_in():
    for state in (S.DRAFT, S.SUBMITTED, S.INFORMATION_REQUESTED):
        assert make_move(state, A.UPDATE)[1] == state


def test_extra_days_keep_the_state_they_were_granted_in():
    for state in (S.SUBMITTED, S.INFORMATION_REQUESTED, S.APPROVED, CHANGE_PENDING):
        assert make_move(state, A.GRANT_EXTRA_DAYS)[1] == state


def test_the_refusal_names_a_pending_change_in_plain_words():
    error = refusal(CHANGE_PENDING, A.PROPOSE_CHANGE)
    assert "approved, change pending" in str(error)


def test_a_state_the_workflow_does_not_know_is_refused_by_its_name():
    error = refusal("archived", A.WITHDRAW)
    assert "This request is archived" in str(error)


def test_an_action_may_be_given_as_its_string_value():
    transition, target = check("submitted", "approve", HR, is_own=False)
    assert transition.action == A.APPROVE
    assert target == S.APPROVED


def test_an_action_the_workflow_does_not_know_is_an_error():
    with pytest.raises(ValueError):
        check(S.DRAFT, "publish", E, is_own=True)


@pytest.mark.parametrize("action, state", ALL_MOVES)
def test_each_transition_is_refused_to_the_other_actor(action, state):
    actor = other(EXPECTED[action][2])
    error = refusal(state, action, actor, is_own=False)
    assert str(error) == "That step is not yours to take on this request."


def test_an_employee_cannot_approve_their_own_request():
    assert "not yours" in str(refusal(S.SUBMITTED, A.APPROVE, E, is_own=True))


def test_hr_cannot_withdraw_or_cancel_an_employees_request():
    assert "not yours" in str(refusal(S.SUBMITTED, A.WITHDRAW, HR, is_own=False))
    assert "not yours" in str(refusal(S.APPROVED, A.CANCEL, HR, is_own=False))


@pytest.mark.parametrize("action, state", HR_MOVES)
def test_hr_cannot_decide_their_own_request(action, state):
    error = refusal(state, action, HR, is_own=True)
    assert str(error) == "Nobody decides their own request; another HR person will."


def test_hr_may_act_as_an_employee_on_their_own_request():
    transition, target = check(S.DRAFT, A.SUBMIT, E, is_own=True)
    assert target == S.SUBMITTED


@pytest.mark.parametrize("action", NOTED)
@pytest.mark.parametrize("note", ["", "   ", "\n\t"])
def test_a_step_that_needs_a_note_is_refused_without_one(action, note):
    state = sorted(EXPECTED[action][0])[0]
    error = refusal(state, action, note=note)
    assert str(error) == "Please add a few words: this step needs a note."


@pytest.mark.parametrize("action", sorted(set(Action) - set(NOTED)))
def test_a_step_that_needs_no_note_is_allowed_without_one(action):
    state = sorted(EXPECTED[action][0])[0]
    make_move(state, action, note="")


def test_an_approved_request_can_be_cancelled_before_the_leave_starts():
    transition, target = make_move(S.APPROVED, A.CANCEL, leave_started=False)
    assert target == S.CANCELLED


def test_leave_that_has_started_cannot_be_cancelled():
    error = refusal(S.APPROVED, A.CANCEL, leave_started=True)
    assert str(error) == "Leave that has started cannot be cancelled here; please talk to HR."


@pytest.mark.parametrize(
    "action, state", [(a, s) for a, s in ALL_MOVES if not EXPECTED[a][5]]
)
def test_other_steps_are_allowed_after_the_leave_has_started(action, state):
    make_move(state, action, leave_started=True)


def test_the_state_is_checked_before_the_actor_and_the_actor_before_the_note():
    assert "no longer" in str(refusal(S.REJECTED, A.APPROVE, E, is_own=True, note=""))
    assert "not yours" in str(refusal(S.SUBMITTED, A.REJECT, E, is_own=True, note=""))
    assert "own request" in str(refusal(S.SUBMITTED, A.REJECT, HR, is_own=True, note=""))


def test_an_invalid_transition_is_a_domain_error():
    assert issubclass(InvalidTransition, DomainError)


# --- allowed_actions() ----------------------------------------------------------------------


@pytest.mark.parametrize("state", ALL_STATES)
def test_the_employee_sees_the_page_actions_of_each_state(state):
    assert allowed_actions(state, E, is_own=True) == EMPLOYEE_ACTIONS[state]


@pytest.mark.parametrize("state", ALL_STATES)
def test_hr_sees_the_page_actions_of_each_state_on_someone_elses_request(state):
    assert allowed_actions(state, HR, is_own=False) == HR_ACTIONS[state]


@pytest.mark.parametrize("state", ALL_STATES)
def test_hr_gets_nothing_on_their_own_request(state):
    assert allowed_actions(state, HR, is_own=True) == []


def test_the_employee_cannot_cancel_once_the_leave_has_started():
    assert allowed_actions(S.APPROVED, E, is_own=True, leave_started=True) == []


def test_hr_keeps_their_actions_once_the_leave_has_started():
    for state in ALL_STATES:
        assert allowed_actions(state, HR, is_own=False, leave_started=True) == HR_ACTIONS[state]


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("actor", [E, HR])
def test_every_allowed_action_passes_check(state, actor):
    for action in allowed_actions(state, actor, is_own=actor == E):
        make_move(state, action, actor)


def test_actions_done_by_services_never_appear_on_a_page():
    service_actions = set(Action) - EXPECTED_PAGE_ACTIONS
    for state in ALL_STATES:
        for actor in (E, HR):
            assert not service_actions & set(allowed_actions(state, actor, is_own=actor == E))


# --- state_of() ---------------------------------------------------------------------------


def test_an_approved_request_with_a_pending_change_is_change_pending():
    assert state_of(S.APPROVED, True) == CHANGE_PENDING
    assert state_of("approved", True) == CHANGE_PENDING


def test_an_approved_request_without_a_pending_change_is_approved():
    assert state_of(S.APPROVED, False) == S.APPROVED


@pytest.mark.parametrize("status", [s for s in Status if s != S.APPROVED])
@pytest.mark.parametrize("change_pending", [False, True])
def test_any_other_status_is_its_own_state_whatever_the_change_flag(status, change_pending):
    assert state_of(status, change_pending) == status
