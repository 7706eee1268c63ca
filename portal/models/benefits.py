"""Family benefits: claims against a programme, their append-only history, exchange rates."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import BigInteger, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from portal.models.people import Employee


class BenefitClaim(db.Model):
    """One expense claimed under a programme, for one journey (an adoption, a surrogacy).

    Money is whole minor units of its currency: `amount_minor` in the claim's `currency`,
    `approved_minor` in the programme's (`approved_currency`). The employee and HR only.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    programme_id: Mapped[str] = mapped_column(String(60), index=True)
    journey_kind: Mapped[str] = mapped_column(String(20))
    # The employee's own name for the journey; several claims with one label are one journey.
    journey_label: Mapped[str] = mapped_column(String(120))
    expense_kind: Mapped[str] = mapped_column(String(40))
    amount_minor: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    expense_date: Mapped[date]
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), index=True)
    approved_minor: Mapped[int | None] = mapped_column(BigInteger)
    approved_currency: Mapped[str | None] = mapped_column(String(3))
    # The rate HR approved with: units of approved_currency per unit of currency, as text
    # (exact Decimal on every database), the day of the rates it came from, and "ECB"/"typed".
    rate_used: Mapped[str | None] = mapped_column(String(40))
    rate_date: Mapped[date | None]
    rate_source: Mapped[str | None] = mapped_column(String(10))
    payment_reference: Mapped[str] = mapped_column(String(120), default="")
    # What the employee reads from HR: the reason for a rejection, or HR's question.
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    decided_by: Mapped[Employee | None] = relationship(foreign_keys=[decided_by_id])
    # The default cascade adds new events; none is ever updated or deleted (see the listener).
    history: Mapped[list[ClaimEvent]] = relationship(order_by="ClaimEvent.id")

    __table_args__ = (Index("ix_benefit_claim_person_programme", "employee_id", "programme_id"),)
    __mapper_args__ = {"version_id_col": version}


class ClaimEvent(db.Model):
    """The append-only history of a claim: who did what, when, with a note."""

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("benefit_claim.id"), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    action: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[Employee | None] = relationship()


class ExchangeRate(db.Model):
    """Units of a currency per euro on a day: from the ECB's reference rates, or typed by HR."""

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date]
    currency: Mapped[str] = mapped_column(String(3))
    # A Decimal as text: exact on every database.
    per_euro: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(10))
    loaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (UniqueConstraint("day", "currency"),)
