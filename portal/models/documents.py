"""Documents: files kept for a leave request or a benefit claim (the file itself in the store)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import UTCDateTime, utcnow

if TYPE_CHECKING:
    from portal.models.leave import LeaveRequest
    from portal.models.people import Employee


class Document(db.Model):
    """One file: whose it is (the person who may see it besides HR), what it belongs to, where
    it is stored (a random key) and the name it had, kept only as text.

    Released when the draft it belonged to is deleted or its claim withdrawn; purged (the
    stored file deleted, this row kept) once released longer than the retention period.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(ForeignKey("employee.id"), index=True)
    leave_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("leave_request.id", ondelete="SET NULL"), index=True
    )
    # SET NULL: deleting a draft claim keeps its documents (released) until they are purged.
    claim_id: Mapped[int | None] = mapped_column(
        ForeignKey("benefit_claim.id", ondelete="SET NULL"), index=True
    )
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    original_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("employee.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employee: Mapped[Employee] = relationship(foreign_keys=[employee_id])
    uploaded_by: Mapped[Employee] = relationship(foreign_keys=[uploaded_by_id])
    leave_request: Mapped[LeaveRequest | None] = relationship()
