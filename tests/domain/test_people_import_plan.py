"""Reading a people CSV and planning its import, row by row: no app, no database."""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain.people import manager_loop
from portal.domain.people_import import (
    Change,
    ExistingPerson,
    ImportFileError,
    Outcome,
    check_text,
    decode,
    delimiter_of,
    parse,
    yes_or_no,
)

TODAY = date(2026, 3, 2)
LOCATIONS = ("London", "Berlin", "New York")
HEADER = "email,name,manager_email,location,hire_date,hr"


def person(email, name="Someone", manager="", location="London", hire=date(2020, 1, 6),
           hr=False, active=True) -> ExistingPerson:
    return ExistingPerson(email, name, manager, location, hire, hr, active)


def portal(*people: ExistingPerson) -> dict[str, ExistingPerson]:
    everyone = {p.email: p for p in people}
    if not any(p.is_hr and p.active for p in people):  # someone must keep HR access
        everyone["hr@example.com"] = person("hr@example.com", "Harper HR", hr=True)
    return everyone


def plan(text, existing=None, locations=LOCATIONS, today=TODAY):
    return check_text(text, portal() if existing is None else existing, locations, today)


def csv_of(*lines: str, header: str = HEADER) -> str:
    return "\n".join((header, *lines)) + "\n"


def row(result, number):
    return next(r for r in result.rows if r.number == number)


def errors_of(result, number) -> str:
    return " ".join(row(result, number).errors)


# -- Reading the file ------------------------------------------------------------------------


def test_utf8_with_or_without_the_byte_order_mark_excel_writes_is_read_alike():
    text = csv_of("zoë@example.com,Zoë Ångström,,London,2021-05-03,no")
    assert decode(text.encode("utf-8")) == decode(b"\xef\xbb\xbf" + text.encode("utf-8")) == text
    result = plan(decode(b"\xef\xbb\xbf" + text.encode()))
    assert not result.has_errors
    assert row(result, 2).values.name == "Zoë Ångström"


def test_a_byte_order_mark_left_in_the_text_does_not_hide_the_email_column():
    result = plan("\ufeff" + csv_of("ann@example.com,Ann,,London,,"))
    assert not result.has_errors and row(result, 2).outcome == Outcome.NEW


def test_a_file_that_is_not_utf8_is_refused_with_a_clear_message():
    with pytest.raises(ImportFileError, match="not UTF-8.*line 2"):
        decode(csv_of("zoe@example.com,Zoë,,London,,").encode("latin-1"))


