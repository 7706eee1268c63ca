"""The outbox of notification emails."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.base import UTCDateTime, utcnow


class OutboxMessage(db.Model):
    """An email written in the same transaction as the change that caused it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    # When the failures began (cleared when HR sends it again): the clock for giving up.
    failing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set aside after MAIL_GIVE_UP_AFTER_DAYS of failures; HR sees it and may send it again.
    given_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Which sender run is sending it, and until when: a sender that dies loses it then.
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
