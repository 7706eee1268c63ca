"""Private iCalendar feeds for calendar apps: no sign-in, the token in the address is the key."""

from datetime import timedelta

from flask import Blueprint, Response, abort
from icalendar import Calendar, Event

from portal.services import feeds
from portal.services.feeds import FeedContent
from portal.services.settings import Feed

bp = Blueprint("feeds", __name__, url_prefix="/feeds")

PRODID = "-//Parental-leave portal//Leave feeds//EN"


def to_ical(content: FeedContent) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", content.name)
    # No METHOD: then DTSTAMP means "last revised" (RFC 5545 §3.8.7.2), the request's updated_at,
    # so an unchanged event stays byte-identical from one fetch to the next.
    for item in content.events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", item.stamp)
        event.add("dtstart", item.start)
        # RFC 5545 §3.6.1: an all-day event ends on the day after its last day.
        event.add("dtend", item.end + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("status", "TENTATIVE" if item.tentative else "CONFIRMED")
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    return calendar.to_ical()


def _feed(token: str, feed: Feed) -> Response:
    content = feeds.feed_content(token, feed)
    if content is None:
        abort(404)
    return Response(
        to_ical(content),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": f'inline; filename="{feed}.ics"'},
    )


@bp.get("/<token>/mine.ics")
def mine(token: str):
    return _feed(token, Feed.MINE)


@bp.get("/<token>/team.ics")
def team(token: str):
    return _feed(token, Feed.TEAM)


@bp.get("/<token>/organisation.ics")
def organisation(token: str):
    return _feed(token, Feed.ORGANISATION)
