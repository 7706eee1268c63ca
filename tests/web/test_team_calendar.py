"""The team calendar page, and the calendar services HR and "My leave" pages use."""

import re
from datetime import date, timedelta

import pytest

from portal.domain.calendar import Month
from portal.domain.workflow import Action, Status
from portal.extensions import db
from portal.services import calendar, requests
from tests.builders import (
    build_team,
    make_employee,
    make_leave,
    make_location,
    sign_in,
    statements_for,
)

MARCH = Month(2026, 3)


def team_page(client, **args):
    response = client.get("/team/", query_string=args)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def row_of(page, name):
    """The <tr> of one person in the grid."""
    found = re.search(r"<tr><th scope=\"row\">" + re.escape(name) + r".*?</tr>", page, re.S)
    assert found, f"no row for {name}"
    return found.group(0)


def cells(row):
    """(tag, classes) for each day of the row: a cell spanning several days counts for each."""
    days = []
    for tag, classes, span in re.findall(
        r"(<td(?: class=\"([^\"]*)\")?(?: colspan=\"(\d+)\")?[^>]*>)", row
    ):
        days += [(tag, classes)] * int(span or 1)
    return days


def spans(row):
    """(days, classes, words) for each cell of the row that says something in words: its
    hidden text, the same as its tooltip."""
    found = re.findall(r"<td class=\"([^\"]*)\"(?: colspan=\"(\d+)\")? title=\"([^\"]*)\">"
                       r"<span>([^<]*)</span></td>", row)
    assert all(title == words for _, _, title, words in found)
    return [(int(span or 1), classes, words) for classes, span, _, words in found]


@pytest.fixture
def manager(app, client):
    office = make_location(name="London", country="GB", subdivision="ENG")
    boss = make_employee(name="Morgan Manager", location=office)
    sign_in(client, boss.email)
    return boss


# -- The grid -------------------------------------------------------------------------------


def test_approved_leave_is_solid_and_pending_leave_hatched_with_words_for_each(manager, client):
    erin = make_employee(name="Erin Employee", manager=manager, location=manager.location)
    omar = make_employee(name="Omar Other", manager=manager, location=manager.location,
                         show_as_out_of_office=True)
    make_leave(erin, date(2026, 3, 2), date(2026, 3, 13))
    make_leave(omar, date(2026, 3, 16), date(2026, 4, 20), status=Status.SUBMITTED)
    page = team_page(client, month="2026-03")
    erin_cells = cells(row_of(page, "Erin Employee"))
    assert len(erin_cells) == 31
    assert [c[1].split()[0] for c in erin_cells[1:13]] == ["approved"] * 12
    assert 'title="Parental leave, approved"' in row_of(page, "Erin Employee")
    # The twelve days, weekend included, are one cell that says so once.
    assert spans(row_of(page, "Erin Employee")) == [(12, "approved", "Parental leave, approved")]
    omar_row = row_of(page, "Omar Other")
    assert sum(days for days, _, words in spans(omar_row)
               if words == "Out of office, pending") == 16
    assert 'class="pending' in omar_row and 'class="approved' not in omar_row
    assert "Parental leave" not in omar_row
    css = client.get("/static/calendar.css").get_data(as_text=True)
    assert re.search(r"\.cal \.pending \{[^}]*repeating-linear-gradient", css)
    assert re.search(r"\.cal \.approved \{ background: #[0-9a-f]+;", css)
    assert 'td.pending::before { content: "P"' in css  # a letter as well as the pattern
    assert "Approved leave" in page and "Pending leave" in page  # the key


def test_drafts_and_closed_requests_never_show_and_a_pending_change_keeps_leave_approved(
    manager, client
):
    erin = make_employee(name="Erin Employee", manager=manager, location=manager.location)
    for status in (Status.DRAFT, Status.REJECTED, Status.WITHDRAWN, Status.CANCELLED):
        make_leave(erin, date(2026, 3, 2), date(2026, 3, 6), status=status)
    make_leave(erin, date(2026, 3, 16), date(2026, 3, 20), change_pending=True)
    row = row_of(team_page(client, month="2026-03"), "Erin Employee")
    assert spans(row) == [(5, "approved", "Parental leave, approved")]  # 16 to 20 March
    assert [classes for _, classes in cells(row)].count("approved") == 5
    assert "pending" not in row


