"""The company policy (POLICY §3) and its worked examples (POLICY §6)."""

import re
from datetime import date

import pytest

from portal.domain.case import Case, Event, Role
from portal.domain.entitlement import compute_entitlement
from portal.domain.explanation import item_from_dict
from portal.wording import english_entitlement_dict
from portal.wording import explanation_lines as lines


def make_case(**overrides) -> Case:
    fields = dict(role=Role.BIRTHING, event=Event.BIRTH, event_date=date(2026, 3, 2), country="BR")
    fields.update(overrides)
    return Case(**fields)


def grants_of(case: Case) -> dict[str, int]:
    return {grant.kind: grant.days for grant in compute_entitlement(case).grants}


# POLICY §6 worked examples


def test_worked_example_birthing_parent_in_the_us_without_nicu():
    result = compute_entitlement(make_case(country="US"))
    assert grants_of(make_case(country="US")) == {"parental": 182, "phased_return": 28}
    assert result.company_days == 182
    assert result.end == date(2026, 8, 30)
    assert result.return_date == date(2026, 8, 31)
    assert result.phased_return.start == date(2026, 8, 31)
    assert result.phased_return.end == date(2026, 9, 27)
    assert result.phased_return.work_days_per_week == 1


def test_worked_example_explanation_gives_dates_as_a_person_reads_them():
    result = compute_entitlement(make_case(country="US"))
    assert (
        "4 weeks phased return from Monday 31 August 2026: working one day a week at full pay"
        in lines(result.explanation)
    )
    assert lines(result.explanation)[-1] == (
        "Return to work on Monday 31 August 2026, the first working day after the leave."
    )


def test_explanation_lines_never_show_iso_dates():
    cases = [
        make_case(country="US"),
        make_case(country="GB", subdivision="ENG", nicu_days=20),
        make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=16, country="DE"),
        make_case(role=Role.ADOPTIVE, event=Event.ADOPTION, country="IE"),
    ]
    for case in cases:
        for line in lines(compute_entitlement(case).explanation):
            assert not re.search(r"\d{4}-\d{2}-\d{2}", line), line


def test_the_statutory_days_line_names_both_dates_in_words():
    result = compute_entitlement(make_case(country="GB", subdivision="ENG"))
    assert (
        "From Monday 31 August 2026 to Sunday 28 February 2027 the leave goes on as statutory "
        "leave: the company does not pay these days, and statutory pay applies where the law "
        "gives it."
    ) in lines(result.explanation)


def test_worked_example_non_birthing_parent_with_ten_nicu_days():
    result = compute_entitlement(make_case(role=Role.NON_BIRTHING, nicu_days=10))
    assert grants_of(make_case(role=Role.NON_BIRTHING, nicu_days=10)) == {
        "parental": 140,
        "nicu": 14,
    }
    assert result.company_days == 154
    assert "+2 weeks NICU leave: 10 days in neonatal care" in lines(result.explanation)


def test_worked_example_adoptive_parent():
    case = make_case(role=Role.ADOPTIVE, event=Event.ADOPTION, event_date=date(2026, 5, 4))
    assert grants_of(case) == {"parental": 140, "phased_return": 28}
    assert compute_entitlement(case).company_days == 140


def test_worked_example_loss_at_ten_weeks_is_approved_on_submission():
    result = compute_entitlement(make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=10))
    assert [(g.kind, g.days) for g in result.grants] == [("pregnancy_loss", 28)]
    assert result.approved_on_submission is True
    assert "4 weeks pregnancy loss leave" in lines(result.explanation)


def test_worked_example_stillbirth_at_thirty_weeks_is_treated_as_a_birth():
    case = make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=30)
    assert grants_of(case) == {"parental": 182, "phased_return": 28}


def test_leave_after_a_stillbirth_is_approved_on_submission_too():
    # Nobody waits for permission to grieve (POLICY §3), at any week of pregnancy.
    case = make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=30)
    assert compute_entitlement(case).approved_on_submission is True


def test_worked_example_nicu_leave_is_capped_at_twelve_weeks():
    assert grants_of(make_case(role=Role.NON_BIRTHING, nicu_days=120))["nicu"] == 84


