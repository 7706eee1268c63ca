"""Private calendar feeds: whose leave a feed token may see, as one event per block of a plan,
and each feed as last built, kept in the database until what feeds show changes.

The token in the address is the only credential. Labels come from `domain.disclosure` alone,
and only `LeaveRequest`, `PlanBlock` and `Employee` are read: never the sensitive tables.

A feed is built once per change, not once per fetch (issue 9: the organisation feed of 50,000
people took 4 s). Every transaction that changes leave, a plan, or a person's name, team,
activity or label bumps the one-row `LeaveVersion` (the session events at the bottom), and a
feed built at an older number is built again. The cache holds a feed per scope (whose leave:
one person, everyone below one manager, everyone) and window, never per token, and is built by
the same code for the same viewer as an uncached feed: it shows nothing the feed would not. It
lives in the database, so every process and machine shares it and a change seen by one is seen
by all.
"""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from sqlalchemy import ColumnElement, delete, event, inspect, select, true, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import ORMExecuteState, Session, joinedload

from portal.domain.disclosure import Viewer, leave_label
from portal.domain.workflow import OPEN, Status
from portal.extensions import db
from portal.models import Employee, FeedCache, LeaveRequest, LeaveVersion, PlanBlock
from portal.services.accounts import everyone_below, roles_of, today_for, token_digest
from portal.services.settings import FEED_NAMES, Feed

# What a calendar app keeps in view: the past year, and the next year and a half.
MONTHS_BACK = 12
MONTHS_AHEAD = 18
# Approved (with or without a change waiting for HR) and pending; never drafts or closed ones.
SHOWN = frozenset({Status.APPROVED, *OPEN})
VIEWERS = {Feed.MINE: Viewer.SELF, Feed.TEAM: Viewer.MANAGER, Feed.ORGANISATION: Viewer.HR}
UID_DOMAIN = "parental-leave-portal"
# settings.new_feed_token makes 43 of these; anything else is nobody's, without a query.
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
# Compressed once when built: a calendar app fetches the same bytes many times.
GZIP_LEVEL = 6
# People's "today" spans at most two dates at once across time zones: older windows go.
_KEEP_WINDOWS = timedelta(days=1)


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


@dataclass(frozen=True)
class CachedFeed:
    """A feed as built: its cache key, a validator of its bytes and when they last changed.
    The bytes come along when they were just built; otherwise `cached_body(key)` reads them."""

    key: str
    etag: str
    changed_at: datetime
    body: bytes | None = None
    body_gzip: bytes | None = None


def event_uid(request_id: int, block_index: int) -> str:
    """The request and the block's place in its plan: not the token (a new link must not
    duplicate events) and not the block's row id (every plan change writes new rows)."""
    return f"leave-{request_id}-{block_index}@{UID_DOMAIN}"


def feed_owner(token: str) -> Employee | None:
    """The active person this feed token belongs to; a replaced token belongs to nobody."""
    if not _TOKEN.fullmatch(token):
        return None
    return db.session.scalar(
        select(Employee).where(Employee.feed_token_digest == token_digest(token), Employee.active)
        .options(joinedload(Employee.location))  # their "today" is their location's
    )


def _scope(owner: Employee, feed: Feed) -> tuple[ColumnElement[bool], str] | None:
    """Whose leave this feed holds, as a condition and as a cache scope, or None when the owner
    may not have this feed."""
    if feed == Feed.MINE:
        return LeaveRequest.employee_id == owner.id, f"{feed}:{owner.id}"
    if feed == Feed.TEAM:
        if not roles_of(owner).manager:
            return None
        return LeaveRequest.employee_id.in_(everyone_below(owner.id)), f"{feed}:{owner.id}"
    return (true(), f"{feed}:all") if owner.is_hr else None


def window(today: date) -> tuple[date, date]:
    """The first and last day a feed shows, seen from this day."""
    return today - relativedelta(months=MONTHS_BACK), today + relativedelta(months=MONTHS_AHEAD)


