"""`flask entitlement`: the explanation for a person, or exactly one JSON object."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import TestConfig
from portal.app import create_app

ROOT = Path(__file__).resolve().parents[2]
KEYS = [
    "policy", "grants", "company_days", "statutory", "leave_days", "start", "end",
    "return_date", "phased_return", "explanation",
]


@pytest.fixture(scope="module")
def cli():
    """The command needs no database: an app on the default in-memory test configuration."""
    return create_app(TestConfig).test_cli_runner()


def entitlement(cli, *args):
    return cli.invoke(args=["entitlement", *args])


def test_json_output_is_one_object_with_the_documented_keys(cli):
    result = entitlement(
        cli, "--role", "birthing", "--event", "birth", "--event-date", "2026-03-02", "--json"
    )
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert list(data) == KEYS
    assert data["policy"] == "company-2022-01-01"
    assert data["grants"] == [
        {"kind": "parental", "days": 182, "pay": "full"},
        {"kind": "phased_return", "days": 28, "pay": "full"},
    ]
    assert data["company_days"] == 182
    assert (data["start"], data["end"], data["return_date"]) == (
        "2026-03-02", "2026-08-30", "2026-08-31",
    )
    assert data["phased_return"] == {
        "start": "2026-08-31", "end": "2026-09-27", "work_days_per_week": 1,
    }
    assert data["statutory"]["jurisdiction"] == "US"
    assert data["statutory"]["rules"][0]["id"] == "US.fmla"
    assert data["statutory"]["rules"][0]["source"].startswith("https://")
    assert data["leave_days"] == 182


def test_nicu_days_in_great_britain_add_company_and_statutory_weeks(cli):
    result = entitlement(
        cli, "--role", "non_birthing", "--event", "birth", "--event-date", "2026-03-02",
        "--country", "GB", "--subdivision", "ENG", "--nicu-days", "10", "--json",
    )
    data = json.loads(result.output)
    assert [(g["kind"], g["days"]) for g in data["grants"]] == [("parental", 140), ("nicu", 14)]
    assert data["company_days"] == 154
    assert data["statutory"]["jurisdiction"] == "GB"


def test_a_country_without_rules_gets_the_company_policy_and_a_note(cli):
    result = entitlement(
        cli, "--role", "adoptive", "--event", "adoption", "--event-date", "2026-05-04",
        "--country", "BR", "--json",
    )
    data = json.loads(result.output)
    assert data["statutory"] is None
    assert any("only the company policy applies" in line for line in data["explanation"])


def test_text_output_gives_the_explanation_and_the_dates(cli):
    result = entitlement(
        cli, "--role", "birthing", "--event", "birth", "--event-date", "2026-03-02"
    )
    assert result.exit_code == 0
    assert "26 weeks parental leave (birthing parent)" in result.output
    assert "Back at work:        Monday 31 August 2026" in result.output
    assert "working one day a week" in result.output


@pytest.mark.parametrize("args,field", [
    (["--role", "adoptive", "--event", "birth", "--event-date", "2026-03-02"], "--role"),
    (["--role", "parent", "--event", "birth", "--event-date", "2026-03-02"], "--role"),
    (["--event", "birth", "--event-date", "2026-03-02"], "--role"),
    (["--role", "birthing", "--event", "birth"], "--event-date"),
    (["--role", "birthing", "--event", "birth", "--event-date", "2 March"], "--event-date"),
    (["--role", "birthing", "--event", "birth", "--event-date", "2026-03-02",
      "--nicu-days", "-1"], "--nicu-days"),
    (["--role", "birthing", "--event", "birth", "--event-date", "2026-03-02",
      "--nicu-days", "ten"], "--nicu-days"),
    (["--role", "birthing", "--event", "pregnancy_loss", "--event-date", "2026-03-02",
      "--gestation-weeks", "10", "--nicu-days", "3"], "--nicu-days"),
    (["--role", "birthing", "--event", "pregnancy_loss", "--event-date", "2026-03-02"],
     "--gestation-weeks"),
    (["--role", "birthing", "--event", "birth", "--event-date", "2026-03-02",
      "--start", "2026-01-01"], "--start"),
    (["--role", "birthing", "--event", "birth", "--event-date", "2026-03-02",
      "--country", "ZZ"], "--country"),
])
def test_an_invalid_case_prints_one_line_naming_the_field_and_exits_2(cli, args, field):
    result = entitlement(cli, *args)
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"Error: {field}: ")
    assert "Traceback" not in result.output


def test_the_real_command_writes_the_error_to_standard_error_only():
    env = {**os.environ, "FLASK_APP": "wsgi", "PORTAL_CONFIG": "test"}
    result = subprocess.run(
        [sys.executable, "-m", "flask", "entitlement", "--role", "birthing",
         "--event", "pregnancy_loss", "--event-date", "2026-03-02"],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: --gestation-weeks: ")
    assert len(result.stderr.strip().splitlines()) == 1


def test_json_keys_stay_the_same_for_every_new_jurisdiction(cli):
    for country, subdivision in (("CA", "ON"), ("AU", "NSW"), ("ES", "MD"), ("NL", ""),
                                 ("JP", "")):
        args = ["--role", "birthing", "--event", "birth", "--event-date", "2026-03-02",
                "--country", country, "--json"]
        if subdivision:
            args += ["--subdivision", subdivision]
        data = json.loads(entitlement(cli, *args).output)
        assert list(data) == KEYS
        assert list(data["statutory"]) == ["jurisdiction", "end", "rules", "notes"]
        for rule in data["statutory"]["rules"]:
            assert list(rule) == ["id", "days", "source"]
        # The entitlement gives the longest leave the rules allow.
        assert data["end"] >= data["statutory"]["end"]


def test_a_newborn_placed_for_adoption_in_neonatal_care_gets_nicu_leave(cli):
    result = entitlement(
        cli, "--role", "adoptive", "--event", "adoption", "--event-date", "2026-05-04",
        "--country", "GB", "--subdivision", "ENG", "--nicu-days", "15", "--json",
    )
    data = json.loads(result.output)
    assert [(g["kind"], g["days"]) for g in data["grants"]] == [
        ("parental", 140), ("nicu", 21), ("phased_return", 28),
    ]
    assert [rule["id"] for rule in data["statutory"]["rules"]] == [
        "GB.adoption", "GB.neonatal_care",
    ]
