"""Feeds at 50,000 people (issue 9): each feed is built once per change of leave, kept in the
database for every process, answered with ETag, Last-Modified and 304, and sent gzipped as
built; whatever changes what a feed shows builds it again, and no feed ever shows another's."""

import gzip
import secrets
from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar, Event
from sqlalchemy import event, func, select, update

from portal.app import create_app
from portal.domain.workflow import Action, Status
from portal.extensions import db
from portal.models import Employee, FeedCache, LeaveRequest, LeaveVersion, PlanBlock, utcnow
from portal.services import feeds, requests, settings
from portal.services.feeds import FeedContent, FeedEvent
from portal.services.settings import FEED_NAMES, Feed
from portal.views.feeds import PRODID, to_ical
from tests.builders import give_feed_token, make_employee, make_location, sign_in
from tests.fixtures import FreshContextClient, config_for

TODAY = date.today()
FUTURE = TODAY + timedelta(days=120)
STAMP = datetime.fromisoformat("2026-01-05T09:30:00+00:00")


@pytest.fixture
def people(app):
    office = make_location(name="London", country="GB", subdivision="ENG")
    director = make_employee(name="Dana Director", location=office)
    manager = make_employee(name="Morgan Manager", manager=director, location=office)
    employee = make_employee(name="Erin Employee", manager=manager, location=office)
    peer = make_employee(name="Pat Peer", manager=director, location=office)
    hr = make_employee(name="Harper HR", is_hr=True, location=office)
    everyone = dict(director=director, manager=manager, employee=employee, peer=peer, hr=hr)
    for person in everyone.values():
        give_feed_token(person)
    return everyone


def make_request(employee, start=FUTURE, days=14, status=Status.APPROVED):
    request = LeaveRequest(
        employee_id=employee.id, status=status, start=start, end=start + timedelta(days=days - 1),
        return_date=start + timedelta(days=days), policy_id="company-2022-01-01",
        submission_key=secrets.token_hex(8), updated_at=STAMP,
        blocks=[PlanBlock(start=start, end=start + timedelta(days=days - 1))],
    )
    db.session.add(request)
    db.session.commit()
    return request


def feed_url(person, feed="mine"):
    return f"/feeds/{person.feed_token}/{feed}.ics"


def summaries(client, person, feed="mine") -> list[str]:
    response = client.get(feed_url(person, feed))
    assert response.status_code == 200
    return sorted(str(item["SUMMARY"])
                  for item in Calendar.from_ical(response.data).walk("VEVENT"))


class Statements:
    """The SQL statements run while in the block."""

    def __init__(self):
        self.seen: list[str] = []

    def __enter__(self):
        event.listen(db.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc):
        event.remove(db.engine, "before_cursor_execute", self._record)

    def _record(self, _conn, _cursor, statement, *_args):
        self.seen.append(statement.lower())

    def reading_leave(self) -> list[str]:
        return [s for s in self.seen if "from plan_block" in s or "join plan_block" in s]


# -- Built once, then read ---------------------------------------------------------------------


def test_a_feed_is_built_once_and_then_answered_without_reading_any_leave(people, client):
    make_request(people["employee"])
    url = feed_url(people["hr"], "organisation")
    first = client.get(url)
    with Statements() as statements:
        second = client.get(url)
    assert second.status_code == 200 and second.data == first.data
    assert statements.reading_leave() == []
    assert len(statements.seen) <= 4  # the owner, the version, the cache row, its bytes
    assert db.session.scalar(select(func.count()).select_from(FeedCache)) == 1


def test_another_process_on_the_same_database_answers_from_the_feed_the_first_built(
    people, client, database_url_for_tests
):
    make_request(people["employee"])
    url = feed_url(people["manager"], "team")
    built = client.get(url).data
    other = create_app(config_for(database_url_for_tests))
    other.test_client_class = FreshContextClient
    try:
        with other.app_context():
            with Statements() as statements:
                answer = other.test_client().get(url)
            assert answer.status_code == 200 and answer.data == built
            assert statements.reading_leave() == []
            db.session.remove()
    finally:
        with other.app_context():
            db.engine.dispose()