def _events(scope: ColumnElement[bool], viewer: Viewer, first: date,
            last: date) -> tuple[FeedEvent, ...]:
    """One query of plain columns (no ORM objects: an organisation has tens of thousands)."""
    rows = db.session.execute(
        select(
            PlanBlock.request_id, PlanBlock.start, PlanBlock.end, LeaveRequest.status,
            LeaveRequest.updated_at, Employee.name, Employee.show_as_out_of_office,
        )
        .join(LeaveRequest, PlanBlock.request_id == LeaveRequest.id)
        .join(Employee, LeaveRequest.employee_id == Employee.id)
        .where(
            # "IS NOT false" (the column is NOT NULL): SQLite then starts from the leave, not
            # from every active person by an index on (active, name); 3 times faster at 50,000.
            scope, Employee.active.is_not(False), LeaveRequest.status.in_(SHOWN),
            LeaveRequest.start <= last, LeaveRequest.end >= first,
        )
        .order_by(LeaveRequest.id, PlanBlock.start, PlanBlock.id)
    )
    labels = {choice: leave_label(viewer, choice) for choice in (False, True)}
    events, index, previous = [], 0, None
    for request_id, start, end, status, updated_at, name, out_of_office in rows:
        # Count every block of the request, also those outside the window, so UIDs stay put.
        index = index + 1 if request_id == previous else 0
        previous = request_id
        if end < first or start > last:
            continue
        tentative = status in OPEN
        label = labels[bool(out_of_office)]
        events.append(FeedEvent(
            uid=event_uid(request_id, index),
            summary=f"{name}: {label}{' (pending)' if tentative else ''}",
            start=start, end=end, tentative=tentative, stamp=updated_at.astimezone(UTC),
        ))
    events.sort(key=lambda event: (event.start, event.summary, event.uid))
    return tuple(events)


def feed_content(token: str, feed: Feed, today: date | None = None) -> FeedContent | None:
    """The events of this feed, or None for an unknown token or a feed its owner may not have."""
    owner = feed_owner(token)
    if owner is None:
        return None
    scope = _scope(owner, feed)
    if scope is None:
        return None
    first, last = window(today or today_for(owner))
    return FeedContent(FEED_NAMES[feed], _events(scope[0], VIEWERS[feed], first, last))


def request_content(leave_request: LeaveRequest, name: str, summary: str,
                    pending_summary: str) -> FeedContent | None:
    """One's own request as calendar events ("Add to my calendar"): a block each, with the UIDs
    of the "My leave" feed, so a calendar that has both shows each block once. None for a draft
    or a request no longer in force: a calendar is for leave that is asked for or approved."""
    if leave_request.status not in SHOWN:
        return None
    tentative = leave_request.status in OPEN
    blocks = sorted(leave_request.blocks, key=lambda block: (block.start, block.id))
    stamp = leave_request.updated_at.astimezone(UTC)
    return FeedContent(name, tuple(
        FeedEvent(uid=event_uid(leave_request.id, index),
                  summary=pending_summary if tentative else summary, start=block.start,
                  end=block.end, tentative=tentative, stamp=stamp)
        for index, block in enumerate(blocks)
    ))


# -- The cache --------------------------------------------------------------------------------


def leave_version() -> int:
    """How many changes to what feeds show have been committed (0 before the first)."""
    return db.session.scalar(select(LeaveVersion.number).where(LeaveVersion.id == 1)) or 0


def cached_feed(
    token: str, feed: Feed, render: Callable[[FeedContent], bytes], today: date | None = None,
    *, rebuild: bool = False,
) -> CachedFeed | None:
    """This feed as bytes made by `render`, built again only when leave changed since it was
    last built (or its window moved on a day), or when asked to `rebuild`; None as for
    `feed_content`. A few small queries when nothing changed: the owner, their roles for a team
    feed, the version, the cache row (then `cached_body` for the bytes)."""
    owner = feed_owner(token)
    if owner is None:
        return None
    scope = _scope(owner, feed)
    if scope is None:
        return None
    condition, scope_key = scope
    first, last = window(today or today_for(owner))
    key = f"{scope_key}:{first.isoformat()}"
    # The version first, the leave after: a feed may then be newer than its number, never older.
    version = leave_version()
    known = db.session.execute(
        select(FeedCache.etag, FeedCache.changed_at, FeedCache.leave_version)
        .where(FeedCache.key == key)
    ).one_or_none()
    if known is not None and known.leave_version == version and not rebuild:
        return CachedFeed(key, known.etag, known.changed_at)

    content = FeedContent(FEED_NAMES[feed], _events(condition, VIEWERS[feed], first, last))
    body = render(content)
    body_gzip = gzip.compress(body, GZIP_LEVEL, mtime=0)  # mtime 0: the same bytes every time
    etag = hashlib.sha256(body).hexdigest()[:32]
    now = datetime.now(UTC)
    changed_at = known.changed_at if known is not None and known.etag == etag else now
    _store(FeedCache(
        key=key, scope=scope_key, window_start=first, leave_version=version, etag=etag,
        body=body, body_gzip=body_gzip, changed_at=changed_at, built_at=now,
    ))
    db.session.commit()
    return CachedFeed(key, etag, changed_at, body, body_gzip)