# Every company rule and its boundaries


def test_birthing_parent_gets_26_weeks_parental_leave():
    result = compute_entitlement(make_case())
    assert lines(result.explanation)[0] == "26 weeks parental leave (birthing parent)"


@pytest.mark.parametrize(
    "role, event, label",
    [
        (Role.NON_BIRTHING, Event.BIRTH, "non-birthing parent"),
        (Role.ADOPTIVE, Event.ADOPTION, "adoptive parent"),
        (Role.INTENDED, Event.SURROGACY, "intended parent"),
    ],
)
def test_other_parents_get_20_weeks_parental_leave(role, event, label):
    result = compute_entitlement(make_case(role=role, event=event))
    assert result.grant_days("parental") == 140
    assert lines(result.explanation)[0] == f"20 weeks parental leave ({label})"


def test_a_loss_at_23_completed_weeks_is_pregnancy_loss_leave():
    assert grants_of(make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=23)) == {
        "pregnancy_loss": 28
    }


def test_a_loss_at_24_completed_weeks_is_a_stillbirth():
    assert grants_of(make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=24))["parental"] == 182


@pytest.mark.parametrize("role", [Role.NON_BIRTHING, Role.INTENDED])
def test_a_stillbirth_gives_other_parents_20_weeks_without_a_phased_return(role):
    case = make_case(role=role, event=Event.PREGNANCY_LOSS, gestation_weeks=26)
    assert grants_of(case) == {"parental": 140}


@pytest.mark.parametrize("role", [Role.BIRTHING, Role.NON_BIRTHING, Role.INTENDED])
def test_every_parent_gets_four_weeks_after_an_early_loss(role):
    case = make_case(role=role, event=Event.PREGNANCY_LOSS, gestation_weeks=8)
    assert grants_of(case) == {"pregnancy_loss": 28}


@pytest.mark.parametrize(
    "nicu_days, weeks", [(1, 1), (6, 1), (7, 1), (8, 2), (14, 2), (15, 3), (84, 12), (85, 12)]
)
def test_nicu_leave_is_one_week_per_started_seven_days(nicu_days, weeks):
    assert grants_of(make_case(nicu_days=nicu_days))["nicu"] == 7 * weeks


def test_no_nicu_days_means_no_nicu_grant():
    assert "nicu" not in grants_of(make_case(nicu_days=0))


def test_nicu_leave_never_reduces_parental_leave():
    result = compute_entitlement(make_case(nicu_days=30))
    assert result.grant_days("parental") == 182
    assert result.company_days == 182 + 35


def test_nicu_leave_for_intended_parents_of_a_surrogacy_birth():
    case = make_case(role=Role.INTENDED, event=Event.SURROGACY, nicu_days=9)
    assert grants_of(case) == {"parental": 140, "nicu": 14}


def test_nicu_leave_for_a_newborn_placed_for_adoption_while_in_neonatal_care():
    case = make_case(role=Role.ADOPTIVE, event=Event.ADOPTION, nicu_days=9)
    assert grants_of(case) == {"parental": 140, "nicu": 14, "phased_return": 28}


def test_the_capped_nicu_line_says_it_is_the_most_the_policy_gives():
    result = compute_entitlement(make_case(nicu_days=120))
    assert "+12 weeks NICU leave (the most the policy gives): 120 days in neonatal care" in (
        lines(result.explanation)
    )


@pytest.mark.parametrize(
    "role, event, has_phased_return",
    [
        (Role.BIRTHING, Event.BIRTH, True),
        (Role.ADOPTIVE, Event.ADOPTION, True),
        (Role.NON_BIRTHING, Event.BIRTH, False),
        (Role.INTENDED, Event.SURROGACY, False),
    ],
)
def test_phased_return_is_for_birthing_and_adoptive_parents(role, event, has_phased_return):
    result = compute_entitlement(make_case(role=role, event=event))
    assert (result.phased_return is not None) is has_phased_return


def test_phased_return_is_not_counted_in_company_days():
    result = compute_entitlement(make_case())
    assert result.company_days == 182
    assert result.grant_days("phased_return") == 28


