"""The API's call log: who called which route, when, and how it was answered (never bodies)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.base import UTCDateTime, utcnow


class ApiCall(db.Model):
    """One call to /api/v1: the token (None when it had no live token), the method, the route
    as declared (`/api/v1/people`, never the query or an id), the status and the time."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_id: Mapped[int | None] = mapped_column(
        ForeignKey("integration_token.id", ondelete="SET NULL")
    )
    token_name: Mapped[str | None] = mapped_column(String(100))
    method: Mapped[str] = mapped_column(String(10))
    route: Mapped[str] = mapped_column(String(200))
    status: Mapped[int]
    duration_ms: Mapped[int] = mapped_column(default=0)
    called_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_api_call_token_time", "token_id", "called_at"),)
