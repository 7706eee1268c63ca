"""Private calendar feeds: whose leave a feed token may see, as one event per block of a plan.

The token in the address is the only credential. Labels come from `domain.disclosure` alone,
and only `LeaveRequest`, `PlanBlock` and `Employee` are read: never the sensitive tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, and_, select, true

from portal.domain.disclosure import Viewer, leave_label
from portal.domain.workflow import OPEN, Status
from portal.extensions import db
from portal.models import Employee, LeaveRequest, PlanBlock
from portal.services.accounts import everyone_below, roles_of, today_for
from portal.services.settings import FEED_NAMES, Feed

# What a calendar app keeps in view: the past year, and the next year and a half.
MONTHS_BACK = 12
MONTHS_AHEAD = 18
# Approved (with or without a change waiting for HR) and pending; never drafts or closed ones.
SHOWN = frozenset({Status.APPROVED, *OPEN})
VIEWERS = {Feed.MINE: Viewer.SELF, Feed.TEAM: Viewer.MANAGER, Feed.ORGANISATION: Viewer.HR}
UID_DOMAIN = "parental-leave-portal"


@dataclass(frozen=True)
class FeedEvent:
    uid: str
    summary: str
    start: date
    end: date  # the last day away, included
    tentative: bool
    stamp: datetime  # the request's last change, in UTC


@dataclass(frozen=True)
class FeedContent:
    name: str
    events: tuple[FeedEvent, ...]


def event_uid(request_id: int, block_index: int) -> str:
    """The request and the block's place in its plan: not the token (a new link must not
    duplicate events) and not the block's row id (every plan change writes new rows)."""
    return f"leave-{request_id}-{block_index}@{UID_DOMAIN}"


def feed_owner(token: str) -> Employee | None:
    """The active person this feed token belongs to; a replaced token belongs to nobody."""
    return db.session.scalar(
        select(Employee).where(Employee.feed_token == token, Employee.active)
    )


def _scope(owner: Employee, feed: Feed) -> ColumnElement[bool] | None:
    """Whose leave this feed holds, or None when the owner may not have this feed."""
    if feed == Feed.MINE:
        return LeaveRequest.employee_id == owner.id
    if feed == Feed.TEAM:
        if not roles_of(owner).manager:
            return None
        return and_(LeaveRequest.employee_id.in_(everyone_below(owner.id)), Employee.active)
    return true() if owner.is_hr else None


def feed_content(token: str, feed: Feed, today: date | None = None) -> FeedContent | None:
    """The events of this feed, or None for an unknown token or a feed its owner may not have."""
    owner = feed_owner(token)
    if owner is None:
        return None
    scope = _scope(owner, feed)
    if scope is None:
        return None
    today = today or today_for(owner)
    first = today - relativedelta(months=MONTHS_BACK)
    last = today + relativedelta(months=MONTHS_AHEAD)
    rows = db.session.execute(
        select(
            PlanBlock.request_id, PlanBlock.start, PlanBlock.end, LeaveRequest.status,
            LeaveRequest.updated_at, Employee.name, Employee.show_as_out_of_office,
        )
        .join(LeaveRequest, PlanBlock.request_id == LeaveRequest.id)
        .join(Employee, LeaveRequest.employee_id == Employee.id)
        .where(
            scope, Employee.active, LeaveRequest.status.in_(SHOWN),
            LeaveRequest.start <= last, LeaveRequest.end >= first,
        )
        .order_by(LeaveRequest.id, PlanBlock.start, PlanBlock.id)
    )
    viewer = VIEWERS[feed]
    events, index, previous = [], 0, None
    for request_id, start, end, status, updated_at, name, out_of_office in rows:
        # Count every block of the request, also those outside the window, so UIDs stay put.
        index = index + 1 if request_id == previous else 0
        previous = request_id
        if end < first or start > last:
            continue
        tentative = status in OPEN
        label = leave_label(viewer, out_of_office)
        events.append(FeedEvent(
            uid=event_uid(request_id, index),
            summary=f"{name}: {label}{' (pending)' if tentative else ''}",
            start=start, end=end, tentative=tentative, stamp=updated_at.astimezone(UTC),
        ))
    events.sort(key=lambda event: (event.start, event.summary, event.uid))
    return FeedContent(name=FEED_NAMES[feed], events=tuple(events))
