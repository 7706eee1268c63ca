"""Database tables: columns, relations, constraints and indexes, nothing else."""

from __future__ import annotations

from datetime import UTC, date, datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.types import DateTime, TypeDecorator

from portal.extensions import db


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
    password_hash: Mapped[str] = mapped_column(String(255))
    is_hr: Mapped[bool] = mapped_column(default=False)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("employee.id"), index=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id"), index=True)
    timezone: Mapped[str] = mapped_column(String(64))
    hire_date: Mapped[date | None]
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    location: Mapped[Location] = relationship(back_populates="employees")
    manager: Mapped[Employee | None] = relationship(
        remote_side=[id], back_populates="reports"
    )
    reports: Mapped[list[Employee]] = relationship(back_populates="manager")

    __table_args__ = (CheckConstraint("email = lower(email)", name="email_lower"),)

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