def test_binary_files_spreadsheets_and_utf16_are_refused_by_name():
    with pytest.raises(ImportFileError, match="binary data"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    with pytest.raises(ImportFileError, match="spreadsheet file"):
        decode(b"PK\x03\x04rest of an xlsx")
    with pytest.raises(ImportFileError, match="UTF-16"):
        decode(HEADER.encode("utf-16"))


def test_semicolons_are_the_separator_when_the_header_has_more_of_them():
    assert delimiter_of("email;name;manager_email;location;hire_date") == ";"
    assert delimiter_of(HEADER) == ","
    text = csv_of("ann@example.com;Smith, Ann;;London;2021-05-03;yes",
                  header=HEADER.replace(",", ";"))
    result = plan(text)
    assert not result.has_errors
    assert row(result, 2).values.name == "Smith, Ann"
    assert row(result, 2).values.is_hr is True


def test_columns_are_found_by_header_name_in_any_order_and_case():
    text = csv_of("2021-05-03,London,ann@example.com,Ann,",
                  header="Hire Date,LOCATION, Email ,name,manager-email")
    result = plan(text)
    values = row(result, 2).values
    assert (values.email, values.name, values.location, values.hire_date) == (
        "ann@example.com", "Ann", "London", date(2021, 5, 3))


def test_unknown_columns_are_ignored_with_a_note():
    result = plan(csv_of("ann@example.com,Ann,,London,,,Sales", header=HEADER + ",department"))
    assert not result.has_errors
    assert result.notes == ("The column “department” is not part of an import, so it was ignored.",)


def test_a_header_missing_a_required_column_is_a_file_error_naming_it():
    result = plan("email,name,location\nann@example.com,Ann,London\n")
    assert result.has_errors and result.rows == ()
    assert "no “manager_email” and “hire_date” columns" in result.file_errors[0]


def test_a_column_named_twice_is_a_file_error():
    result = plan(csv_of("a@example.com,A,,London,,,b@example.com", header=HEADER + ",email"))
    assert "“email” more than once" in result.file_errors[0]


def test_an_empty_file_and_a_file_with_only_a_header_say_so():
    assert "The file is empty" in plan("").file_errors[0]
    assert "The file is empty" in plan(" \n\n").file_errors[0]
    only_header = plan(HEADER + "\r\n")
    assert only_header.has_errors
    assert "a header but no people" in only_header.file_errors[0]


def test_row_numbers_are_spreadsheet_rows_and_empty_lines_still_count():
    text = csv_of("ann@example.com,Ann,,London,,", ",,,,,", "", "bad,Bob,,London,,")
    result = plan(text)
    assert [r.number for r in result.rows] == [2, 5]
    assert row(result, 5).outcome == Outcome.ERROR


def test_a_quoted_cell_may_hold_the_separator_and_a_line_break():
    result = plan(csv_of('ann@example.com,"Ann ""Nan"" Smith, Jr.",,London,,',
                         'bob@example.com,"Bob\nJones",,London,,', "cat@example.com,Cat,,,,"))
    assert row(result, 2).values.name == 'Ann "Nan" Smith, Jr.'
    assert row(result, 3).values.name == "Bob\nJones"
    assert "location" in errors_of(result, 4)  # the spreadsheet's row 4, not line 5


def test_a_row_with_more_cells_than_the_header_is_an_error():
    result = plan(csv_of("ann@example.com,Smith, Ann,,London,,,",
                         "bob@example.com,Bob,,London,,,extra"))
    assert "more cells than the header" in errors_of(result, 2)
    assert "more cells than the header" in errors_of(result, 3)


def test_trailing_empty_cells_beyond_the_header_are_fine():
    assert not plan(csv_of("ann@example.com,Ann,,London,,,,,")).has_errors


def test_the_exports_protective_apostrophe_is_taken_off():
    result = plan(csv_of("'=ann@example.com,'=SUM(A1),,London,,",
                         "bob@example.com,'-Bob,,London,,", "cat@example.com,'Cat,,London,,"))
    assert row(result, 3).values.name == "-Bob"
    assert row(result, 2).values.email == "=ann@example.com"
    assert row(result, 2).values.name == "=SUM(A1)"
    assert row(result, 4).values.name == "'Cat"  # an apostrophe not protecting a formula stays


def test_yes_and_no_are_read_in_their_usual_spellings():
    assert [yes_or_no(v) for v in ("yes", "Y", "TRUE", "1", " no ", "n", "False", "0")] == [
        True, True, True, True, False, False, False, False]
    assert yes_or_no("maybe") is None


# -- One row at a time -------------------------------------------------------------------------


def test_a_new_person_is_new_with_the_values_from_the_file():
    result = plan(csv_of(" Ann@Example.COM , Ann Smith ,,london,2021-05-03,"))
    new = row(result, 2)
    assert new.outcome == Outcome.NEW and new.changes == ()
    assert new.values.as_record() == {
        "email": "ann@example.com", "name": "Ann Smith", "manager": "", "location": "London",
        "hire_date": "2021-05-03", "is_hr": "no",
    }


def test_a_changed_person_lists_each_changed_field_old_to_new():
    existing = portal(person("boss@example.com"), person("new-boss@example.com"),
                      person("ann@example.com", "Ann", manager="boss@example.com"))
    result = plan(csv_of("ann@example.com,Anne,new-boss@example.com,Berlin,2020-01-07,yes"),
                  existing)
    changed = row(result, 2)
    assert changed.outcome == Outcome.CHANGED
    assert changed.changes == (
        Change("name", "Ann", "Anne"),
        Change("manager", "boss@example.com", "new-boss@example.com"),
        Change("location", "London", "Berlin"),
        Change("hire_date", "2020-01-06", "2020-01-07"),
        Change("is_hr", "no", "yes"),
    )


def test_a_person_as_they_are_is_unchanged():
    existing = portal(person("ann@example.com", "Ann", location="New York"))
    result = plan(csv_of("ann@example.com,Ann,,new york,2020-01-06,no"), existing)
    assert row(result, 2).outcome == Outcome.UNCHANGED


def test_an_empty_or_missing_hr_keeps_an_existing_persons_access_and_means_no_for_a_new_one():
    existing = portal(person("hr2@example.com", "Hollis", hr=True), person("hr@example.com",
                                                                           "Harper", hr=True))
    result = plan(csv_of("hr2@example.com,Hollis,,London,2020-01-06,",
                         "new@example.com,New,,London,,"), existing)
    assert row(result, 2).outcome == Outcome.UNCHANGED
    assert row(result, 3).values.is_hr is False
    without = plan("email,name,manager_email,location,hire_date\n"
                   "hr2@example.com,Hollis,,London,2020-01-06\n", existing)
    assert row(without, 2).outcome == Outcome.UNCHANGED


def test_an_empty_hire_date_keeps_an_existing_persons_and_means_none_for_a_new_one():
    existing = portal(person("ann@example.com", "Ann", hire=date(2021, 3, 1)),
                      person("bo@example.com", "Bo"), person("cy@example.com", "Cy", hire=None))
    result = plan(csv_of("ann@example.com,Ann,,London,,", "bo@example.com,Bo Boss,,Berlin,,",
                         "cy@example.com,Cy,,London,,", "new@example.com,New,,London,,"),
                  existing)
    kept = row(result, 2)
    assert kept.outcome == Outcome.UNCHANGED and kept.changes == ()
    assert kept.values.hire_date == date(2021, 3, 1)
    # Other changes on the row are made; the hire date is not among them.
    assert row(result, 3).changes == (Change("name", "Bo", "Bo Boss"),
                                      Change("location", "London", "Berlin"))
    assert row(result, 3).values.hire_date == date(2020, 1, 6)
    assert row(result, 4).outcome == Outcome.UNCHANGED
    assert row(result, 5).values.hire_date is None


def test_a_hire_date_in_the_file_still_replaces_the_one_on_record():
    existing = portal(person("ann@example.com", "Ann", hire=None),
                      person("bo@example.com", "Bo"))
    result = plan(csv_of("ann@example.com,Ann,,London,2021-03-01,",
                         "bo@example.com,Bo,,London,2021-03-01,"), existing)
    assert row(result, 2).changes == (Change("hire_date", "", "2021-03-01"),)
    assert row(result, 3).changes == (Change("hire_date", "2020-01-06", "2021-03-01"),)


@pytest.mark.parametrize("cells, reason", [
    ("not-an-email,Ann,,London,,", "“not-an-email” is not an email address"),
    (",Ann,,London,,", "Please enter an email address."),
    ("ann@example.com,,,London,,", "Please enter the person's name."),
    ("ann@example.com,   ,,London,,", "Please enter the person's name."),
    (f"ann@example.com,{'A' * 121},,London,,", "at most 120 characters"),
    ("ann@example.com,Ann,,Mars,,", "We do not know the location “Mars”; the locations are "
     "“Berlin”, “London” and “New York”."),
    ("ann@example.com,Ann,,,,", "Please give the person's location"),
    ("ann@example.com,Ann,,London,03/05/2021,", "“03/05/2021” is not a hire date written as "
     "YYYY-MM-DD"),
    ("ann@example.com,Ann,,London,2021-02-30,", "“2021-02-30” is not a hire date"),
    ("ann@example.com,Ann,,London,2062-01-05,", "A hire date can be at most a year ahead"),
    ("ann@example.com,Ann,,London,,maybe", "“maybe” in the hr column should be yes or no."),
    ("ann@example.com,Ann,boss@,London,,", "Manager's email: “boss@” is not an email address"),
    ("ann@example.com,Ann,nobody@example.com,London,,",
     "The manager nobody@example.com is neither in the portal nor in this file."),
    ("ann@example.com,Ann,ann@example.com,London,,", "A person cannot be their own manager."),
])
def test_a_wrong_row_is_an_error_with_its_reason(cells, reason):
    result = plan(csv_of("ok@example.com,Ok,,London,,", cells))
    assert result.has_errors
    assert row(result, 2).outcome == Outcome.NEW
    assert row(result, 3).outcome == Outcome.ERROR
    assert reason in errors_of(result, 3)
    assert row(result, 3).values is None


def test_a_row_can_have_several_errors_at_once():
    result = plan(csv_of("bad,,,Mars,tomorrow,perhaps"))
    assert len(row(result, 2).errors) == 5


def test_a_hire_date_a_year_ahead_is_fine_and_an_unchanged_old_one_is_never_questioned():
    soon = plan(csv_of("ann@example.com,Ann,,London,2027-03-02,"))
    assert not soon.has_errors
    existing = portal(person("ann@example.com", "Ann", hire=date(2040, 1, 1)))
    assert not plan(csv_of("ann@example.com,Ann,,London,2040-01-01,"), existing).has_errors


def test_a_location_matches_whatever_its_case_and_the_record_keeps_its_own_name():
    result = plan(csv_of("ann@example.com,Ann,,  NEW YORK ,,"))
    assert row(result, 2).values.location == "New York"


def test_an_unknown_location_among_many_points_to_the_locations_page():
    many = [f"Office {n}" for n in range(20)]
    result = plan(csv_of("ann@example.com,Ann,,Mars,,"), locations=many)
    assert "use a name from the Locations page" in errors_of(result, 2)


# -- Across rows -------------------------------------------------------------------------------


def test_a_duplicate_email_in_the_file_is_an_error_on_every_row_it_is_on():
    result = plan(csv_of("ann@example.com,Ann,,London,,", "bob@example.com,Bob,,London,,",
                         "ANN@example.com,Ann again,,London,,"))
    assert "ann@example.com is also on row 4" in errors_of(result, 2)
    assert "ann@example.com is also on row 2" in errors_of(result, 4)
    assert row(result, 3).outcome == Outcome.NEW


def test_a_manager_may_come_later_in_the_file_than_their_reports():
    result = plan(csv_of("ann@example.com,Ann,boss@example.com,London,,",
                         "boss@example.com,Boss,big@example.com,London,,",
                         "big@example.com,Big Boss,,London,,"))
    assert not result.has_errors
    assert [r.outcome for r in result.rows] == [Outcome.NEW] * 3


def test_a_manager_in_the_portal_must_be_active_unless_they_already_manage_the_person():
    existing = portal(
        person("left@example.com", "Left", active=False),
        person("ann@example.com", "Ann", manager="left@example.com"),
        person("bob@example.com", "Bob"),
    )
    result = plan(csv_of("ann@example.com,Annie,left@example.com,London,2020-01-06,",
                         "bob@example.com,Bob,left@example.com,London,2020-01-06,",
                         "new@example.com,New,left@example.com,London,,"), existing)
    assert row(result, 2).outcome == Outcome.CHANGED  # the name; the manager is as it was
    assert "The manager left@example.com has left" in errors_of(result, 3)
    assert "The manager left@example.com has left" in errors_of(result, 4)


def test_a_manager_who_left_is_not_made_active_by_being_in_the_file():
    existing = portal(person("left@example.com", "Left", active=False))
    result = plan(csv_of("left@example.com,Left,,London,2020-01-06,",
                         "new@example.com,New,left@example.com,London,,"), existing)
    assert "has left" in errors_of(result, 3)
    assert "they stay inactive" in row(result, 2).notes[0]


def test_a_person_who_left_is_updated_but_stays_inactive_and_the_row_says_so():
    existing = portal(person("left@example.com", "Left", active=False))
    result = plan(csv_of("left@example.com,Left Again,,London,2020-01-06,"), existing)
    left = row(result, 2)
    assert left.outcome == Outcome.CHANGED
    assert left.notes == ("This person has left: their record is updated, but they stay "
                          "inactive.",)


def test_a_loop_of_managers_within_the_file_is_an_error_on_each_row_in_it():
    result = plan(csv_of("a@example.com,A,b@example.com,London,,",
                         "b@example.com,B,c@example.com,London,,",
                         "c@example.com,C,a@example.com,London,,",
                         "d@example.com,D,a@example.com,London,,"))
    assert ("These managers would form a loop: a@example.com → b@example.com → c@example.com "
            "→ a@example.com (3 people)") in errors_of(result, 2)
    assert "b@example.com → c@example.com → a@example.com → b@example.com" in errors_of(result, 3)
    assert "c@example.com →" in errors_of(result, 4)
    assert row(result, 5).outcome == Outcome.NEW  # below the loop, not in it


def test_a_loop_across_the_file_and_the_portal_is_an_error():
    # In the portal: boss reports to top. The file makes top report to ann, who reports to boss.
    existing = portal(person("top@example.com", "Top"),
                      person("boss@example.com", "Boss", manager="top@example.com"))
    result = plan(csv_of("top@example.com,Top,ann@example.com,London,2020-01-06,",
                         "ann@example.com,Ann,boss@example.com,London,,"), existing)
    chain = "top@example.com → ann@example.com → boss@example.com → top@example.com"
    assert chain in errors_of(result, 2)
    assert "ann@example.com → boss@example.com → top@example.com → ann@example.com" in (
        errors_of(result, 3))
    # The same chain the People form's rule finds.
    managers = {"top@example.com": "ann@example.com", "ann@example.com": "boss@example.com",
                "boss@example.com": "top@example.com"}
    assert manager_loop("ann@example.com", "boss@example.com", managers.get) == [
        "ann@example.com", "boss@example.com", "top@example.com", "ann@example.com"]


def test_a_file_that_breaks_a_loop_in_the_portal_chain_is_fine():
    existing = portal(person("a@example.com", "A", manager="b@example.com"),
                      person("b@example.com", "B"))
    result = plan(csv_of("b@example.com,B,a@example.com,London,2020-01-06,",
                         "a@example.com,A,,London,2020-01-06,"), existing)
    assert not result.has_errors


def test_a_long_loop_is_named_shortly():
    emails = [f"p{n}@example.com" for n in range(30)]
    lines = [f"{email},P,{emails[(n + 1) % 30]},London,," for n, email in enumerate(emails)]
    result = plan(csv_of(*lines))
    message = errors_of(result, 2)
    assert "p0@example.com → p1@example.com" in message and "… → p0@example.com" in message
    assert "(30 people)" in message


def test_a_long_chain_of_managers_is_checked_quickly():
    emails = [f"p{n}@example.com" for n in range(5000)]
    lines = [f"{email},P,{emails[n + 1] if n + 1 < 5000 else ''},London,,"
             for n, email in enumerate(emails)]
    assert not plan(csv_of(*lines)).has_errors


def test_taking_hr_access_from_the_last_active_hr_person_is_refused_on_that_row():
    existing = {"hr@example.com": person("hr@example.com", "Harper", hr=True),
                "old@example.com": person("old@example.com", "Old", hr=True, active=False)}
    result = plan(csv_of("hr@example.com,Harper,,London,2020-01-06,no"), existing)
    assert "This is the only active person with HR access" in errors_of(result, 2)


def test_hr_access_may_move_to_someone_else_in_the_same_file():
    existing = {"hr@example.com": person("hr@example.com", "Harper", hr=True)}
    result = plan(csv_of("hr@example.com,Harper,,London,2020-01-06,no",
                         "new@example.com,New HR,,London,,yes"), existing)
    assert not result.has_errors


def test_taking_hr_access_from_every_hr_person_names_the_other_rows():
    existing = {"hr@example.com": person("hr@example.com", "Harper", hr=True),
                "hr2@example.com": person("hr2@example.com", "Hollis", hr=True)}
    result = plan(csv_of("hr@example.com,Harper,,London,2020-01-06,no",
                         "hr2@example.com,Hollis,,London,2020-01-06,no"), existing)
    assert "every active HR person (also on row 3)" in errors_of(result, 2)
    assert "every active HR person (also on row 2)" in errors_of(result, 3)


def test_a_first_import_without_any_hr_person_gets_a_note():
    result = plan(csv_of("ann@example.com,Ann,,London,,"), existing={})
    assert not result.has_errors
    assert any("nobody has HR access" in note for note in result.notes)


def test_people_missing_from_the_file_are_not_in_the_plan():
    existing = portal(person("ann@example.com", "Ann"), person("bob@example.com", "Bob"))
    result = plan(csv_of("ann@example.com,Ann,,London,2020-01-06,"), existing)
    assert [r.email for r in result.rows] == ["ann@example.com"]


def test_counting_the_outcomes():
    existing = portal(person("ann@example.com", "Ann"), person("bob@example.com", "Bob"))
    result = plan(csv_of("ann@example.com,Ann,,London,2020-01-06,",
                         "bob@example.com,Robert,,London,2020-01-06,",
                         "cat@example.com,Cat,,London,,", "bad,Bad,,London,,"), existing)
    assert [result.count(o) for o in Outcome] == [1, 1, 1, 1]
    assert [r.number for r in result.rows_with(Outcome.ERROR)] == [5]


def test_parse_keeps_the_columns_it_found():
    parsed = parse(csv_of("ann@example.com,Ann,,London,,", header=HEADER + ",team"))
    assert parsed.columns == ("email", "name", "manager_email", "location", "hire_date", "hr")
    assert parsed.rows[0].cells["name"] == "Ann"


def test_a_file_the_csv_reader_cannot_read_is_a_file_error_with_its_line():
    result = plan(csv_of("ann@example.com,Ann,,London,,", "bob@example.com," + "B" * 200_000
                         + ",,London,,"))
    assert result.rows == ()
    assert "cannot be read as CSV near line 3" in result.file_errors[0]


def test_old_mac_line_endings_are_read_too():
    result = plan(HEADER + "\rann@example.com,Ann,,London,,\rbob@example.com,Bob,,London,,\r")
    assert [r.outcome for r in result.rows] == [Outcome.NEW, Outcome.NEW]
