"""HR's "Import people" and "Export people": check a CSV file, import it all or nothing, and
export everyone in the same columns, on a real database."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AccountLink, Employee, OutboxMessage, PeopleImport, PersonChange
from portal.services import people_import
from tests.builders import make_employee, make_location, sign_in
from tests.fixtures import FreshContextClient, config_for

HEADER = "email,name,manager_email,location,hire_date,hr"


@pytest.fixture
def org(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    berlin = make_location(name="Berlin", country="DE", subdivision="BE", timezone="Europe/Berlin")
    hr = make_employee(name="Harper HR", email="harper@example.test", is_hr=True, location=london)
    head = make_employee(name="Hana Head", email="hana@example.test", location=london,
                         hire_date=date(2015, 3, 2))
    dev = make_employee(name="Dana Dev", email="dana@example.test", manager=head,
                        location=berlin, timezone="Europe/Berlin", hire_date=None)
    return {"london": london, "berlin": berlin, "hr": hr, "head": head, "dev": dev}


@pytest.fixture
def hr_client(org, client):
    sign_in(client, org["hr"].email)
    return client


def csv_file(*lines: str, header: str = HEADER) -> bytes:
    return ("\n".join((header, *lines)) + "\n").encode()


def check(client, data: bytes, filename: str = "people.csv"):
    return client.post(
        "/hr/people/import", data={"csv_file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def import_id_on(page: str) -> str:
    return re.search(r'action="/hr/people/import/([^"]+)"', page).group(1)


def check_and_import(client, data: bytes, filename: str = "people.csv"):
    page = check(client, data, filename).get_data(as_text=True)
    return client.post(f"/hr/people/import/{import_id_on(page)}")


def counts() -> tuple[int, int, int, int]:
    def count(model) -> int:
        return db.session.scalar(select(func.count()).select_from(model))
    return count(Employee), count(PersonChange), count(OutboxMessage), count(AccountLink)


def person(email: str) -> Employee | None:
    return db.session.scalar(select(Employee).where(Employee.email == email))


def exported(client) -> str:
    response = client.get("/hr/people/export")
    assert response.status_code == 200
    return response.get_data(as_text=True)


NEW_TEAM = csv_file(
    "ann@example.test,Ann Able,bo@example.test,london,2024-05-06,",  # her manager comes later
    "bo@example.test,Bo Boss,hana@example.test,Berlin,2023-01-09,yes",
    "dana@example.test,Dana Developer,hana@example.test,Berlin,,",  # a new name
    "hana@example.test,Hana Head,,London,2015-03-02,",  # as she is
)


# -- Checking ----------------------------------------------------------------------------------


def test_checking_a_file_shows_each_row_and_saves_nothing(org, hr_client):
    before = counts()
    response = check(hr_client, NEW_TEAM)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "4 rows: 2 new, 1 changed, 1 unchanged." in page
    assert re.search(r'data-row="2" data-outcome="new"', page)
    assert re.search(r'data-row="4" data-outcome="changed"', page)
    assert "Name: Dana Dev → Dana Developer" in page
    assert re.search(r'data-row="5" data-outcome="unchanged"', page)
    assert ">Import</button>" in page
    assert counts() == before
    assert person("ann@example.test") is None


def test_errors_name_the_row_and_the_reason_come_first_and_no_import_button(org, hr_client):
    data = csv_file(
        "ann@example.test,Ann,,London,,",
        "bad-email,Bob,,London,,",
        "cy@example.test,,,London,,",
        "di@example.test,Di,,Mars,,",
        "ed@example.test,Ed,nobody@example.test,London,,",
        "ann@example.test,Ann Again,,London,,",
        "fi@example.test,Fi,gus@example.test,London,,",
        "gus@example.test,Gus,fi@example.test,London,,",
    )
    before = counts()
    response = check(hr_client, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "8 rows: 0 new, 0 changed, 0 unchanged, 8 with errors." in page
    assert "Row 3: “bad-email” is not an email address" in page
    assert "Row 4: Please enter the person&#39;s name." in page
    assert "Row 5: We do not know the location “Mars”" in page
    assert "Row 6: The manager nobody@example.test is neither in the portal nor in this file." in (
        page)
    assert "Row 2: ann@example.test is also on row 7" in page
    assert "Row 8: These managers would form a loop: fi@example.test → gus@example.test" in page
    assert ">Import</button>" not in page
    assert "Nothing was saved" in page
    assert counts() == before
    assert db.session.scalar(select(func.count()).select_from(PeopleImport)) == 0


def test_the_check_lists_errors_before_the_other_rows(org, hr_client):
    page = check(hr_client, csv_file("ann@example.test,Ann,,London,,",
                                     "bob@example.test,Bob,,Mars,,")).get_data(as_text=True)
    assert page.index('data-row="3"') < page.index('data-row="2"')


def test_a_semicolon_file_with_a_byte_order_mark_and_unknown_columns_is_read(org, hr_client):
    data = "\ufeffemail;name;manager_email;location;hire_date;team\r\n" \
           "zoë@example.test;Zoë Ångström;hana@example.test;Berlin;2025-02-03;Blue\r\n"
    page = check(hr_client, data.encode("utf-8")).get_data(as_text=True)
    assert "1 row: 1 new, 0 changed, 0 unchanged." in page
    assert "The column “team” is not part of an import, so it was ignored." in page


@pytest.mark.parametrize("data, message", [
    (b"", "The file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "This is not a CSV file"),
    (b"PK\x03\x04\x14\x00\x06\x00", "This is a spreadsheet file"),
    ("email,name,manager_email,location,hire_date\nzoe@example.test,Zoë,,London,\n"
     .encode("latin-1"), "This file is not UTF-8 text"),
    (b"email,name\nann@example.test,Ann\n", "has no “manager_email”, “location” and "),
    (HEADER.encode() + b"\n", "The file has a header but no people"),
])
def test_a_file_that_cannot_be_imported_gets_a_clear_message_and_a_400(
        org, hr_client, data, message):
    response = check(hr_client, data, "export.xlsx")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Check file" in page and ">Import</button>" not in page


def test_pressing_check_file_without_a_file_asks_for_one(org, hr_client):
    response = hr_client.post("/hr/people/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Please choose a CSV file to check." in response.get_data(as_text=True)


def test_a_binary_file_is_refused_kindly(org, hr_client):
    response = check(hr_client, bytes(range(256)) * 100, "photo.jpg")
    assert response.status_code == 400
    assert "This is not a CSV file: it holds binary data." in response.get_data(as_text=True)


def test_a_two_megabyte_file_is_accepted(org, hr_client):
    lines = [f"person{n:05}@example.test,Person {n:05} {'x' * 60},hana@example.test,London,,"
             for n in range(21_000)]
    data = csv_file(*lines)
    assert len(data) > 2 * 1024 * 1024
    response = check(hr_client, data)
    assert response.status_code == 200
    assert "21,000 rows: 21,000 new, 0 changed, 0 unchanged." in response.get_data(as_text=True)


def test_a_file_over_sixteen_megabytes_is_refused_on_the_page(org, hr_client):
    response = check(hr_client, b"x" * (16 * 1024 * 1024 + 1))
    assert response.status_code == 400
    assert "larger than 16 MB" in response.get_data(as_text=True)


def test_the_upload_form_has_the_pinned_names(org, hr_client):
    page = hr_client.get("/hr/people/import").get_data(as_text=True)
    assert "<h1 class=\"h3 me-auto\">Import people</h1>" in page
    assert '<label class="form-label" for="csv_file">CSV file</label>' in page
    assert ">Check file</button>" in page
    assert 'href="/hr/people/export">Export people</a>' in page


def test_the_page_names_the_columns_as_the_file_spells_them(org, hr_client):
    page = hr_client.get("/hr/people/import").get_data(as_text=True)
    for column in ("email", "name", "manager_email", "location", "hire_date", "hr"):
        assert f"<code>{column}</code>" in page
    assert "<code>manager email</code>" not in page and "<code>hire date</code>" not in page
    assert "<code>hire_date</code> (YYYY-MM-DD; empty leaves it as it is" in page


# -- Importing ---------------------------------------------------------------------------------


def test_importing_creates_and_updates_people_and_says_how_many(org, hr_client):
    response = check_and_import(hr_client, NEW_TEAM)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/hr/people")
    assert "Imported: 2 new, 1 changed." in hr_client.get("/hr/people").get_data(as_text=True)
    ann, bo = person("ann@example.test"), person("bo@example.test")
    assert (ann.name, ann.manager.email, ann.location.name, ann.timezone, ann.hire_date) == (
        "Ann Able", "bo@example.test", "London", "Europe/London", date(2024, 5, 6))
    assert (bo.manager.email, bo.is_hr, bo.timezone, bo.active) == (
        "hana@example.test", True, "Europe/Berlin", True)
    assert ann.password_hash is None and not ann.is_hr and ann.created_at is not None
    assert person("dana@example.test").name == "Dana Developer"
    assert db.session.scalar(select(func.count()).select_from(PeopleImport)) == 0


def test_a_changed_location_moves_the_time_zone_and_other_changes_keep_it(org, hr_client):
    make_employee(name="Tess", email="tess@example.test", location=org["london"],
                  timezone="America/New_York", hire_date=None)
    check_and_import(hr_client, csv_file("dana@example.test,Dana Dev,hana@example.test,London,,",
                                         "tess@example.test,Tessa,,London,,"))
    assert person("dana@example.test").timezone == "Europe/London"
    assert person("tess@example.test").timezone == "America/New_York"


def test_importing_the_same_file_again_changes_nothing(org, hr_client):
    check_and_import(hr_client, NEW_TEAM)
    before = counts()
    page = check(hr_client, NEW_TEAM).get_data(as_text=True)
    assert "4 rows: 0 new, 0 changed, 4 unchanged." in page
    response = hr_client.post(f"/hr/people/import/{import_id_on(page)}")
    assert response.status_code == 302
    assert "Imported: 0 new, 0 changed." in hr_client.get("/hr/people").get_data(as_text=True)
    assert counts() == before


def test_people_missing_from_the_file_are_left_alone(org, hr_client):
    check_and_import(hr_client, csv_file("ann@example.test,Ann,,London,,"))
    head, dev = person("hana@example.test"), person("dana@example.test")
    assert (head.name, head.active, head.hire_date) == ("Hana Head", True, date(2015, 3, 2))
    assert (dev.name, dev.manager.email, dev.active) == ("Dana Dev", "hana@example.test", True)


def test_an_empty_hire_date_keeps_the_one_on_record_and_is_not_a_change(org, hr_client):
    data = csv_file("hana@example.test,Hana Head,,London,,",  # on record: 2 March 2015
                    "dana@example.test,Dana Developer,hana@example.test,Berlin,,")
    page = check(hr_client, data).get_data(as_text=True)
    assert "2 rows: 0 new, 1 changed, 1 unchanged." in page
    assert re.search(r'data-row="2" data-outcome="unchanged"', page)
    assert "Name: Dana Dev → Dana Developer" in page
    assert "Hire date:" not in page and "(none)" not in page
    hr_client.post(f"/hr/people/import/{import_id_on(page)}")
    assert person("hana@example.test").hire_date == date(2015, 3, 2)
    changes = db.session.execute(select(PersonChange.employee_id, PersonChange.field)).all()
    assert changes == [(org["dev"].id, "name")]


def test_new_people_get_an_invitation_and_changed_people_do_not(org, hr_client):
    check_and_import(hr_client, NEW_TEAM)
    recipients = sorted(db.session.scalars(select(OutboxMessage.recipient)))
    assert recipients == ["ann@example.test", "bo@example.test"]
    invitation = db.session.scalar(
        select(OutboxMessage).where(OutboxMessage.recipient == "ann@example.test"))
    assert invitation.subject == "You are invited to the parental-leave portal"
    assert "Hello Ann Able" in invitation.body
    links = db.session.scalars(select(AccountLink)).all()
    assert sorted(link.employee.email for link in links) == ["ann@example.test", "bo@example.test"]
    assert {link.purpose for link in links} == {"invitation"}


def test_every_created_or_changed_person_gets_history_rows_from_the_import(org, hr_client):
    check_and_import(hr_client, NEW_TEAM, "from-workday.csv")
    changes = db.session.scalars(select(PersonChange).order_by(PersonChange.id)).all()
    assert {(c.source, c.source_name, c.actor_id) for c in changes} == {
        ("import", "from-workday.csv", org["hr"].id)}
    by_person = {}
    for change in changes:
        by_person.setdefault(change.employee_id, []).append(
            (change.field, change.old_value, change.new_value))
    assert by_person[person("dana@example.test").id] == [("name", "Dana Dev", "Dana Developer")]
    assert by_person[person("ann@example.test").id] == [
        ("email", "", "ann@example.test"), ("name", "", "Ann Able"),
        ("manager", "", "bo@example.test"), ("location", "", "London"),
        ("hire_date", "", "2024-05-06"), ("is_hr", "", "no"), ("active", "", "active"),
    ]
    assert person("hana@example.test").id not in by_person  # unchanged


def test_a_person_who_left_is_updated_but_not_reactivated(org, hr_client):
    gone = make_employee(name="Gone", email="gone@example.test", location=org["london"],
                         active=False, hire_date=None)
    page = check(hr_client, csv_file("gone@example.test,Gone Again,,London,,")).get_data(
        as_text=True)
    assert "This person has left: their record is updated, but they stay inactive." in page
    hr_client.post(f"/hr/people/import/{import_id_on(page)}")
    db.session.refresh(gone)
    assert (gone.name, gone.active) == ("Gone Again", False)


def test_the_import_is_all_or_nothing_when_the_portal_changed_since_the_check(org, hr_client):
    page = check(hr_client, csv_file("ann@example.test,Ann,dana@example.test,London,,",
                                     "bob@example.test,Bob,,London,,")).get_data(as_text=True)
    # Meanwhile Dana leaves: Ann's manager would now be someone who has left.
    person("dana@example.test").active = False
    db.session.commit()
    before = counts()
    response = hr_client.post(f"/hr/people/import/{import_id_on(page)}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Row 2: The manager dana@example.test has left" in page
    assert ">Import</button>" not in page
    assert counts() == before
    assert person("bob@example.test") is None


def test_a_failure_while_writing_leaves_nothing_behind(org, hr_client, monkeypatch):
    page = check(hr_client, NEW_TEAM).get_data(as_text=True)
    before = counts()

    def broken_invite(_person, now=None):
        raise RuntimeError("the outbox is full")

    # Not a mock of the database: the last step of the transaction fails, as a disk might.
    monkeypatch.setattr(people_import.account_links, "invite", broken_invite)
    response = hr_client.post(f"/hr/people/import/{import_id_on(page)}")
    assert response.status_code == 500
    assert counts() == before
    assert person("dana@example.test").name == "Dana Dev"


def test_taking_hr_access_from_the_last_hr_person_is_refused_on_that_row(org, hr_client):
    response = check(hr_client, csv_file("harper@example.test,Harper HR,,London,,no"))
    assert response.status_code == 400
    assert "Row 2: This is the only active person with HR access" in (
        response.get_data(as_text=True))


def test_an_unknown_or_someone_elses_import_is_not_found(org, hr_client, app):
    page = check(hr_client, NEW_TEAM).get_data(as_text=True)
    import_id = import_id_on(page)
    assert hr_client.post("/hr/people/import/not-an-import").status_code == 404
    assert hr_client.post("/hr/people/import/" + "x" * 300).status_code == 404
    other_hr = make_employee(name="Hollis HR", email="hollis@example.test", is_hr=True)
    other = app.test_client()
    sign_in(other, other_hr.email)
    before = counts()
    assert other.post(f"/hr/people/import/{import_id}").status_code == 404
    assert counts() == before
    assert hr_client.post(f"/hr/people/import/{import_id}").status_code == 302
    assert hr_client.post(f"/hr/people/import/{import_id}").status_code == 404  # used up


def test_checking_a_newer_file_replaces_the_older_one(org, hr_client):
    first = import_id_on(check(hr_client, NEW_TEAM).get_data(as_text=True))
    second = import_id_on(check(hr_client, csv_file("ann@example.test,Ann,,London,,"))
                          .get_data(as_text=True))
    assert hr_client.post(f"/hr/people/import/{first}").status_code == 404
    assert hr_client.post(f"/hr/people/import/{second}").status_code == 302
    assert person("bo@example.test") is None and person("ann@example.test").name == "Ann"


# -- Exporting ---------------------------------------------------------------------------------


def test_export_lists_active_people_by_email_in_the_import_columns(org, hr_client):
    make_employee(name="Gone", email="gone@example.test", location=org["london"], active=False)
    response = hr_client.get("/hr/people/export")
    assert response.headers["Content-Disposition"] == "attachment; filename=people.csv"
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff"))))
    assert rows == [
        HEADER.split(","),
        ["dana@example.test", "Dana Dev", "hana@example.test", "Berlin", "", "no"],
        ["hana@example.test", "Hana Head", "", "London", "2015-03-02", "no"],
        ["harper@example.test", "Harper HR", "", "London", "2020-01-06", "yes"],
    ]


def test_export_cells_are_safe_for_spreadsheets(org, hr_client):
    make_employee(name="=HYPERLINK(\"http://evil.test\")", email="eve@example.test",
                  location=org["london"])
    make_employee(name="-Minus", email="minus@example.test", location=org["london"])
    text = exported(hr_client)
    assert "'=HYPERLINK" in text and "'-Minus" in text


def test_export_then_import_is_a_round_trip_that_changes_nothing(org, hr_client):
    make_employee(name="=SUM(A1:A9)", email="formula@example.test", location=org["berlin"],
                  manager=org["dev"], is_hr=True)
    make_employee(name="Zoë, \"Zo\" Ångström", email="zoe@example.test", location=org["london"])
    left = make_employee(name="Lee Left", email="lee@example.test", location=org["london"],
                         active=False)
    make_employee(name="Reports To A Leaver", email="r@example.test", manager=left,
                  location=org["london"])
    before = counts()
    page = check(hr_client, exported(hr_client).encode("utf-8"), "people.csv").get_data(
        as_text=True)
    assert "6 rows: 0 new, 0 changed, 6 unchanged." in page
    hr_client.post(f"/hr/people/import/{import_id_on(page)}")
    assert counts() == before
    assert person("formula@example.test").name == "=SUM(A1:A9)"


def test_an_edited_export_imports_the_edits(org, hr_client):
    text = exported(hr_client).replace("Dana Dev", "Dana Developer")
    text += "new@example.test,New Person,dana@example.test,Berlin,2026-01-05,no\r\n"
    check_and_import(hr_client, text.encode("utf-8"))
    assert person("dana@example.test").name == "Dana Developer"
    assert person("new@example.test").manager.email == "dana@example.test"


# -- Who may -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["employee", "manager"])
def test_only_hr_may_import_or_export(org, app, who):
    manager = org["head"] if who == "manager" else None
    someone = make_employee(email=f"{who}@example.test", manager=manager)
    client = app.test_client()
    sign_in(client, org["head"].email if who == "manager" else someone.email)
    before = counts()
    assert client.get("/hr/people/import").status_code == 403
    assert check(client, NEW_TEAM).status_code == 403
    assert client.post("/hr/people/import/anything").status_code == 403
    assert client.get("/hr/people/export").status_code == 403
    assert counts() == before


def test_signed_out_visitors_are_sent_to_sign_in(org, client):
    response = client.get("/hr/people/export")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_with_csrf_checking_on_a_large_upload_needs_and_passes_the_token(
        org, database_url_for_tests):
    from portal.app import create_app

    checked = create_app(config_for(database_url_for_tests, WTF_CSRF_ENABLED=True))
    checked.test_client_class = FreshContextClient
    client = checked.test_client()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"email": org["hr"].email, "password": "correct horse battery "
                                "staple", "csrf_token": token})
    page = client.get("/hr/people/import").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    lines = [f"p{n:05}@example.test,Person {n:05} {'x' * 80},,London,," for n in range(15_000)]
    data = csv_file(*lines)
    assert len(data) > 1024 * 1024  # over the app's limit for other forms
    without = client.post("/hr/people/import", data={"csv_file": (io.BytesIO(data), "p.csv")},
                          content_type="multipart/form-data")
    assert without.status_code == 400
    assert "This form had expired" in without.get_data(as_text=True)
    with_token = client.post(
        "/hr/people/import",
        data={"csv_file": (io.BytesIO(data), "p.csv"), "csrf_token": token},
        content_type="multipart/form-data")
    assert with_token.status_code == 200
    assert "15,000 rows: 15,000 new" in with_token.get_data(as_text=True)
    db.session.rollback()
