"""How a leave request reads on a page: its entitlement and plan with real dates, its history in
words and the viewer's time zone, and what a pending change would make different.

The employee's pages and HR's pages share these helpers; where they word a thing differently on
purpose, the two wordings stand side by side here and the view says which one it wants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from flask import url_for

from portal.domain.documents import DOCUMENT_ADDED, DOCUMENT_DOWNLOADED, DOCUMENT_REQUESTED
from portal.domain.overlaps import HOLDING_STATES, OtherLeave
from portal.domain.workflow import CHANGE_PENDING, OPEN, STATUS_LABELS, Action, Status
from portal.formatting import local_iso, local_time, long_date, weeks_and_days
from portal.models import LeaveRequest, RequestRevision
from portal.records import input_of_revision, revision_blocks
from portal.services.requests import Proposal, state

GRANT_LABELS = {
    "parental": "Parental leave",
    "nicu": "Neonatal care leave",
    "pregnancy_loss": "Pregnancy loss leave",
    "phased_return": "Phased return",
}
# HR reads the abbreviation it works with every day.
HR_GRANT_LABELS = {**GRANT_LABELS, "nicu": "Neonatal care (NICU) leave"}

EVENT_NAMES = {
    "birth": "Birth",
    "adoption": "Adoption",
    "surrogacy": "Surrogacy",
    "pregnancy_loss": "Pregnancy loss",
}
CHANGE_WORDS = {
    "birth": "The baby has arrived",
    "neonatal_care": "Neonatal care",
    "pregnancy_loss": "Pregnancy loss",
}

# The history in words. The employee reads about their own request ("You: Submitted"); HR reads
# what each person did to it ("Erin Employee: Sent the request"). A step the policy approves at
# once is the employee's sending or changing, and the policy's approval, never theirs.
APPROVED_AT_ONCE = "approved straight away, as the policy says"
# A pregnancy loss that turns a request HR has yet to decide into approved leave.
UPDATED_AND_APPROVED = "approve_on_update"
LISTED_BY_EVENT = "listed_by_event"
ACTION_WORDS = {
    Action.SAVE_DRAFT: "Saved as a draft",
    Action.SUBMIT: "Submitted",
    Action.APPROVE_ON_SUBMISSION: f"Sent the request; it was {APPROVED_AT_ONCE}",
    UPDATED_AND_APPROVED: f"Updated the request; it was {APPROVED_AT_ONCE}",
    Action.WITHDRAW: "Withdrew the request",
    Action.REQUEST_INFORMATION: "Asked for more information",
    Action.ANSWER: "Answered",
    Action.APPROVE: "Approved",
    Action.REJECT: "Did not approve",
    Action.CANCEL: "Cancelled the leave",
    Action.UPDATE: "Updated the request",
    Action.PROPOSE_CHANGE: "Asked for a change",
    Action.APPLY_CHANGE: f"Changed the leave; the change was {APPROVED_AT_ONCE}",
    Action.APPROVE_CHANGE: "Approved the change",
    Action.REJECT_CHANGE: "Did not approve the change",
    Action.GRANT_EXTRA_DAYS: "Granted extra days",
    "viewed_details": "Viewed the details",
    LISTED_BY_EVENT: "Saw this request in the list of requests for its event",
    DOCUMENT_ADDED: "Added a document",
    DOCUMENT_REQUESTED: "Asked for a document",
    DOCUMENT_DOWNLOADED: "Downloaded a document",
}
HR_ACTION_WORDS = {
    **ACTION_WORDS,
    Action.SAVE_DRAFT: "Saved a draft",
    Action.SUBMIT: "Sent the request",
    Action.APPROVE_ON_SUBMISSION: f"Sent the request; {APPROVED_AT_ONCE}",
    UPDATED_AND_APPROVED: f"Updated the request; {APPROVED_AT_ONCE}",
    Action.REJECT: "Rejected",
    Action.PROPOSE_CHANGE: "Asked to change the leave",
    Action.APPLY_CHANGE: f"Changed the leave; {APPROVED_AT_ONCE}",
    Action.REJECT_CHANGE: "Rejected the change",
    "viewed_details": "Opened the details",
    LISTED_BY_EVENT: "Listed it by filtering the queue by event",
}


def status_label(state: str | None) -> str:
    """"Approved, change pending": a request's state in words."""
    return STATUS_LABELS.get(state, state or "")


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@dataclass(frozen=True)
class EntitlementView:
    """A stored or proposed entitlement (Entitlement.as_dict) with real dates for the page."""

    start: date | None
    end: date | None
    return_date: date | None
    leave_days: int
    company_days: int
    grants: tuple[tuple[str, int], ...]
    explanation: tuple[str, ...]
    phased_return: tuple[date, date, int] | None
    policy: str

    @classmethod
    def of(cls, stored: dict, grant_labels: Mapping[str, str] = GRANT_LABELS) -> EntitlementView:
        phased = stored.get("phased_return")
        return cls(
            start=_day(stored.get("start")),
            end=_day(stored.get("end")),
            return_date=_day(stored.get("return_date")),
            leave_days=stored.get("leave_days", 0),
            company_days=stored.get("company_days", 0),
            grants=tuple(
                (grant_labels.get(grant["kind"], grant["kind"]), grant["days"])
                for grant in stored.get("grants", ())
            ),
            explanation=tuple(stored.get("explanation", ())),
            phased_return=(
                (_day(phased["start"]), _day(phased["end"]), phased["work_days_per_week"])
                if phased else None
            ),
            policy=stored.get("policy", ""),
        )


