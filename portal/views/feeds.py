"""Private iCalendar feeds for calendar apps: no sign-in, the token in the address is the key.

A feed is answered from its cached bytes (services.feeds): `ETag` and `Last-Modified` let a
calendar app ask "changed?" and get 304 Not Modified; an app that accepts gzip gets the bytes
compressed when the feed was built, not compressed again on every fetch.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import Blueprint, Response, abort, request

from portal.services import feeds
from portal.services.feeds import CachedFeed, FeedContent
from portal.services.settings import Feed

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

PRODID = "-//Parental-leave portal//Leave feeds//EN"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# RFC 5545 §3.1: lines of at most 75 octets; this keeps them under, as the icalendar package.
_LINE_LIMIT = 75
_ONE_DAY = timedelta(days=1)


# -- Writing iCalendar ------------------------------------------------------------------------
# By hand rather than through icalendar's objects (which take about 0.4 ms an event): the same
# bytes, property for property, in the same order; a test holds the two side by side.


def _text(value: str) -> str:
    """RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma and line breaks escaped."""
    return (value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def _fold(line: str) -> str:
    """RFC 5545 §3.1: a long line goes on after CRLF and a space, never inside a character
    nor just after the backslash of an escape."""
    if len(line) < _LINE_LIMIT // 4 or len(line.encode()) < _LINE_LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode())
        if current and size + width >= _LINE_LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, size = [carried], len(carried.encode())
            else:
                parts.append("".join(current))
                current, size = [], 0
        current.append(char)
        size += width
    parts.append("".join(current))
    return "\r\n ".join(parts)


def _date(day: date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _stamp(moment: datetime) -> str:
    return f"{_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}Z"


def to_ical(content: FeedContent) -> bytes:
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", _fold(f"PRODID:{_text(PRODID)}"),
        "CALSCALE:GREGORIAN", _fold(f"X-WR-CALNAME:{_text(content.name)}"),
    ]
    # No METHOD: then DTSTAMP means "last revised" (RFC 5545 §3.8.7.2), the request's updated_at,
    # so an unchanged event stays byte-identical from one fetch to the next.
    for item in content.events:
        lines += (
            "BEGIN:VEVENT",
            _fold(f"SUMMARY:{_text(item.summary)}"),
            f"DTSTART;VALUE=DATE:{_date(item.start)}",
            # RFC 5545 §3.6.1: an all-day event ends on the day after its last day.
            f"DTEND;VALUE=DATE:{_date(item.end + _ONE_DAY)}",
            f"DTSTAMP:{_stamp(item.stamp)}",
            _fold(f"UID:{_text(item.uid)}"),
            "STATUS:TENTATIVE" if item.tentative else "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        )
    lines.append("END:VCALENDAR")
    lines.append("")
    return "\r\n".join(lines).encode()


# -- Answering --------------------------------------------------------------------------------


def _etag(cached: CachedFeed, gzipped: bool) -> str:
    # One validator per encoding, as Flask-Compress writes them ("…:br" for Brotli).
    return f"{cached.etag}:gzip" if gzipped else cached.etag


def _unchanged(cached: CachedFeed) -> bool:
    """If-None-Match naming this feed's bytes in any encoding, or else If-Modified-Since not
    before their last change (RFC 9110 §13.1.2-3)."""
    if request.if_none_match:
        if request.if_none_match.star_tag:
            return True
        return any(tag.split(":")[0] == cached.etag
                   for tag in request.if_none_match.as_set(include_weak=True))
    since = request.if_modified_since
    return since is not None and cached.changed_at.replace(microsecond=0) <= since


def _feed(token: str, feed: Feed) -> Response:
    gzipped = request.accept_encodings["gzip"] > 0
    cached = feeds.cached_feed(token, feed, to_ical)
    if cached is None:
        abort(404)
    body = cached.body_gzip if gzipped else cached.body
    response = Response(content_type=CONTENT_TYPE, headers={
        "Content-Disposition": f'inline; filename="{feed}.ics"',
        "Vary": "Accept-Encoding",
    })
    response.set_etag(_etag(cached, gzipped))
    response.last_modified = cached.changed_at
    if _unchanged(cached):
        response.status_code = 304
        return response
    if body is None:
        body = feeds.cached_body(cached.key, gzipped)
    if body is None:  # dropped by another process since: build it again
        cached = feeds.cached_feed(token, feed, to_ical, rebuild=True)
        if cached is None:
            abort(404)
        body = cached.body_gzip if gzipped else cached.body
        response.set_etag(_etag(cached, gzipped))
        response.last_modified = cached.changed_at
    response.set_data(body)
    if gzipped:
        response.content_encoding = "gzip"
    return response


@bp.get("/<token>/mine.ics")
def mine(token: str):
    return _feed(token, Feed.MINE)


@bp.get("/<token>/team.ics")
def team(token: str):
    return _feed(token, Feed.TEAM)


@bp.get("/<token>/organisation.ics")
def organisation(token: str):
    return _feed(token, Feed.ORGANISATION)