def test_a_feed_carries_an_etag_and_last_modified_and_answers_304_when_unchanged(
    people, client
):
    make_request(people["employee"])
    url = feed_url(people["employee"])
    response = client.get(url)
    etag, modified = response.headers["ETag"], response.headers["Last-Modified"]
    assert etag.startswith('"') and len(etag) > 10
    assert "Accept-Encoding" in response.headers["Vary"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_a_change_gives_a_new_etag_and_a_change_that_shows_nothing_new_keeps_it(
    people, client
):
    employee = people["employee"]
    request = make_request(employee)
    url = feed_url(employee)
    etag = client.get(url).headers["ETag"]
    make_request(people["peer"])  # not in Erin's own feed: built again, the same bytes
    unchanged = client.get(url, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    request.status = Status.SUBMITTED
    request.updated_at = utcnow()
    db.session.commit()
    changed = client.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert "(pending)" in changed.get_data(as_text=True)


def test_a_calendar_app_that_accepts_gzip_gets_the_bytes_compressed_when_built(
    people, client
):
    for n in range(20):
        make_request(people["employee"], FUTURE + timedelta(days=30 * n), days=10)
    url = feed_url(people["hr"], "organisation")
    plain = client.get(url)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert plain.headers.get("Content-Encoding") is None
    assert zipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.data) == plain.data
    assert len(zipped.data) < len(plain.data) / 3
    assert zipped.headers["ETag"] != plain.headers["ETag"]
    assert client.get(url, headers={"Accept-Encoding": "gzip",
                                    "If-None-Match": zipped.headers["ETag"]}).status_code == 304


# -- Whatever changes what a feed shows builds it again -----------------------------------------


def _to_pending(_people, request):
    request.status = Status.SUBMITTED
    db.session.commit()


def _move_a_block(_people, request):
    request.blocks[0].start += timedelta(days=1)
    request.updated_at = utcnow()
    db.session.commit()


def _replace_the_plan(_people, request):
    request.blocks = [PlanBlock(start=FUTURE + timedelta(days=40), end=FUTURE + timedelta(days=41))]
    db.session.commit()


def _delete_the_request(_people, request):
    db.session.delete(request)
    db.session.commit()


def _rename(people, _request):
    people["employee"].name = "Erin Renamed"
    db.session.commit()


def _out_of_office(people, _request):
    settings.save_preferences(people["employee"], show_as_out_of_office=True)


def _leave_the_company(people, _request):
    people["employee"].active = False
    db.session.commit()


def _move_to_another_team(people, _request):
    people["employee"].manager = people["peer"]
    db.session.commit()


def _bulk_rename(people, _request):
    """As an import does: an UPDATE statement, no objects."""
    db.session.execute(update(Employee).where(Employee.id == people["employee"].id)
                       .values(name="Erin Imported"))
    db.session.commit()


def _new_request(people, _request):
    make_request(people["employee"], FUTURE + timedelta(days=200))


CHANGES = [_to_pending, _move_a_block, _replace_the_plan, _delete_the_request, _rename,
           _out_of_office, _leave_the_company, _move_to_another_team, _bulk_rename, _new_request]


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.__name__.strip("_"))
def test_every_change_to_what_feeds_show_builds_them_again(people, client, change):
    make_request(people["peer"])
    request = make_request(people["employee"])
    watched = [(people["employee"], Feed.MINE), (people["manager"], Feed.TEAM),
               (people["director"], Feed.TEAM), (people["hr"], Feed.ORGANISATION)]
    before = [client.get(feed_url(person, feed)).data for person, feed in watched]
    version = feeds.leave_version()
    change(people, request)
    assert feeds.leave_version() > version
    after = []
    for person, feed in watched:
        served = client.get(feed_url(person, feed))
        content = feeds.feed_content(person.feed_token, feed)  # built now, without the cache
        if content is None:
            assert served.status_code == 404
            after.append(None)
        else:
            assert served.status_code == 200
            assert served.data == to_ical(content), (person.name, feed)
            after.append(served.data)
    assert after != before


def test_a_decision_through_the_service_reaches_every_feed_at_once(people, client):
    employee = people["employee"]
    filed = requests.file_request(employee, requests.RequestInput(
        role="non_birthing", event="birth", event_date=FUTURE), "decision", submit=True)
    assert "STATUS:TENTATIVE" in client.get(feed_url(people["manager"], "team")).text
    requests.act(people["hr"], filed, filed.version, Action.APPROVE)
    for person, feed in ((employee, "mine"), (people["manager"], "team"),
                         (people["hr"], "organisation")):
        text = client.get(feed_url(person, feed)).text
        assert "STATUS:CONFIRMED" in text and "STATUS:TENTATIVE" not in text


def test_a_change_that_is_rolled_back_changes_nothing(people, client):
    make_request(people["employee"])
    version = feeds.leave_version()
    people["employee"].name = "Never Saved"
    db.session.flush()
    db.session.rollback()
    assert feeds.leave_version() == version
    assert summaries(client, people["employee"]) == ["Erin Employee: Parental leave"]


def test_signing_in_and_changing_a_password_leave_feeds_as_built(people, client):
    make_request(people["employee"])
    client.get(feed_url(people["employee"]))
    version = feeds.leave_version()
    sign_in(client, people["employee"].email)
    people["employee"].password_hash = "changed"
    db.session.commit()
    assert feeds.leave_version() == version