@dataclass(frozen=True)
class PlanView:
    """The plan: its blocks, first and last day, return date, and the entitlement behind it."""

    blocks: tuple[tuple[date, date], ...]
    start: date
    end: date
    return_date: date
    entitlement: EntitlementView
    approved_on_submission: bool = False

    @property
    def leave_days(self) -> int:
        """The days this plan takes, which may be fewer than the longest leave (POLICY §4)."""
        return sum((end - start).days + 1 for start, end in self.blocks)

    @property
    def company_days_taken(self) -> int:
        """Company-paid days are used first."""
        return min(self.entitlement.company_days, self.leave_days)

    @property
    def phased_return(self) -> tuple[date, date, int] | None:
        """The phased return starts on this plan's return date, whenever that is."""
        phased = self.entitlement.phased_return
        if phased is None:
            return None
        start, end, days_a_week = phased
        return self.return_date, self.return_date + (end - start), days_a_week


def stored_plan(leave_request: LeaveRequest) -> PlanView:
    return PlanView(
        blocks=tuple((block.start, block.end) for block in leave_request.blocks),
        start=leave_request.start,
        end=leave_request.end,
        return_date=leave_request.return_date,
        entitlement=EntitlementView.of(leave_request.details.entitlement),
    )


def proposal_view(proposal: Proposal) -> PlanView:
    return PlanView(
        blocks=tuple((block.start, block.end) for block in proposal.blocks),
        start=proposal.blocks[0].start,
        end=proposal.end,
        return_date=proposal.return_date,
        entitlement=EntitlementView.of(proposal.entitlement.as_dict()),
        approved_on_submission=proposal.entitlement.approved_on_submission,
    )


# -- The history ----------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRow:
    when: str
    when_iso: str
    who: str
    what: str
    from_status: str
    to_status: str
    note: str


def history(
    leave_request: LeaveRequest, *, timezone: str, words: Mapping[str, str] = ACTION_WORDS,
    you: int | None = None,
) -> list[HistoryRow]:
    """The request's events in words, at the viewer's local time; `you` is the person whose own
    steps read "You" (the employee on their own page), or None to name everyone."""
    rows = []
    for event in leave_request.history:
        if you is not None and event.actor_id == you:
            who = "You"
        else:
            who = event.actor.name if event.actor else "The portal"
        action = event.action
        if action == Action.APPROVE_ON_SUBMISSION and event.from_status in OPEN:
            action = UPDATED_AND_APPROVED
        rows.append(HistoryRow(
            when=local_time(event.created_at, timezone),
            when_iso=local_iso(event.created_at, timezone),
            who=who,
            what=words.get(action, action.replace("_", " ").capitalize()),
            from_status=status_label(event.from_status) if event.from_status else "",
            to_status=status_label(event.to_status) if event.to_status else "",
            note=event.note,
        ))
    return rows


