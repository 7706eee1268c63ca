"""Database tables: columns, relations, constraints and indexes, nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import DateTime, TypeDecorator

from portal.extensions import db

# The largest value of an INTEGER column, as every id here is (PostgreSQL refuses a larger one
# with an error; SQLite and Python would take it, and find nothing).
INTEGER_MAX = 2**31 - 1


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend (SQLite keeps no offset)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("timestamps must be timezone-aware")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Location(db.Model):
    """A work location: where public holidays and the working week come from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    subdivision: Mapped[str | None] = mapped_column(String(10))
    timezone: Mapped[str] = mapped_column(String(64))
    # ISO weekdays off, Monday=0, as digits: "56" is Saturday and Sunday.
    weekend_days: Mapped[str] = mapped_column(String(7), default="56")

    employees: Mapped[list[Employee]] = relationship(back_populates="location")

    __table_args__ = (CheckConstraint("country = upper(country)", name="country_upper"),)

    @property
    def weekend(self) -> frozenset[int]:
        return frozenset(int(day) for day in self.weekend_days)

    @property
    def jurisdiction(self) -> str:
        return f"{self.country}-{self.subdivision}" if self.subdivision else self.country


class Employee(UserMixin, db.Model):
    """A person who works here; HR by flag, manager by having reports."""

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    # None until the person chooses a password through an invitation link.
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_hr: Mapped[bool] = mapped_column(default=False)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    hire_date: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Settings: what colleagues' calendars call this person's leave, and the private feed.
    show_as_out_of_office: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The SHA-256 of the secret in the person's feed links (the links are shown once, when made).
    feed_token_digest: Mapped[str | None] = mapped_column("feed_token", String(64), unique=True)

    location: Mapped[Location] = relationship(back_populates="employees")
    manager: Mapped[Employee | None] = relationship(
        remote_side=[id], back_populates="reports"
    )
    reports: Mapped[list[Employee]] = relationship(back_populates="manager")

    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower"),
        # The organisation calendar pages through active people by name.
        Index("ix_employee_active_name", "active", "name"),
    )

    # The server-side session this request signed in with; Flask-Login stores it in the cookie.
    auth_token = None

    def get_id(self) -> str | None:
        return self.auth_token


class AuthSession(db.Model):
    """A signed-in browser; deleting the row signs it out everywhere it was copied."""

    # SHA-256 of the token in the cookie, so a database read alone cannot sign anyone in.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    employee: Mapped[Employee] = relationship()


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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[Employee | None] = relationship()


class PersonChange(db.Model):
    """The append-only history of a person's record: who changed which field, from what to what.

    `source` says how (HR on a page, an import, the identity provider); `source_name` names the
    file or the provisioning token where there is one. Values are kept as a person reads them.
    """

    id: Mapped[int] = mapped_column(primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"))
    source: Mapped[str] = mapped_column(String(20))
    source_name: Mapped[str] = mapped_column(String(200), default="")
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    actor: Mapped[Employee | None] = relationship(foreign_keys=[actor_id])


class AccountLink(db.Model):
    """A link sent by email that lets a person choose a password: an invitation or a reset.

    Only the SHA-256 of the token is stored; a link works once, until `expires_at`.
    """

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employee.id", ondelete="CASCADE"), index=True
    )
    purpose: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employee: Mapped[Employee] = relationship()


class PeopleImport(db.Model):
    """A CSV file HR has checked and may now import: kept between "Check file" and "Import",
    so the file is applied exactly as it was checked. Deleted once imported."""

    # A random token in the Import form; only the HR person who checked the file may use it.
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("employee.id", ondelete="CASCADE"))
    filename: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


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


@event.listens_for(RequestEvent, "before_update")
@event.listens_for(RequestEvent, "before_delete")
@event.listens_for(PersonChange, "before_update")
@event.listens_for(PersonChange, "before_delete")
def _history_is_append_only(_mapper, _connection, target: RequestEvent | PersonChange) -> None:
    raise ValueError(f"history is append-only ({type(target).__name__} {target.id})")
