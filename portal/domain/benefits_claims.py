"""A claim's life: its statuses, who may take which step from which status, and the checks on
its dates (no future expenses; within the programme's claim window)."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum


class ClaimStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    INFORMATION_REQUESTED = "information_requested"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAID = "paid"
    WITHDRAWN = "withdrawn"
    DELETED = "deleted"  # a draft the employee deleted: kept for its history, shown nowhere


class ClaimAction(StrEnum):
    SAVE_DRAFT = "saved_draft"
    SUBMIT = "submitted"
    DELETE = "deleted"
    WITHDRAW = "withdrawn"
    ANSWER = "answered"
    APPROVE = "approved"
    REJECT = "rejected"
    REQUEST_INFORMATION = "information_requested"
    MARK_PAID = "paid"
    ADD_RECEIPTS = "receipts_added"


STATUS_LABELS = {
    ClaimStatus.DRAFT: "Draft",
    ClaimStatus.SUBMITTED: "Waiting for HR",
    ClaimStatus.INFORMATION_REQUESTED: "HR has a question",
    ClaimStatus.APPROVED: "Approved",
    ClaimStatus.REJECTED: "Not approved",
    ClaimStatus.PAID: "Paid",
    ClaimStatus.WITHDRAWN: "Withdrawn",
    ClaimStatus.DELETED: "Deleted",
}
ACTION_LABELS = {
    ClaimAction.SAVE_DRAFT: "Saved as a draft",
    ClaimAction.SUBMIT: "Sent to HR",
    ClaimAction.DELETE: "Draft deleted",
    ClaimAction.WITHDRAW: "Withdrawn",
    ClaimAction.ANSWER: "Answered HR's question",
    ClaimAction.APPROVE: "Approved",
    ClaimAction.REJECT: "Not approved",
    ClaimAction.REQUEST_INFORMATION: "HR asked a question",
    ClaimAction.MARK_PAID: "Paid",
    ClaimAction.ADD_RECEIPTS: "Receipts added",
    "receipt_downloaded": "Receipt downloaded by HR",
}

# (action, from status) -> to status; `EMPLOYEE_STEPS` and `HR_STEPS` say who takes each.
TRANSITIONS: dict[tuple[ClaimAction, ClaimStatus], ClaimStatus] = {
    (ClaimAction.SAVE_DRAFT, ClaimStatus.DRAFT): ClaimStatus.DRAFT,
    (ClaimAction.SUBMIT, ClaimStatus.DRAFT): ClaimStatus.SUBMITTED,
    (ClaimAction.DELETE, ClaimStatus.DRAFT): ClaimStatus.DELETED,
    (ClaimAction.WITHDRAW, ClaimStatus.SUBMITTED): ClaimStatus.WITHDRAWN,
    (ClaimAction.WITHDRAW, ClaimStatus.INFORMATION_REQUESTED): ClaimStatus.WITHDRAWN,
    (ClaimAction.ANSWER, ClaimStatus.INFORMATION_REQUESTED): ClaimStatus.SUBMITTED,
    (ClaimAction.APPROVE, ClaimStatus.SUBMITTED): ClaimStatus.APPROVED,
    (ClaimAction.APPROVE, ClaimStatus.INFORMATION_REQUESTED): ClaimStatus.APPROVED,
    (ClaimAction.REJECT, ClaimStatus.SUBMITTED): ClaimStatus.REJECTED,
    (ClaimAction.REJECT, ClaimStatus.INFORMATION_REQUESTED): ClaimStatus.REJECTED,
    (ClaimAction.REQUEST_INFORMATION, ClaimStatus.SUBMITTED): ClaimStatus.INFORMATION_REQUESTED,
    (ClaimAction.MARK_PAID, ClaimStatus.APPROVED): ClaimStatus.PAID,
}
EMPLOYEE_STEPS = frozenset({ClaimAction.SAVE_DRAFT, ClaimAction.SUBMIT, ClaimAction.DELETE,
                            ClaimAction.WITHDRAW, ClaimAction.ANSWER})
HR_STEPS = frozenset({ClaimAction.APPROVE, ClaimAction.REJECT, ClaimAction.REQUEST_INFORMATION,
                      ClaimAction.MARK_PAID})
COUNTS_AGAINST_CAP = frozenset({ClaimStatus.APPROVED, ClaimStatus.PAID})


class ClaimRefused(ValueError):
    """A step that cannot be taken, or a claim that cannot be made; str is the sentence."""


def next_status(status: str, action: ClaimAction, *, is_owner: bool, is_hr: bool) -> ClaimStatus:
    """The status after this step, or ClaimRefused. Nobody decides their own claim."""
    if action in EMPLOYEE_STEPS and not is_owner:
        raise ClaimRefused("Only the person who made this claim can do that.")
    if action in HR_STEPS and (not is_hr or is_owner):
        raise ClaimRefused("Someone else in HR needs to decide this claim: it is your own.")
    target = TRANSITIONS.get((action, ClaimStatus(status)))
    if target is None:
        raise ClaimRefused(
            f"This claim is {STATUS_LABELS[ClaimStatus(status)].lower()}, so that step is no "
            "longer possible."
        )
    return target


def allowed_steps(status: str, *, is_owner: bool, is_hr: bool) -> list[ClaimAction]:
    steps = []
    for (action, source), _target in TRANSITIONS.items():
        if source != status or action in steps:
            continue
        try:
            next_status(status, action, is_owner=is_owner, is_hr=is_hr)
        except ClaimRefused:
            continue
        steps.append(action)
    return steps


def check_expense_date(expense: date, today: date, window_days: int) -> None:
    """The expense has happened, and recently enough (programme clause claim_window_days)."""
    if expense > today:
        raise ClaimRefused(
            "The date of the expense is in the future. Please claim once it is paid."
        )
    if expense < today - timedelta(days=window_days):
        raise ClaimRefused(
            f"This programme accepts claims up to {window_days} days after the expense, and "
            "this date is earlier than that. If something kept you from claiming sooner, "
            "HR would like to hear from you."
        )
