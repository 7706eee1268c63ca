"""The rules of a person's record (portal.domain.people): no app, no database."""

from datetime import date, timedelta

import pytest

from portal.domain.people import (
    email_problem,
    hire_date_problem,
    last_hr_problem,
    manager_loop,
    name_problem,
    normalise_email,
)

TODAY = date(2026, 12, 1)


@pytest.mark.parametrize(
    "email", ["alex@example.com", "a.b+leave@mail.example.co.uk", "x_y@sub.example.org"]
)
def test_ordinary_email_addresses_are_accepted(email):
    assert email_problem(email) is None


@pytest.mark.parametrize(
    "email",
    ["", "alex", "alex@", "@example.com", "alex@example", "alex smith@example.com",
     "a@b@example.com", "alex@example.c", "<alex@example.com>", "x" * 250 + "@example.com"],
)
def test_things_that_are_not_email_addresses_are_refused_with_a_reason(email):
    assert email_problem(email)


def test_emails_are_compared_lower_case_without_surrounding_spaces():
    assert normalise_email("  Alex.Rivera@Example.COM ") == "alex.rivera@example.com"


def test_a_name_is_required_and_not_endless():
    assert name_problem("   ")
    assert name_problem("A" * 121)
    assert name_problem("Alex Rivera") is None


def test_a_hire_date_may_be_up_to_a_year_ahead_but_not_more():
    assert hire_date_problem(None, TODAY) is None
    assert hire_date_problem(TODAY - timedelta(days=4000), TODAY) is None
    assert hire_date_problem(TODAY + timedelta(days=366), TODAY) is None
    assert "check the year" in hire_date_problem(TODAY + timedelta(days=367), TODAY)


MANAGERS = {"ceo": None, "vp": "ceo", "lead": "vp", "dev": "lead", "x": "y", "y": "x"}


def test_no_manager_or_a_manager_elsewhere_in_the_tree_is_no_loop():
    assert manager_loop("dev", None, MANAGERS.get) is None
    assert manager_loop("dev", "vp", MANAGERS.get) is None
    assert manager_loop("new", "dev", MANAGERS.get) is None


def test_a_person_managing_themselves_is_the_shortest_loop():
    assert manager_loop("lead", "lead", MANAGERS.get) == ["lead", "lead"]


def test_a_manager_below_the_person_makes_a_loop_named_link_by_link():
    assert manager_loop("vp", "dev", MANAGERS.get) == ["vp", "dev", "lead", "vp"]


def test_a_loop_higher_up_that_does_not_pass_through_the_person_ends_the_walk():
    assert manager_loop("new", "x", MANAGERS.get) is None


def test_somebody_must_be_left_with_hr_access():
    assert last_hr_problem(0)
    assert last_hr_problem(1) is None