def test_weekends_holidays_and_today_are_marked_for_each_persons_location(manager, client):
    edinburgh = make_location(name="Edinburgh", country="GB", subdivision="SCT")
    tel_aviv = make_location(name="Tel Aviv", country="IL", subdivision=None,
                             timezone="Asia/Jerusalem", weekend_days="45")
    make_employee(name="Erin England", manager=manager, location=manager.location)
    make_employee(name="Sam Scotland", manager=manager, location=edinburgh)
    make_employee(name="Tal Israel", manager=manager, location=tel_aviv)
    page = team_page(client, month="2025-12")
    england, scotland = cells(row_of(page, "Erin England")), cells(row_of(page, "Sam Scotland"))
    assert "holiday" in scotland[0][1] and "holiday" not in england[0][1]  # St Andrew's
    assert "Saint Andrew&#39;s Day (observed) (public holiday)" in row_of(page, "Sam Scotland")
    assert "Christmas Day (public holiday)" in row_of(page, "Erin England")
    israel = cells(row_of(page, "Tal Israel"))
    # 5 December 2025 is a Friday, 7 a Sunday.
    assert "weekend" in israel[4][1] and "weekend" not in israel[6][1]
    assert "weekend" not in england[4][1] and "weekend" in england[6][1]
    today = calendar.today_for(manager)
    page = team_page(client, month=Month.of(today).key)
    assert page.count('aria-current="date"') == 1
    assert cells(row_of(page, "Erin England"))[today.day - 1][1].split()[-1] == "today"
    assert sum(1 for _, classes in cells(row_of(page, "Tal Israel")) if "today" in classes) == 1