def cached_body(key: str, gzipped: bool = False) -> bytes | None:
    """The bytes of a feed `cached_feed` returned without them; None if another process has
    just dropped them (a window no time zone is in any longer): ask `cached_feed` again."""
    column = FeedCache.body_gzip if gzipped else FeedCache.body
    return db.session.scalar(select(column).where(FeedCache.key == key))


def _store(row: FeedCache) -> None:
    """Insert or replace the row, unless another process stored one built at a newer version
    meanwhile; and drop the windows of this scope that no time zone is in any longer."""
    values = {column.key: getattr(row, column.key) for column in FeedCache.__table__.columns}
    dialect = db.session.get_bind().dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(FeedCache).values(values)
        db.session.execute(statement.on_conflict_do_update(
            index_elements=[FeedCache.key],
            set_={name: statement.excluded[name] for name in values if name != "key"},
            where=FeedCache.leave_version <= statement.excluded.leave_version,
        ))
    else:
        db.session.merge(row)
    db.session.execute(delete(FeedCache).where(
        FeedCache.scope == row.scope, FeedCache.window_start < row.window_start - _KEEP_WINDOWS,
    ))


# -- What changes a feed -----------------------------------------------------------------------

# What a feed reads of a person; a change to anything else (a password, a login) leaves
# feeds as they are. `manager` too: setting it changes manager_id only when flushed.
_PERSON_FIELDS = ("name", "active", "show_as_out_of_office", "manager_id", "manager", "is_hr")
_FEED_TABLES = frozenset({
    LeaveRequest.__table__.name, PlanBlock.__table__.name, Employee.__table__.name,
})


def _changes_feeds(session: Session) -> bool:
    for row in (*session.new, *session.deleted):
        if isinstance(row, LeaveRequest | PlanBlock | Employee):
            return True
    for row in session.dirty:
        if isinstance(row, LeaveRequest | PlanBlock):
            if session.is_modified(row):
                return True
        elif isinstance(row, Employee):
            attributes = inspect(row).attrs
            if any(attributes[name].history.has_changes() for name in _PERSON_FIELDS):
                return True
    return False


def bump_leave_version(session: Session) -> None:
    """Count one more change, in the session's own transaction: it is seen when (and only
    if) the change is committed. Concurrent writers queue on the one row."""
    connection = session.connection()
    dialect = connection.dialect.name
    if dialect in ("postgresql", "sqlite"):
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        statement = insert(LeaveVersion).values(id=1, number=1)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[LeaveVersion.id], set_={"number": LeaveVersion.number + 1},
        ))
        return
    bumped = connection.execute(
        update(LeaveVersion).where(LeaveVersion.id == 1).values(number=LeaveVersion.number + 1)
    )
    if not bumped.rowcount:
        connection.execute(LeaveVersion.__table__.insert().values(id=1, number=1))


@event.listens_for(Session, "before_flush")
def _bump_when_feeds_change(session: Session, _context, _instances) -> None:
    if _changes_feeds(session):
        bump_leave_version(session)


@event.listens_for(Session, "do_orm_execute")
def _bump_on_bulk_writes(state: ORMExecuteState) -> None:
    """INSERT, UPDATE and DELETE statements run through the session (imports, bulk moves)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) in _FEED_TABLES:
        bump_leave_version(state.session)
