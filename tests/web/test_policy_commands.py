"""`flask policies check`: validates the policy data and prints the rules in force."""

import shutil

import pytest

from config import TestConfig
from portal.app import create_app
from portal.domain.policy import DEFAULT_DIRECTORY


@pytest.fixture(scope="module")
def cli():
    return create_app(TestConfig).test_cli_runner()


def check(cli, *args):
    return cli.invoke(args=["policies", "check", *args])


def test_valid_data_is_reported_with_every_rule_in_force(cli):
    result = check(cli, "--on", "2026-03-01")
    assert result.exit_code == 0
    assert result.output.startswith("Policy data is valid: 1 company policy version(s)")
    assert "13 jurisdictions" in result.output
    for code in ("AU — Australia", "CA-ON — Ontario", "JP — Japan", "NL — The Netherlands"):
        assert code in result.output
    assert "  Congé maternité [FR.conge_maternite]" in result.output
    assert "counted from:   back from the expected date, and on from the birth" in result.output
    assert "source:         https://www.gov.uk/maternity-pay-leave/leave" in result.output
    assert "in force from:  1 April 2007" in result.output
    assert "Note: Elternzeit [DE.elternzeit]" in result.output


def test_the_day_chooses_the_versions_in_force(cli):
    before = check(cli, "--on", "2025-07-30").output
    after = check(cli, "--on", "2025-07-31").output
    assert "[ES.birth_and_care_leave_16_weeks]" in before
    assert "[ES.birth_and_care_leave]" not in before
    assert "[ES.birth_and_care_leave]" in after


def test_broken_data_exits_2_with_a_clear_message(cli, tmp_path):
    directory = tmp_path / "policies"
    shutil.copytree(DEFAULT_DIRECTORY, directory)
    text = (directory / "fr.toml").read_text(encoding="utf-8")
    (directory / "fr.toml").write_text(
        text.replace('counted_from = "leave_start"', 'counted_from = "whenever"', 1),
        encoding="utf-8",
    )
    result = check(cli, "--directory", str(directory))
    assert result.exit_code == 2
    assert "Error: the policy data is not valid:" in result.output
    assert "fr.toml, rule FR.conge_paternite: counted_from must be one of" in result.output
    assert "Traceback" not in result.output


def test_a_missing_directory_exits_2(cli, tmp_path):
    result = check(cli, "--directory", str(tmp_path / "nowhere"))
    assert result.exit_code == 2
    assert "policy directory not found" in result.output


def test_a_bad_day_is_refused(cli):
    result = check(cli, "--on", "1 March")
    assert result.exit_code == 2
    assert "is not a date" in result.output