# -- A pending change -----------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeRow:
    """One line of a pending change: what it is now and what it would become, in words."""

    label: str
    now: str
    proposed: str

    @property
    def changed(self) -> bool:
        return self.now != self.proposed


def change_name(revision: RequestRevision) -> str:
    return CHANGE_WORDS.get(revision.kind, "A change")


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def pending_difference(
    leave_request: LeaveRequest, revision: RequestRevision, *, whole_case: bool = False
) -> list[ChangeRow]:
    """The dates a pending change would move. HR (`whole_case`) also sees the case answers and
    the company leave; the employee, who gave those answers, sees the dates of their leave."""
    details, case = leave_request.details, input_of_revision(revision)
    proposed = EntitlementView.of(revision.entitlement)
    blocks = revision_blocks(revision)
    first, last = blocks[0].start, blocks[-1].end
    if not whole_case:
        return [
            ChangeRow("First day of leave", long_date(leave_request.start), long_date(first)),
            ChangeRow("Last day of leave", long_date(leave_request.end), long_date(last)),
            ChangeRow("Back at work", long_date(leave_request.return_date),
                      long_date(proposed.return_date)),
        ]
    return [
        ChangeRow("Event", EVENT_NAMES.get(details.event, details.event),
                  EVENT_NAMES.get(case.event, case.event)),
        ChangeRow("Event date", long_date(details.event_date), long_date(case.event_date)),
        ChangeRow("Expected date", long_date(details.expected_date),
                  long_date(case.expected_date)),
        ChangeRow("Days in neonatal care", _count(details.nicu_days), _count(case.nicu_days)),
        ChangeRow("Completed weeks of pregnancy", _count(details.gestation_weeks),
                  _count(case.gestation_weeks)),
        ChangeRow("First day", long_date(leave_request.start), long_date(first)),
        ChangeRow("Last day", long_date(leave_request.end), long_date(last)),
        ChangeRow("Back at work", long_date(leave_request.return_date),
                  long_date(proposed.return_date)),
        ChangeRow("Company leave", weeks_and_days(details.entitlement.get("company_days", 0)),
                  weeks_and_days(proposed.company_days)),
    ]


# -- One leave at a time --------------------------------------------------------------------


@dataclass(frozen=True)
class OverlapNotice:
    """Why leave was refused: the other request in words, and the link to it."""

    text: str
    link: str
    link_text: str


def _holds(other: OtherLeave) -> str:
    dates = f"from {long_date(other.start)} to {long_date(other.end)}"
    if other.state in (Status.APPROVED, CHANGE_PENDING):
        return f"approved leave {dates}"
    return f"request for leave {dates}, which HR has yet to decide"


def overlap_for_employee(other: OtherLeave) -> OverlapNotice:
    return OverlapNotice(
        text=f"This leave shares days with your {_holds(other)}. You can take one leave at a "
             "time, so please change the dates here, or change or withdraw that request first. "
             "Nothing has been saved or sent.",
        link=url_for("leave.show_request", request_id=other.request_id),
        link_text="Open that request",
    )


def overlap_for_hr(other: OtherLeave, name: str) -> OverlapNotice:
    return OverlapNotice(
        text=f"This leave shares days with {name}'s {_holds(other)}. A person takes one leave "
             "at a time, so it cannot be approved as it stands; nothing was changed.",
        link=url_for("hr.show_request", request_id=other.request_id),
        link_text="Open that request",
    )


@dataclass(frozen=True)
class OtherRequestRow:
    """Another request of the same person, as HR's page lists it."""

    request_id: int
    state: str
    label: str
    start: date
    end: date
    shares_days: bool  # open or approved, with days between this request's first and last


def other_request_rows(leave_request: LeaveRequest, others: list[LeaveRequest]
                       ) -> list[OtherRequestRow]:
    rows = []
    for other in others:
        current = state(other)
        rows.append(OtherRequestRow(
            request_id=other.id, state=current, label=status_label(current),
            start=other.start, end=other.end,
            shares_days=current in HOLDING_STATES
            and other.start <= leave_request.end and leave_request.start <= other.end,
        ))
    return rows
