"""What calendar feeds are built from and kept in."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.models.base import UTCDateTime, utcnow


class LeaveVersion(db.Model):
    """One row counting the changes to what calendar feeds show (leave, plans, and the names,
    teams and settings of people): bumped in the transaction that makes the change, so a feed
    built at an older count is out of date (portal/services/feeds.py)."""

    id: Mapped[int] = mapped_column(primary_key=True)  # always 1
    number: Mapped[int] = mapped_column(default=0)


class FeedCache(db.Model):
    """A calendar feed as last built, for one feed and whose leave it holds (never a token),
    and the window of days and the LeaveVersion it was built at; plain and gzipped."""

    # "team:42:2026-03-01": the feed, its scope and the first day of its window.
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    # "team:42": the same feed on other days, pruned when a newer window is built.
    scope: Mapped[str] = mapped_column(String(80), index=True)
    window_start: Mapped[date]
    leave_version: Mapped[int]
    etag: Mapped[str] = mapped_column(String(64))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    body_gzip: Mapped[bytes] = mapped_column(LargeBinary)
    # When the body last changed (Last-Modified), and when it was last built.
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
