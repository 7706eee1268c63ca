"""`flask people import FILE [--apply]` and `flask people export [--output FILE]`."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import Employee, OutboxMessage, PersonChange
from tests.builders import make_employee, make_location

HEADER = "email,name,manager_email,location,hire_date,hr"


@pytest.fixture
def org(app):
    london = make_location(name="London", country="GB", subdivision="ENG")
    hr = make_employee(name="Harper HR", email="harper@example.test", is_hr=True, location=london,
                       hire_date=date(2019, 4, 1))
    head = make_employee(name="Hana Head", email="hana@example.test", location=london,
                         hire_date=date(2015, 3, 2))
    return {"london": london, "hr": hr, "head": head}


def write(tmp_path, *lines: str, name: str = "people.csv", header: str = HEADER):
    path = tmp_path / name
    path.write_text("\n".join((header, *lines)) + "\n", encoding="utf-8")
    return path


def people_import(runner, *args):
    return runner.invoke(args=["people", "import", *map(str, args)])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def person(email: str) -> Employee | None:
    return db.session.scalar(select(Employee).where(Employee.email == email))


def test_import_without_apply_prints_the_check_and_saves_nothing(org, runner, tmp_path):
    path = write(tmp_path, "ann@example.test,Ann,bo@example.test,London,2024-05-06,",
                 "bo@example.test,Bo,hana@example.test,London,,",
                 "hana@example.test,Hana Head,,London,2015-03-02,",
                 "harper@example.test,Harper,,London,2019-04-01,")
    result = people_import(runner, path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "Row 2, ann@example.test: new person",
        "Row 3, bo@example.test: new person",
        "Row 4, hana@example.test: unchanged",
        "Row 5, harper@example.test: changed (Name: Harper HR → Harper)",
        "4 rows: 2 new, 1 changed, 1 unchanged.",
        "Nothing was saved. Run again with --apply to import this file.",
    ]
    assert result.stderr == ""
    assert (count(Employee), count(PersonChange), count(OutboxMessage)) == (2, 0, 0)


def test_apply_imports_the_file_with_history_and_invitations(org, runner, tmp_path):
    path = write(tmp_path, "ann@example.test,Ann,hana@example.test,london,2024-05-06,yes",
                 "hana@example.test,Hana H.,,London,2015-03-02,", name="hris.csv")
    result = people_import(runner, path, "--apply")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "Imported: 1 new, 1 changed."
    ann = person("ann@example.test")
    assert (ann.manager.email, ann.is_hr, ann.hire_date) == ("hana@example.test", True,
                                                            date(2024, 5, 6))
    assert person("hana@example.test").name == "Hana H."
    changes = db.session.scalars(select(PersonChange)).all()
    assert {(c.source, c.source_name, c.actor_id) for c in changes} == {("import", "hris.csv",
                                                                        None)}
    assert list(db.session.scalars(select(OutboxMessage.recipient))) == ["ann@example.test"]
    again = people_import(runner, path, "--apply")
    assert again.stdout.splitlines()[-1] == "Imported: 0 new, 0 changed."
    assert count(PersonChange) == len(changes)


def test_any_wrong_row_exits_2_with_the_errors_on_stderr_and_nothing_imported(
        org, runner, tmp_path):
    path = write(tmp_path, "ann@example.test,Ann,,London,,",
                 "bob@example.test,Bob,,Mars,,",
                 "cy@example.test,Cy,nobody@example.test,London,,")
    result = people_import(runner, path, "--apply")
    assert result.exit_code == 2
    assert "Row 2, ann@example.test: new person" in result.stdout
    errors = result.stderr.splitlines()
    assert errors[0].startswith("Row 3, bob@example.test: We do not know the location “Mars”")
    assert errors[1] == ("Row 4, cy@example.test: The manager nobody@example.test is neither in "
                         "the portal nor in this file.")
    assert errors[2] == "3 rows: 1 new, 0 changed, 0 unchanged, 2 with errors."
    assert errors[3] == "Nothing was imported: please correct the file and try again."
    assert "Row 3" not in result.stdout
    assert person("ann@example.test") is None


@pytest.mark.parametrize("content, message", [
    ("zoë@example.test,Zoë".encode("latin-1"), "is not UTF-8 text"),
    (b"\x00\x01\x02binary", "not a CSV file"),
    (b"", "The file is empty"),
    (b"email,name\nann@example.test,Ann\n", "has no “manager_email”, “location” and “hire_date”"),
])
def test_an_unreadable_file_exits_2_with_a_clear_message(org, runner, tmp_path, content, message):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = people_import(runner, path)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: bad.csv: ")
    assert message in result.stderr
    assert result.stdout == ""


def test_a_missing_file_exits_2(org, runner, tmp_path):
    result = people_import(runner, tmp_path / "nowhere.csv")
    assert result.exit_code == 2
    assert "cannot read" in result.stderr and "nowhere.csv" in result.stderr


def test_export_prints_active_people_to_stdout_in_the_import_columns(org, runner):
    make_employee(name="=cmd|' /C calc'!A0", email="eve@example.test", location=org["london"],
                  manager=org["head"], hire_date=None)
    make_employee(name="Gone", email="gone@example.test", location=org["london"], active=False)
    result = runner.invoke(args=["people", "export"])
    assert result.exit_code == 0
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        HEADER.split(","),
        ["eve@example.test", "'=cmd|' /C calc'!A0", "hana@example.test", "London", "", "no"],
        ["hana@example.test", "Hana Head", "", "London", "2015-03-02", "no"],
        ["harper@example.test", "Harper HR", "", "London", "2019-04-01", "yes"],
    ]


def test_export_to_a_file_then_import_changes_nothing(org, runner, tmp_path):
    make_employee(name="@Someone, \"quoted\"", email="q@example.test", location=org["london"])
    output = tmp_path / "people.csv"
    result = runner.invoke(args=["people", "export", "--output", str(output)])
    assert result.exit_code == 0
    assert result.stdout == f"Exported 3 people to {output}.\n"
    assert output.read_bytes().startswith(b"\xef\xbb\xbfemail,name,")  # Excel's UTF-8 mark
    before = count(PersonChange)
    again = people_import(runner, output, "--apply")
    assert again.exit_code == 0
    assert "3 rows: 0 new, 0 changed, 3 unchanged." in again.stdout
    assert count(PersonChange) == before
