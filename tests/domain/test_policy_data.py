"""Policy data files load, validate, and pick the right company policy version (POLICY §3-4)."""

import shutil
from datetime import date
from pathlib import Path

import pytest

from portal.domain.errors import IneligibleCase, PolicyDataError
from portal.domain.policy import DEFAULT_DIRECTORY, load_policy_book

GOOD_RULE = """
[[rule]]
id = "GB.maternity"
kind = "fixed"
title = "statutory maternity leave"
roles = ["birthing"]
events = ["birth"]
weeks = 52
counted_from = "leave_start"
effective_from = 2007-04-01
source = "https://www.gov.uk/maternity-pay-leave/leave"
"""


def make_policy_dir(tmp_path: Path, name: str = "gb.toml", text: str = "") -> Path:
    """A copy of the real policy data with one file replaced (or added)."""
    directory = tmp_path / "policies"
    shutil.copytree(DEFAULT_DIRECTORY, directory)
    if text:
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def gb_file(rule: str = GOOD_RULE) -> str:
    return '[jurisdiction]\ncode = "GB"\nname = "the UK"\n' + rule


def load_error(tmp_path: Path, text: str, name: str = "gb.toml") -> str:
    with pytest.raises(PolicyDataError) as caught:
        load_policy_book(make_policy_dir(tmp_path, name, text))
    return str(caught.value)


def test_the_shipped_policy_data_loads_with_every_jurisdiction():
    book = load_policy_book()
    assert set(book.jurisdictions) == {
        "GB", "DE", "IN", "US", "US-CA", "US-NY", "FR", "IE", "JP", "CA-ON", "AU", "ES", "NL",
    }
    assert book.rule_count == 65
    assert [p.id for p in book.company_policies] == ["company-2022-01-01"]


def test_the_default_book_is_loaded_once():
    assert load_policy_book() is load_policy_book()


def test_every_rule_has_a_source_url_and_an_effective_date():
    book = load_policy_book()
    rules = [rule for j in book.jurisdictions.values() for rule in j.rules.rules]
    rules += [rule for p in book.company_policies for rule in p.grants.rules]
    for rule in rules:
        assert rule.source.startswith("https://"), rule.id
        assert isinstance(rule.effective_from, date), rule.id


def test_an_effective_from_that_is_not_a_date_names_the_file_and_rule(tmp_path):
    text = gb_file(GOOD_RULE.replace("effective_from = 2007-04-01", 'effective_from = "2007"'))
    message = load_error(tmp_path, text)
    assert message.endswith("gb.toml, rule GB.maternity: effective_from must be a date")


def test_errors_name_shipped_files_relative_to_the_repository():
    from portal.domain.policy import _display

    assert _display(DEFAULT_DIRECTORY / "gb.toml") == "portal/policies/gb.toml"


@pytest.mark.parametrize(
    "change, complaint",
    [
        (("weeks = 52", "weeks = -1"), "weeks must be a whole number, 0 or more"),
        (('roles = ["birthing"]', 'roles = ["mother"]'), "roles must be a non-empty list"),
        (('events = ["birth"]', 'events = ["wedding"]'), "events must be a non-empty list"),
        (('kind = "fixed"', 'kind = "magic"'), "kind must be one of"),
        (("weeks = 52", "wekks = 52"), "unknown key 'wekks'"),
        (
            ('source = "https://www.gov.uk/maternity-pay-leave/leave"', 'source = "gov.uk"'),
            "source must be an https:// URL",
        ),
        (("weeks = 52", "weeks = 52\ndays = 3"), "give exactly one of weeks or days"),
        (('counted_from = "leave_start"', 'counted_from = "whenever"'),
         "counted_from must be one of expected_date, event, day_after_event, leave_start"),
        (('counted_from = "leave_start"', ""), "counted_from is missing"),
        (
            ('source = "https://www.gov.uk/maternity-pay-leave/leave"',
             'source = "https://www.lawfirm.example/maternity"'),
            "source must be an official page",
        ),
        (('id = "GB.maternity"', 'id = "DE.maternity"'), "id must start with 'GB.'"),
        (
            (
                "effective_from = 2007-04-01",
                "effective_from = 2007-04-01\neffective_to = 2001-01-01",
            ),
            "effective_to must be a date on or after effective_from",
        ),
    ],
)
def test_a_broken_rule_is_refused_with_the_reason(tmp_path, change, complaint):
    old, new = change
    message = load_error(tmp_path, gb_file(GOOD_RULE.replace(old, new)))
    assert "gb.toml, rule" in message
    assert complaint in message


def test_a_missing_figure_is_named(tmp_path):
    rule = GOOD_RULE.replace('kind = "fixed"', 'kind = "neonatal_extension"').replace(
        "weeks = 52", "min_nicu_days = 7"
    ).replace('counted_from = "leave_start"\n', "")
    assert load_error(tmp_path, gb_file(rule)).endswith("rule GB.maternity: max_weeks is missing")


