"""How a leave request reads on a page: its entitlement and plan with real dates, its history in
words and the viewer's time zone, and what a pending change would make different.

The employee's pages and HR's pages share these helpers; where they word a thing differently on
purpose, the two wordings stand side by side here and the view says which one it wants.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from flask import url_for
from flask_babel import gettext as _

from portal.domain.documents import DOCUMENT_ADDED, DOCUMENT_DOWNLOADED, DOCUMENT_REQUESTED
from portal.domain.overlaps import HOLDING_STATES, OtherLeave
from portal.domain.policy import load_policy_book
from portal.domain.workflow import CHANGE_PENDING, OPEN, STATUS_LABELS, Action, Status
from portal.formatting import local_iso, local_time, long_date, reader_locale, weeks_and_days
from portal.i18n import N_
from portal.models import LeaveRequest, RequestRevision
from portal.records import input_of_revision, revision_blocks
from portal.services.requests import Proposal, state
from portal.wording.life_event_notes import life_event_note

# The tables below hold English msgids (marked with N_); the helpers here translate them with
# `_()` when a page is made, and so must any other reader.


GRANT_LABELS = {
    "parental": N_("Parental leave"),
    "nicu": N_("Neonatal care leave"),
    "pregnancy_loss": N_("Pregnancy loss leave"),
    "phased_return": N_("Phased return"),
}
# HR reads the abbreviation it works with every day.
HR_GRANT_LABELS = {**GRANT_LABELS, "nicu": N_("Neonatal care (NICU) leave")}

EVENT_NAMES = {
    "birth": N_("Birth"),
    "adoption": N_("Adoption"),
    "surrogacy": N_("Surrogacy"),
    "pregnancy_loss": N_("Pregnancy loss"),
}
CHANGE_WORDS = {
    "birth": N_("The baby has arrived"),
    "neonatal_care": N_("Neonatal care"),
    "pregnancy_loss": N_("Pregnancy loss"),
}

# The history in words. The employee reads about their own request ("You: Submitted"); HR reads
# what each person did to it ("Erin Employee: Sent the request"). A step the policy approves at
# once is the employee's sending or changing, and the policy's approval, never theirs.
# A pregnancy loss that turns a request HR has yet to decide into approved leave.
UPDATED_AND_APPROVED = "approve_on_update"
LISTED_BY_EVENT = "listed_by_event"
ACTION_WORDS = {
    Action.SAVE_DRAFT: N_("Saved as a draft"),
    Action.SUBMIT: N_("Submitted"),
    Action.APPROVE_ON_SUBMISSION: N_(
        "Sent the request; it was approved straight away, as the policy says"
    ),
    UPDATED_AND_APPROVED: N_(
        "Updated the request; it was approved straight away, as the policy says"
    ),
    Action.WITHDRAW: N_("Withdrew the request"),
    Action.REQUEST_INFORMATION: N_("Asked for more information"),
    Action.ANSWER: N_("Answered"),
    Action.APPROVE: N_("Approved"),
    Action.REJECT: N_("Did not approve"),
    Action.CANCEL: N_("Cancelled the leave"),
    Action.UPDATE: N_("Updated the request"),
    Action.PROPOSE_CHANGE: N_("Asked for a change"),
    Action.APPLY_CHANGE: N_(
        "Changed the leave; the change was approved straight away, as the policy says"
    ),
    Action.APPROVE_CHANGE: N_("Approved the change"),
    Action.REJECT_CHANGE: N_("Did not approve the change"),
    Action.WITHDRAW_CHANGE: N_("Withdrew the change"),
    Action.GRANT_EXTRA_DAYS: N_("Granted extra days"),
    "viewed_details": N_("Viewed the details"),
    LISTED_BY_EVENT: N_("Saw this request in the list of requests for its event"),
    DOCUMENT_ADDED: N_("Added a document"),
    DOCUMENT_REQUESTED: N_("Asked for a document"),
    DOCUMENT_DOWNLOADED: N_("Downloaded a document"),
}
HR_ACTION_WORDS = {
    **ACTION_WORDS,
    Action.SAVE_DRAFT: N_("Saved a draft"),
    Action.SUBMIT: N_("Sent the request"),
    Action.APPROVE_ON_SUBMISSION: N_(
        "Sent the request; approved straight away, as the policy says"
    ),
    UPDATED_AND_APPROVED: N_("Updated the request; approved straight away, as the policy says"),
    Action.REJECT: N_("Rejected"),
    Action.PROPOSE_CHANGE: N_("Asked to change the leave"),
    Action.APPLY_CHANGE: N_("Changed the leave; approved straight away, as the policy says"),
    Action.REJECT_CHANGE: N_("Rejected the change"),
    "viewed_details": N_("Opened the details"),
    LISTED_BY_EVENT: N_("Listed it by filtering the queue by event"),
}


def _status_words() -> dict[str, str]:
    """workflow.STATUS_LABELS in the reader's language (the domain keeps the English)."""
    return {
        Status.DRAFT: _("Draft"),
        Status.SUBMITTED: _("Submitted"),
        Status.INFORMATION_REQUESTED: _("Information requested"),
        Status.APPROVED: _("Approved"),
        Status.REJECTED: _("Rejected"),
        Status.WITHDRAWN: _("Withdrawn"),
        Status.CANCELLED: _("Cancelled"),
        CHANGE_PENDING: _("Approved, change pending"),
    }