def test_the_phased_return_starts_on_the_return_date():
    result = compute_entitlement(make_case(country="GB", subdivision="ENG"))
    assert result.phased_return.start == result.return_date


def test_every_grant_is_at_full_pay():
    result = compute_entitlement(make_case(nicu_days=20))
    assert {grant.pay for grant in result.grants} == {"full"}


def test_nicu_leave_alone_is_not_approved_on_submission_with_parental_leave():
    assert compute_entitlement(make_case(nicu_days=10)).approved_on_submission is False


def test_a_birthing_parent_starting_before_the_birth_ends_earlier():
    case = make_case(expected_date=date(2026, 3, 2), start=date(2026, 2, 16))
    result = compute_entitlement(case)
    assert result.start == date(2026, 2, 16)
    assert result.end == date(2026, 8, 16)


def test_a_country_without_rules_gets_the_company_policy_and_a_note():
    result = compute_entitlement(make_case(country="BR"))
    assert result.statutory is None
    assert result.leave_days == result.company_days
    assert (
        "There are no statutory rules for BR in the portal yet, so only the company policy applies."
        in lines(result.explanation)
    )


def test_the_result_names_the_policy_version_and_rule_ids():
    result = compute_entitlement(make_case(country="US"))
    assert result.policy == "company-2022-01-01"
    assert result.rule_ids == ("company.parental.birthing", "company.phased_return", "US.fmla")


def test_as_dict_has_exactly_the_agreed_shape():
    data = compute_entitlement(make_case(country="US", nicu_days=3)).as_dict()
    assert list(data) == [
        "policy",
        "grants",
        "company_days",
        "statutory",
        "leave_days",
        "start",
        "end",
        "return_date",
        "phased_return",
        "explanation",
    ]
    assert data["grants"][1] == {"kind": "nicu", "days": 7, "pay": "full"}
    assert data["statutory"] == {
        "jurisdiction": "US",
        "end": "2026-05-24",
        "rules": [{"id": "US.fmla", "days": 84, "source": "https://www.dol.gov/agencies/whd/fmla"}],
        "notes": [],
    }
    assert data["start"] == "2026-03-02"
    assert data["phased_return"]["work_days_per_week"] == 1
    assert [item["kind"] for item in data["explanation"]] == [
        "parental_grant", "nicu_grant", "phased_return", "statutory_period", "return_to_work",
    ]


def test_the_command_line_json_words_the_explanation_in_english():
    entitlement = compute_entitlement(make_case(country="US", nicu_days=3))
    data = english_entitlement_dict(entitlement)
    assert list(data) == list(entitlement.as_dict())
    assert all(isinstance(line, str) for line in data["explanation"])
    assert data["explanation"][-1].startswith("Return to work on ")
    assert data["statutory"]["notes"] == []


def test_stored_explanation_items_read_back_as_the_same_items():
    entitlement = compute_entitlement(make_case(country="GB", nicu_days=20))
    stored = [item.as_dict() for item in entitlement.explanation]
    assert tuple(item_from_dict(values) for values in stored) == entitlement.explanation
    assert lines(stored) == lines(entitlement.explanation)
    assert item_from_dict({"kind": "not_a_kind"}) is None
    assert item_from_dict({"kind": "return_to_work", "day": "not a date"}) is None


def test_explanations_are_kind_and_never_clinical():
    unkind = ("miscarriage", "fetus", "foetus", "terminat", "failed", "fault", "dead")
    locations = [
        ("GB", "ENG"),
        ("DE", "BE"),
        ("IN", "KA"),
        ("US", "CA"),
        ("FR", None),
        ("IE", None),
        ("JP", None),
        ("CA", "ON"),
        ("AU", None),
        ("ES", None),
        ("NL", None),
        ("BR", None),
    ]
    for country, subdivision in locations:
        for gestation in (8, 12, 13, 20, 25, 30):
            case = make_case(
                event=Event.PREGNANCY_LOSS,
                gestation_weeks=gestation,
                country=country,
                subdivision=subdivision,
            )
            for line in lines(compute_entitlement(case).explanation):
                assert not any(word in line.lower() for word in unkind), line