# -- The cache never crosses a scope or a viewer --------------------------------------------


def test_each_feed_and_scope_has_its_own_bytes_and_labels(people, client):
    settings.save_preferences(people["employee"], show_as_out_of_office=True)
    make_request(people["employee"])
    make_request(people["peer"])
    # HR's organisation feed first: its "Parental leave" must not reach the manager's feed.
    assert summaries(client, people["hr"], "organisation") == [
        "Erin Employee: Parental leave", "Pat Peer: Parental leave"]
    assert summaries(client, people["manager"], "team") == ["Erin Employee: Out of office"]
    assert summaries(client, people["director"], "team") == [
        "Erin Employee: Out of office", "Pat Peer: Parental leave"]
    assert summaries(client, people["employee"]) == ["Erin Employee: Parental leave"]
    assert summaries(client, people["peer"]) == ["Pat Peer: Parental leave"]
    assert client.get(feed_url(people["employee"], "team")).status_code == 404
    assert client.get(feed_url(people["manager"], "organisation")).status_code == 404
    keys = set(db.session.scalars(select(FeedCache.key)))
    assert all(person.feed_token not in key for person in people.values() for key in keys)


def test_a_replaced_link_or_a_leaver_gets_nothing_from_the_cache(people, client):
    make_request(people["employee"])
    old = feed_url(people["hr"], "organisation")
    assert client.get(old).status_code == 200
    give_feed_token(people["hr"])
    assert client.get(old).status_code == 404
    manager_feed = feed_url(people["manager"], "team")
    assert client.get(manager_feed).status_code == 200
    people["employee"].active = False
    db.session.commit()
    assert client.get(manager_feed).status_code == 404  # nobody left below: no team feed


def test_hostile_tokens_are_not_found_without_a_query(people, client):
    for token in ("%00", "a" * 300, "not a token", "x;drop"):
        with Statements() as statements:
            assert client.get(f"/feeds/{token}/mine.ics").status_code == 404
        assert statements.seen == []


def test_a_new_day_builds_a_new_window_and_old_windows_are_dropped(people, app):
    make_request(people["employee"])
    token = people["employee"].feed_token
    for shift in range(4):
        assert feeds.cached_feed(token, Feed.MINE, to_ical, today=TODAY + timedelta(days=shift))
    starts = sorted(db.session.scalars(select(FeedCache.window_start)))
    assert len(starts) == 2  # today's and yesterday's: time zones may be a day apart
    assert starts[-1] == feeds.window(TODAY + timedelta(days=3))[0]


def test_an_older_build_never_replaces_a_newer_one(people, app):
    make_request(people["employee"])
    token = people["employee"].feed_token
    built = feeds.cached_feed(token, Feed.MINE, to_ical, today=TODAY)
    row = db.session.get(FeedCache, built.key)
    newer = row.leave_version
    db.session.expunge(row)
    row.leave_version = newer - 1
    row.body = b"stale"
    feeds._store(row)
    db.session.commit()
    assert db.session.scalar(select(FeedCache.body).where(FeedCache.key == built.key)) != b"stale"
    assert db.session.get(LeaveVersion, 1).number == newer


# -- The writer -------------------------------------------------------------------------------

AWKWARD = [
    "Ana, María; O'Neil\\Smith",
    "Line\nbreak and\r\nanother",
    "Zoë Ångström-Łukasiewicz-Øvergaard van der Berg-Müller, née Ó Súilleabháin",
    "李小龍 " * 12,
    "A" * 66 + "\\,;",
    "😀" * 30,
]


def reference_ical(content: FeedContent) -> bytes:
    """What the icalendar package writes for a feed (the writer before issue 9)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", content.name)
    for item in content.events:
        entry = Event()
        entry.add("uid", item.uid)
        entry.add("dtstamp", item.stamp)
        entry.add("dtstart", item.start)
        entry.add("dtend", item.end + timedelta(days=1))
        entry.add("summary", item.summary)
        entry.add("status", "TENTATIVE" if item.tentative else "CONFIRMED")
        entry.add("transp", "OPAQUE")
        calendar.add_component(entry)
    return calendar.to_ical()


def test_the_feed_writer_writes_what_the_icalendar_package_writes():
    events = tuple(
        FeedEvent(uid=f"leave-{n}-0@parental-leave-portal", summary=f"{name}: Parental leave",
                  start=date(2026, 3, 2) + timedelta(days=n), end=date(2026, 3, 13),
                  tentative=n % 2 == 1, stamp=STAMP + timedelta(minutes=n))
        for n, name in enumerate(AWKWARD)
    )
    for name in FEED_NAMES.values():
        content = FeedContent(name, events)
        assert to_ical(content) == reference_ical(content)
    assert to_ical(FeedContent("My leave", ())) == reference_ical(FeedContent("My leave", ()))