def test_each_day_counts_who_is_away_and_upcoming_returns_are_listed(manager, client):
    today = calendar.today_for(manager)
    first = make_employee(name="Ana Away", manager=manager, location=manager.location)
    second = make_employee(name="Ben Back", manager=manager, location=manager.location)
    third = make_employee(name="Cai Pending", manager=manager, location=manager.location)
    make_leave(first, today - timedelta(days=40), today + timedelta(days=20))
    make_leave(second, today - timedelta(days=3), today + timedelta(days=10))
    make_leave(third, today, today + timedelta(days=90), status=Status.SUBMITTED)
    page = team_page(client)
    away = re.search(r"Away \(approved\)</th>(.*?)</tr>", page, re.S).group(1)
    assert f'data-day="{today.isoformat()}">2</td>' in away
    pending = re.search(r">Pending</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r">(\d+)</td>", pending)[today.day - 1] == "1"
    returns = page.split("Coming back soon")[1]
    assert returns.index("Ben Back") < returns.index("Ana Away")
    assert "Cai Pending" not in returns  # back in 91 days: beyond the next 60
    assert "back on " in returns


def test_only_disclosed_labels_ever_reach_the_team_page(manager, client):
    """Requests full of sensitive words: the page shows dates and a neutral label only."""
    hr = make_employee(name="Harper HR", is_hr=True, location=manager.location)
    today = date.today()
    birth = make_employee(name="Erin Employee", manager=manager, location=manager.location)
    adopter = make_employee(name="Ade Parent", manager=manager, location=manager.location,
                            show_as_out_of_office=True)
    griever = make_employee(name="Gale Person", manager=manager, location=manager.location)
    note = "NICU expected; pregnancy complications; loss before; adoption; birth plan"
    requests.file_request(birth, requests.RequestInput(
        role="birthing", event="birth", event_date=today + timedelta(days=20),
        note_to_hr=note), "k1", submit=True)
    adoption = requests.file_request(adopter, requests.RequestInput(
        role="adoptive", event="adoption", event_date=today + timedelta(days=10),
        note_to_hr=note), "k2", submit=True)
    requests.act(hr, adoption, adoption.version, Action.APPROVE)
    requests.file_request(griever, requests.RequestInput(
        role="birthing", event="pregnancy_loss", event_date=today - timedelta(days=3),
        gestation_weeks=10, note_to_hr=note), "k3", submit=True)
    for month in (Month.of(today), Month.of(today).next):
        page = team_page(client, month=month.key).lower()
        for word in ("nicu", "pregnancy", "loss", "birth", "adoption", "gestation",
                     "complications", "neonatal", "stillbirth"):
            assert word not in page, f"{word!r} on the team page for {month}"
    page = team_page(client, month=Month.of(today).next.key)
    assert "Parental leave, pending" in row_of(page, "Erin Employee")
    assert "Out of office, approved" in row_of(page, "Ade Parent")
    assert "Parental leave, approved" in row_of(team_page(client), "Gale Person")


def test_the_page_has_no_inline_styles_or_scripts(manager, client):
    make_leave(make_employee(manager=manager), date(2026, 3, 2), date(2026, 3, 13))
    page = team_page(client, month="2026-03")
    assert "style=" not in page
    assert not re.search(r"<script(?![^>]*\bsrc=)", page)
    assert 'class="cal-scroll"' in page  # the grid scrolls sideways inside its box


# -- Navigation ---------------------------------------------------------------------------


def test_previous_and_next_month_links_and_the_month_picker_keep_the_switch(manager, client):
    make_employee(manager=manager)
    page = team_page(client, month="2026-01", everyone="1")
    assert re.search(r'href="/team/\?month=2025-12&amp;everyone=1">Previous month</a>', page)
    assert re.search(r'href="/team/\?month=2026-02&amp;everyone=1">Next month</a>', page)
    assert '<input class="form-control form-control-sm" type="month" id="month-picker" ' \
           'name="month"\n           value="2026-01" required>' in page
    assert '<input type="hidden" name="everyone" value="1">' in page
    assert ">Show</button>" in page
    assert "January 2026" in page


def test_a_month_that_cannot_be_read_shows_this_month_with_a_gentle_note(manager, client):
    make_employee(manager=manager)
    page = team_page(client, month="next spring")
    assert "We could not read that month, so here is this month instead." in page
    assert Month.of(calendar.today_for(manager)).label in page
    assert "We could not read" not in team_page(client, month="2026-03")


def test_the_switch_shows_direct_reports_or_everyone_below_at_any_depth(manager, client):
    lead = make_employee(name="Lee Lead", manager=manager)
    senior = make_employee(name="Sol Senior", manager=lead)
    junior = make_employee(name="Jo Junior", manager=senior)
    make_employee(name="Lee Leaver", manager=senior, active=False)
    make_employee(name="Pat Peer")
    for person in (lead, senior, junior):
        make_leave(person, date(2026, 3, 2), date(2026, 3, 6))
    direct = team_page(client, month="2026-03")
    assert "Lee Lead" in direct
    assert "Sol Senior" not in direct and "Jo Junior" not in direct
    assert 'aria-current="page" href="/team/?month=2026-03">Direct reports' in direct
    everyone = team_page(client, month="2026-03", everyone="1")
    names = re.findall(r'<th scope="row">([^<]+)<span', everyone)
    assert names == ["Jo Junior", "Lee Lead", "Sol Senior"]
    assert "Pat Peer" not in everyone and "Lee Leaver" not in everyone
    assert "Morgan Manager</th>" not in everyone
    assert 'aria-current="page" href="/team/?month=2026-03&amp;everyone=1">Everyone below me' \
        in everyone
    count = re.search(r"Away \(approved\)</th>(.*?)</tr>", everyone, re.S).group(1)
    assert re.findall(r">(\d+)</td>", count)[1] == "3"


def test_someone_without_reports_may_not_open_the_team_page(app, client):
    person = make_employee()
    sign_in(client, person.email)
    assert client.get("/team/").status_code == 403


# -- Speed: the number of queries does not grow with the team -------------------------------


def test_the_team_page_runs_as_many_queries_for_5_people_as_for_200(app, client):
    office = make_location(name="Leeds", country="GB", subdivision="ENG")
    today = date.today()
    small_boss = make_employee(name="Small Boss", location=office)
    big_boss = make_employee(name="Big Boss", location=office)
    build_team(small_boss, 5, today - timedelta(days=5))
    build_team(big_boss, 200, today - timedelta(days=5))
    url = f"/team/?month={Month.of(today).key}&everyone=1"
    sign_in(client, small_boss.email)
    small, small_page = statements_for(client, url)
    client.post("/logout")
    sign_in(client, big_boss.email)
    big, big_page = statements_for(client, url)
    assert small_page.count('<th scope="row">Team') == 5
    assert big_page.count('<th scope="row">Team') == 200
    assert "back on" in big_page
    assert small == big
    assert small <= 8


# -- The services HR and "My leave" use ------------------------------------------------------


def test_the_organisation_calendar_pages_and_filters_by_location_and_manager(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    paris = make_location(name="Paris", country="FR", subdivision=None, timezone="Europe/Paris")
    boss = make_employee(name="Zed Boss", location=london)
    build_team(boss, 60, date(2026, 3, 1))
    parisian = make_employee(name="Aude Paris", location=paris, show_as_out_of_office=True)
    make_leave(parisian, date(2026, 3, 2), date(2026, 3, 6))
    everyone = calendar.organisation_calendar(MARCH, today=date(2026, 3, 10))
    assert everyone.page.total == 62 and everyone.page.pages == 2
    assert len(everyone.grid.rows) == 50 and everyone.page.has_next
    assert everyone.grid.rows[0].person.name == "Aude Paris"
    assert everyone.grid.rows[0].person.location == "Paris"
    assert everyone.grid.rows[0].person.label == "Parental leave"  # HR sees the plain label
    second = calendar.organisation_calendar(MARCH, page=2, today=date(2026, 3, 10))
    assert len(second.grid.rows) == 12 and not second.page.has_next
    in_paris = calendar.organisation_calendar(MARCH, location_id=paris.id)
    assert [row.person.name for row in in_paris.grid.rows] == ["Aude Paris"]
    assert in_paris.grid.rows[0].days_away == 5
    below = calendar.organisation_calendar(MARCH, manager_id=boss.id, per_page=100)
    assert below.page.total == 60
    assert "Zed Boss" not in [row.person.name for row in below.grid.rows]


def test_the_export_lists_shown_leave_in_the_range_by_name_without_the_event(app):
    office = make_location(name="=cmd|' /C calc'!A0", country="GB", subdivision="ENG")
    bea = make_employee(name="Bea", email="bea@example.test", location=office)
    al = make_employee(name="Al", email="al@example.test", location=office)
    make_leave(bea, date(2026, 3, 2), date(2026, 3, 6))
    make_leave(al, date(2026, 4, 1), date(2026, 4, 30), status=Status.SUBMITTED)
    make_leave(al, date(2026, 2, 20), date(2026, 3, 1), change_pending=True)
    make_leave(al, date(2026, 3, 10), date(2026, 3, 12), status=Status.DRAFT)
    make_leave(bea, date(2026, 6, 1), date(2026, 6, 5))
    rows = list(calendar.leave_rows_for_export(date(2026, 3, 1), date(2026, 4, 1)))
    assert [(r.name, r.email, r.first_day, r.last_day, r.status) for r in rows] == [
        ("Al", "al@example.test", date(2026, 2, 20), date(2026, 3, 1),
         "Approved, change pending"),
        ("Al", "al@example.test", date(2026, 4, 1), date(2026, 4, 30), "Submitted"),
        ("Bea", "bea@example.test", date(2026, 3, 2), date(2026, 3, 6), "Approved"),
    ]
    assert rows[0].location == office.name  # made safe for spreadsheets by the CSV view
    assert set(rows[0].__dataclass_fields__) == {
        "name", "email", "location", "first_day", "last_day", "status"}


def test_my_month_shows_my_own_leave_and_my_public_holidays(app):
    office = make_location(name="London", country="GB", subdivision="ENG")
    me = make_employee(name="Erin", location=office, show_as_out_of_office=True)
    other = make_employee(location=office)
    make_leave(me, date(2025, 12, 22), date(2026, 1, 9), status=Status.SUBMITTED)
    make_leave(other, date(2025, 12, 1), date(2025, 12, 31))
    mine = calendar.my_month(me, Month(2025, 12), today=date(2025, 12, 1))
    [row] = mine.grid.rows
    assert row.days_away == 10
    assert row.cells[21].title == "Parental leave, pending"  # my own label, not my setting
    assert mine.holidays == [(date(2025, 12, 25), "Christmas Day"),
                             (date(2025, 12, 26), "Boxing Day")]


def test_a_very_large_team_is_shown_a_page_at_a_time(manager, client):
    build_team(manager, 7, date(2026, 3, 1), width=2)
    first = calendar.team_calendar(manager, MARCH, True, per_page=5, today=date(2026, 3, 1))
    assert (first.page.total, first.page.pages, len(first.grid.rows)) == (7, 2, 5)
    second = calendar.team_calendar(manager, MARCH, True, page=2, per_page=5)
    assert [row.person.name for row in second.grid.rows] == [
        f"Team {manager.id} 005", f"Team {manager.id} 006"]
    assert "There is nobody on this page." in team_page(client, everyone="1", page="9")


# -- Size: a light page whoever is away ------------------------------------------------------


def test_a_team_month_of_a_hundred_people_all_away_is_under_1500_bytes_of_html_a_person(
    manager, client
):
    """Issue 9: the team month was 3.7 KB a person, every day of leave written out in full."""
    december = Month(date.today().year, 12)
    places = [manager.location,
              make_location(name="Berlin", country="DE", subdivision="BE",
                            timezone="Europe/Berlin"),
              make_location(name="Bengaluru", country="IN", subdivision="KA",
                            timezone="Asia/Kolkata")]
    team = build_team(manager, 100, december.first, width=10)
    for n, person in enumerate(team):
        person.location = places[n % 3]
        person.timezone = places[n % 3].timezone
        # Leave all month, approved then pending, over the public holidays of each place.
        make_leave(person, december.first - timedelta(days=20),
                   december.first + timedelta(days=n % 9), commit=False)
        make_leave(person, december.first + timedelta(days=n % 9 + 1), december.last,
                   status=Status.SUBMITTED, commit=False)
    db.session.commit()
    page = team_page(client, month=december.key, everyone="1")
    assert len(re.findall(r'<th scope="row"[^>]*>Team', page)) == 100
    per_person = len(page.encode()) / 100
    assert per_person < 1500, f"{per_person:.0f} bytes a person"


def test_every_day_of_every_row_is_in_one_cell_and_each_cell_of_leave_says_it_in_words(
    manager, client
):
    """What a screen reader reads: a cell for each day or stretch of days (its column headers
    give the days), with the words of what it is; a holiday inside leave keeps its name."""
    erin = make_employee(name="Erin Employee", manager=manager, location=manager.location)
    make_employee(name="Ned Nobody", manager=manager, location=manager.location)
    make_leave(erin, date(2025, 12, 15), date(2025, 12, 31))
    page = team_page(client, month="2025-12")
    for name in ("Erin Employee", "Ned Nobody"):
        assert len(cells(row_of(page, name))) == 31
    assert spans(row_of(page, "Erin Employee")) == [
        (10, "approved", "Parental leave, approved"),  # 15 to 24 December
        (1, "approved holiday", "Parental leave, approved; Christmas Day (public holiday)"),
        (1, "approved holiday weekend" if date(2025, 12, 26).weekday() >= 5 else
         "approved holiday", "Parental leave, approved; Boxing Day (public holiday)"),
        (5, "approved", "Parental leave, approved"),  # 27 to 31 December
    ]
    assert spans(row_of(page, "Ned Nobody")) == [
        (1, "holiday", "Christmas Day (public holiday)"),
        (1, "holiday", "Boxing Day (public holiday)"),
    ]
