"""People and their accounts: locations, employees, sessions, links, the person history."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, false, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.models.base import UTCDateTime, utcnow


class Location(db.Model):
    """A work location: where public holidays and the working week come from."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    country: Mapped[str] = mapped_column(String(2))
    subdivision: Mapped[str | None] = mapped_column(String(40))
    timezone: Mapped[str] = mapped_column(String(64))
    # ISO weekdays off, Monday=0, as digits: "56" is Saturday and Sunday.
    weekend_days: Mapped[str] = mapped_column(String(7), default="56")
    # Where provisioning puts a person whose work address matches no location (one at most).
    is_default: Mapped[bool] = mapped_column(default=False, server_default=false())

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
    # With OIDC_ONLY, only the people HR marks here may still sign in with a password (HR's
    # way in when the identity provider is down).
    # The language pages and emails are written in (portal/i18n.py); None: the browser's.
    language: Mapped[str | None] = mapped_column(String(8))
    may_use_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Provisioning (SCIM): the identity provider's login name for the person, kept as given; a
    # person is a SCIM resource while it is set (a SCIM DELETE clears it and deactivates them).
    scim_user_name: Mapped[str | None] = mapped_column(String(255), unique=True)
    scim_external_id: Mapped[str | None] = mapped_column(String(255))
    # The work address the identity provider sent (country, region, locality), read back as sent.
    scim_address: Mapped[dict | None] = mapped_column(JSON)
    # Provisioned with a work address that matches no location: placed at the default location
    # until HR chooses (the People page lists them).
    location_to_check: Mapped[bool] = mapped_column(
        default=False, server_default=false(), index=True
    )

    location: Mapped[Location] = relationship(back_populates="employees")
    manager: Mapped[Employee | None] = relationship(
        remote_side=[id], back_populates="reports"
    )
    reports: Mapped[list[Employee]] = relationship(back_populates="manager")

    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower"),
        # The organisation calendar pages through active people by name.
        Index("ix_employee_active_name", "active", "name"),
        # SCIM's userName is not case-exact: "A" and "a" are one name, and `userName eq` filters
        # compare lower-cased names.
        Index("uq_employee_scim_user_name_lower", func.lower(scim_user_name), unique=True),
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
