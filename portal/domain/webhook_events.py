"""The webhook events: their names (the integration's vocabulary), what each means in words,
which workflow move sends which, and what a payload may carry.

An integration is not HR: it is told what a manager may see (disclosure.Viewer.MANAGER: dates
and the neutral label) plus the ids, status and pay dates payroll needs; never the event kind,
neonatal care, gestation, a loss or a note.
"""

from __future__ import annotations

from portal.domain.disclosure import Viewer, leave_label
from portal.domain.workflow import Action, Status

EVENTS: dict[str, str] = {
    "leave.submitted": "A leave request was sent to HR",
    "leave.approved": "Leave was approved",
    "leave.changed": "The dates of approved leave changed",
    "leave.cancelled": "Approved leave was cancelled",
    "leave.withdrawn": "A leave request was withdrawn before HR decided",
    "leave.rejected": "A leave request was not approved",
    "person.created": "Someone was added to the portal",
    "person.deactivated": "Someone left: their access ended",
    "person.reactivated": "Someone who had left is active again",
}
# Fields a leave payload may carry, and no others (a test scans payloads for anything else).
LEAVE_FIELDS = frozenset({
    "request_id", "person", "status", "label", "start", "end", "return_date", "blocks", "pay",
})
PERSON_FIELDS = frozenset({"id", "email", "external_id", "active"})

_CHANGES = frozenset({Action.APPROVE_CHANGE, Action.APPLY_CHANGE, Action.GRANT_EXTRA_DAYS})


def event_for_move(action: Action, before: str, *, dates_changed: bool) -> str | None:
    """The event a workflow move sends, if any. A change is sent only when the dates moved, as
    for a manager: otherwise the event itself would hint at, say, a neonatal-care update."""
    if action == Action.SUBMIT:
        return "leave.submitted"
    if action in (Action.APPROVE, Action.APPROVE_ON_SUBMISSION):
        return "leave.approved"
    if action in _CHANGES:
        return "leave.changed" if dates_changed else None
    if action == Action.CANCEL:
        return "leave.cancelled"
    if action == Action.WITHDRAW and before != Status.DRAFT:
        return "leave.withdrawn"
    if action == Action.REJECT:
        return "leave.rejected"
    return None


def integration_label(prefers_out_of_office: bool) -> str:
    """The words for someone's leave that an integration may pass on to anyone."""
    return leave_label(Viewer.MANAGER, prefers_out_of_office)


def chosen_events(names: list[str]) -> list[str]:
    """The known event names among these, in the order of EVENTS, each once."""
    wanted = set(names)
    return [name for name in EVENTS if name in wanted]
