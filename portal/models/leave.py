"""Leave requests: the request, its case, its plan, its changes and its history."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from portal.models.people import Employee


class LeaveRequest(db.Model):
    """One life event's leave for one employee: status and the dates of the plan in force.

    Only what a team calendar may show lives here; the case behind it is in RequestDetails.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    change_pending: Mapped[bool] = mapped_column(default=False)
    start: Mapped[date]
    end: Mapped[date]
    return_date: Mapped[date]
    policy_id: Mapped[str] = mapped_column(String(60))
    # The form's one-time key: a double click or a retried POST finds the request it made.
    submission_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    employee: Mapped[Employee] = relationship()
    details: Mapped[RequestDetails] = relationship(
        back_populates="request", cascade="all, delete-orphan"
    )
    blocks: Mapped[list[PlanBlock]] = relationship(
        order_by="PlanBlock.start", cascade="all, delete-orphan"
    )
    # The default cascade adds new events; none is ever updated or deleted (see the listener).
    history: Mapped[list[RequestEvent]] = relationship(order_by="RequestEvent.id")
    revisions: Mapped[list[RequestRevision]] = relationship(
        order_by="RequestRevision.id", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("employee_id", "submission_key"),
        Index("ix_leave_request_dates", "start", "end"),
        # The approved plans in force in a period (the API's leave periods and payroll).
        Index("ix_leave_request_in_force", "status", "return_date", "start", "end"),
    )
    __mapper_args__ = {"version_id_col": version}


class RequestDetails(db.Model):
    """The case behind a request and its computed entitlement: the employee and HR only."""

    request_id: Mapped[int] = mapped_column(
        ForeignKey("leave_request.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20))
    event: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[date]
    expected_date: Mapped[date | None]
    event_has_happened: Mapped[bool] = mapped_column(default=False)
    nicu_days: Mapped[int] = mapped_column(default=0)
    gestation_weeks: Mapped[int | None]
    babies: Mapped[int] = mapped_column(default=1)
    child_number: Mapped[int] = mapped_column(default=1)
    note_to_hr: Mapped[str] = mapped_column(Text, default="")
    entitlement: Mapped[dict] = mapped_column(JSON)
    # The entitlement's figures the pay split reads (domain.pay_kinds.pay_figures), as columns:
    # payroll and the API select plans by them without reading the JSON of each.
    company_days: Mapped[int] = mapped_column(default=0)
    statutory_end: Mapped[date | None]
    phased_return_days: Mapped[int] = mapped_column(default=0)
    extra_days: Mapped[int] = mapped_column(default=0)
    extra_days_reason: Mapped[str] = mapped_column(Text, default="")
    extra_days_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))

    request: Mapped[LeaveRequest] = relationship(back_populates="details")
    extra_days_by: Mapped[Employee | None] = relationship()


class PlanBlock(db.Model):
    """A block of the plan in force, both days included."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("leave_request.id", ondelete="CASCADE"), index=True
    )
    start: Mapped[date]
    end: Mapped[date]


class RequestRevision(db.Model):
    """A change to a request (birth, neonatal care, loss): the proposed case, plan and result.

    Pending until HR decides, unless approved on submission (POLICY §3); sensitive, like details.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("leave_request.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16))
    case: Mapped[dict] = mapped_column(JSON)
    entitlement: Mapped[dict] = mapped_column(JSON)
    blocks: Mapped[list] = mapped_column(JSON)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RequestEvent(db.Model):
    """The append-only history: who did what, from which status to which, when, with a note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        ForeignKey("leave_request.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    action: Mapped[str] = mapped_column(String(40))
    from_status: Mapped[str | None] = mapped_column(String(32))
    to_status: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str] = mapped_column(Text, default="")
    # What a life event did (portal/domain/life_event_notes.py), worded where it is shown.
    note_data: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[Employee | None] = relationship()