def test_a_duplicated_rule_id_is_refused(tmp_path):
    assert "id is used twice" in load_error(tmp_path, gb_file(GOOD_RULE + GOOD_RULE))


def test_a_file_whose_code_does_not_match_its_name_is_refused(tmp_path):
    text = gb_file().replace('code = "GB"', 'code = "IE"')
    assert "code must be 'GB'" in load_error(tmp_path, text)


def test_invalid_toml_is_refused_naming_the_file(tmp_path):
    assert "gb.toml: not valid TOML" in load_error(tmp_path, "[jurisdiction\n")


def test_a_directory_without_a_company_policy_is_refused(tmp_path):
    directory = make_policy_dir(tmp_path)
    for path in directory.glob("company-*.toml"):
        path.unlink()
    with pytest.raises(PolicyDataError, match="no company policy"):
        load_policy_book(directory)


def write_second_version(directory: Path) -> None:
    text = (DEFAULT_DIRECTORY / "company-2022-01-01.toml").read_text(encoding="utf-8")
    text = text.replace("2022-01-01", "2027-01-01").replace("weeks = 20", "weeks = 24")
    (directory / "company-2027-01-01.toml").write_text(text, encoding="utf-8")


def test_a_later_company_policy_applies_from_its_date_and_not_before(tmp_path):
    directory = make_policy_dir(tmp_path)
    write_second_version(directory)
    book = load_policy_book(directory)
    assert book.company_policy_for(date(2026, 12, 31)).id == "company-2022-01-01"
    assert book.company_policy_for(date(2027, 1, 1)).id == "company-2027-01-01"
    assert book.company_policy("company-2022-01-01").effective_from == date(2022, 1, 1)


def test_two_company_policies_on_the_same_date_are_refused(tmp_path):
    directory = make_policy_dir(tmp_path)
    text = (DEFAULT_DIRECTORY / "company-2022-01-01.toml").read_text(encoding="utf-8")
    (directory / "company-copy.toml").write_text(text, encoding="utf-8")
    with pytest.raises(PolicyDataError, match="same date"):
        load_policy_book(directory)


def test_an_event_before_every_company_policy_is_ineligible():
    with pytest.raises(IneligibleCase) as caught:
        load_policy_book().company_policy_for(date(2021, 12, 31))
    assert caught.value.field == "event_date"


def test_a_rule_that_ended_no_longer_applies(tmp_path):
    rule = GOOD_RULE.replace(
        "effective_from = 2007-04-01", "effective_from = 2007-04-01\neffective_to = 2025-12-31"
    )
    book = load_policy_book(make_policy_dir(tmp_path, "gb.toml", gb_file(rule)))
    rules = book.jurisdictions["GB"].rules
    assert rules.applicable("birthing", "birth", date(2025, 12, 31))
    assert not rules.applicable("birthing", "birth", date(2026, 1, 1))


def test_every_statutory_source_is_an_official_page():
    from portal.domain.policy_schema import is_official

    for jurisdiction in load_policy_book().jurisdictions.values():
        for rule in jurisdiction.rules.rules:
            assert is_official(rule.source), rule.id
            assert "service-public.fr/" not in rule.source, rule.id
        if jurisdiction.threshold is not None:
            assert is_official(jurisdiction.threshold.source), jurisdiction.code


def test_every_counted_rule_says_what_it_is_counted_from():
    for jurisdiction in load_policy_book().jurisdictions.values():
        for rule in jurisdiction.rules.rules:
            if rule.kind in ("fixed", "gestation_tiers"):
                assert rule.figure("counted_from"), rule.id
            if rule.kind in ("around_birth",):
                assert rule.figure("before_counted_from") and rule.figure("after_counted_from")


def test_a_rule_that_follows_an_unknown_rule_is_refused(tmp_path):
    rule = GOOD_RULE.replace("weeks = 52", 'weeks = 52\nfollows = "GB.nothing"')
    assert "follows names 'GB.nothing'" in load_error(tmp_path, gb_file(rule))


def test_a_threshold_needs_its_words_and_an_official_source(tmp_path):
    text = gb_file().replace('name = "the UK"\n', 'name = "the UK"\nstillbirth_from_weeks = 24\n')
    assert "stillbirth_rule is missing" in load_error(tmp_path, text)


def test_an_unknown_header_key_is_refused(tmp_path):
    text = gb_file().replace('name = "the UK"\n', 'name = "the UK"\nthreshold = 24\n')
    assert "unknown key 'threshold'" in load_error(tmp_path, text)


def test_a_compulsory_rule_needs_a_length(tmp_path):
    rule = GOOD_RULE.replace('kind = "fixed"', 'kind = "compulsory"').replace(
        "weeks = 52\n", ""
    ).replace('counted_from = "leave_start"\n', "")
    assert "a compulsory period needs a length" in load_error(tmp_path, gb_file(rule))
