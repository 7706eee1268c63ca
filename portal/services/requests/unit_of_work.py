"""The unit of work: one change to a request, its history and its mail, committed together or
not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from portal.domain.errors import StaleRequest
from portal.domain.workflow import Action, Audience
from portal.extensions import db
from portal.i18n import N_
from portal.models import LeaveRequest
from portal.services import notifications
from portal.services.notifications import ManagerNews
from portal.services.webhooks import events as webhook_events

STALE_MESSAGE = N_(
    "This request changed since you opened it, so nothing was saved. "
    "Here it is as it stands now."
)


def _dates(request: LeaveRequest | None) -> tuple | None:
    return None if request is None else (request.start, request.end, request.return_date)


@dataclass(frozen=True)
class _Announcement:
    request: LeaveRequest
    action: Action
    audiences: frozenset[Audience]
    before: str
    manager_news: ManagerNews


@dataclass
class UnitOfWork:
    """What one change will announce. The moves' emails are written last, from the final state,
    so they carry the new dates and a manager hears of a change only when the dates moved."""

    dates_before: tuple | None
    announcements: list[_Announcement] = field(default_factory=list)

    def announce(self, request: LeaveRequest, action: Action, audiences: frozenset[Audience],
                 before: str, manager_news: ManagerNews = ManagerNews.AS_USUAL) -> None:
        self.announcements.append(_Announcement(request, action, audiences, before, manager_news))

    def _write_mail(self) -> None:
        for said in self.announcements:
            notifications.announce(
                said.request, said.action, said.audiences, said.before,
                dates_changed=_dates(said.request) != self.dates_before,
                manager_news=said.manager_news,
            )
            webhook_events.leave_moved(said.request, said.action, said.before,
                                       dates_changed=_dates(said.request) != self.dates_before)


@contextmanager
def unit_of_work(request: LeaveRequest | None = None) -> Iterator[UnitOfWork]:
    """Commit everything the block did, or nothing: a refused or raced change leaves no trace.
    The version check can fire at any flush (a query autoflushes), so it is caught here."""
    work = UnitOfWork(_dates(request))
    try:
        yield work
        work._write_mail()
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleRequest(_(STALE_MESSAGE)) from None
    except BaseException:
        db.session.rollback()
        raise


def fresh(request: LeaveRequest, version: int) -> None:
    """Refuse a change made from an older version of the request than the one stored."""
    if request.version != version:
        raise StaleRequest(_(STALE_MESSAGE))