def status_label(state: str | None) -> str:
    """"Approved, change pending": a request's state in words."""
    return _status_words().get(state) or STATUS_LABELS.get(state, state or "")


def policy_date(policy_id: str | None) -> str:
    """The day a company policy version took effect, written for the reader ("1 January
    2022"): pages name a version by it ("Company policy of 1 January 2022"), never by its id.
    Empty for an id the policy data no longer holds."""
    try:
        since = load_policy_book().company_policy(policy_id or "").effective_from
    except KeyError:
        return ""
    locale = reader_locale()
    if locale == "en" or locale.startswith("en_"):
        return format_date(since, "d MMMM y", locale="en")
    return format_date(since, "long", locale=locale)


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
    explanation: tuple  # explanation items as stored (dicts), or English lines of old requests
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
                (_(grant_labels[grant["kind"]]) if grant["kind"] in grant_labels
                 else grant["kind"], grant["days"])
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
            who = _("You")
        else:
            who = event.actor.name if event.actor else _("The portal")
        action = event.action
        if action == Action.APPROVE_ON_SUBMISSION and event.from_status in OPEN:
            action = UPDATED_AND_APPROVED
        rows.append(HistoryRow(
            when=local_time(event.created_at, timezone),
            when_iso=local_iso(event.created_at, timezone),
            who=who,
            what=_(words[action]) if action in words else action.replace("_", " ").capitalize(),
            from_status=status_label(event.from_status) if event.from_status else "",
            to_status=status_label(event.to_status) if event.to_status else "",
            note=life_event_note(event.note_data) if event.note_data else event.note,
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
    return _(CHANGE_WORDS[revision.kind]) if revision.kind in CHANGE_WORDS else _("A change")


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
            ChangeRow(_("First day of leave"), long_date(leave_request.start), long_date(first)),
            ChangeRow(_("Last day of leave"), long_date(leave_request.end), long_date(last)),
            ChangeRow(_("Back at work"), long_date(leave_request.return_date),
                      long_date(proposed.return_date)),
        ]
    return [
        ChangeRow(_("Event"), event_name(details.event), event_name(case.event)),
        ChangeRow(_("Event date"), long_date(details.event_date), long_date(case.event_date)),
        ChangeRow(_("Expected date"), long_date(details.expected_date),
                  long_date(case.expected_date)),
        ChangeRow(_("Days in neonatal care"), _count(details.nicu_days), _count(case.nicu_days)),
        ChangeRow(_("Completed weeks of pregnancy"), _count(details.gestation_weeks),
                  _count(case.gestation_weeks)),
        ChangeRow(_("First day"), long_date(leave_request.start), long_date(first)),
        ChangeRow(_("Last day"), long_date(leave_request.end), long_date(last)),
        ChangeRow(_("Back at work"), long_date(leave_request.return_date),
                  long_date(proposed.return_date)),
        ChangeRow(_("Company leave"), weeks_and_days(details.entitlement.get("company_days", 0)),
                  weeks_and_days(proposed.company_days)),
    ]


def event_name(event: str | None) -> str:
    """An event's name in the reader's language ("Birth"); an unknown one as it is stored."""
    return _(EVENT_NAMES[event]) if event in EVENT_NAMES else event or ""


# -- One leave at a time --------------------------------------------------------------------


@dataclass(frozen=True)
class OverlapNotice:
    """Why leave was refused: the other request in words, and the link to it."""

    text: str
    link: str
    link_text: str


def _approved(other: OtherLeave) -> bool:
    return other.state in (Status.APPROVED, CHANGE_PENDING)


def overlap_for_employee(other: OtherLeave) -> OverlapNotice:
    dates = dict(start=long_date(other.start), end=long_date(other.end))
    if _approved(other):
        shares = _("This leave shares days with your approved leave from %(start)s to %(end)s.",
                   **dates)
    else:
        shares = _(
            "This leave shares days with your request for leave from %(start)s to %(end)s, "
            "which HR has yet to decide.",
            **dates,
        )
    return OverlapNotice(
        text=shares + " " + _(
            "You can take one leave at a time, so please change the dates here, or change or "
            "withdraw that request first. Nothing has been saved or sent."
        ),
        link=url_for("leave.show_request", request_id=other.request_id),
        link_text=_("Open that request"),
    )


def overlap_for_hr(other: OtherLeave, name: str) -> OverlapNotice:
    dates = dict(name=name, start=long_date(other.start), end=long_date(other.end))
    if _approved(other):
        shares = _(
            "This leave shares days with %(name)s's approved leave from %(start)s to %(end)s.",
            **dates,
        )
    else:
        shares = _(
            "This leave shares days with %(name)s's request for leave from %(start)s to "
            "%(end)s, which HR has yet to decide.",
            **dates,
        )
    return OverlapNotice(
        text=shares + " " + _(
            "A person takes one leave at a time, so it cannot be approved as it stands; "
            "nothing was changed."
        ),
        link=url_for("hr.show_request", request_id=other.request_id),
        link_text=_("Open that request"),
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
