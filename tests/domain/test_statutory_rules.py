"""Statutory rules per jurisdiction and how they combine with company leave (POLICY §4)."""

from datetime import date, timedelta

import pytest

from portal.domain.case import Case, Event, Role
from portal.domain.entitlement import compute_entitlement
from portal.wording import explanation_lines as lines

BIRTH = date(2026, 6, 1)


def make_case(**overrides) -> Case:
    fields = dict(role=Role.BIRTHING, event=Event.BIRTH, event_date=BIRTH, country="GB")
    fields.update(overrides)
    return Case(**fields)


def applied(case: Case) -> dict[str, int]:
    statutory = compute_entitlement(case).statutory
    return {rule.id: rule.days for rule in statutory.rules}


def weeks(count: int) -> int:
    return 7 * count


# GB


def test_gb_maternity_leave_is_52_weeks_and_runs_past_company_leave():
    result = compute_entitlement(make_case(subdivision="ENG"))
    assert applied(make_case()) == {"GB.maternity": weeks(52)}
    assert result.statutory.end == BIRTH + timedelta(weeks=52) - timedelta(days=1)
    assert result.end == result.statutory.end
    assert result.company_days == 182
    assert result.leave_days == 364
    assert any(
        line.startswith("From Monday 30 November 2026 to Sunday 30 May 2027")
        for line in lines(result.explanation)
    )


def test_gb_paternity_leave_is_two_weeks_inside_company_leave():
    result = compute_entitlement(make_case(role=Role.NON_BIRTHING))
    assert applied(make_case(role=Role.NON_BIRTHING)) == {"GB.paternity": weeks(2)}
    assert result.end == result.company_end


def test_gb_adoption_leave_is_52_weeks():
    case = make_case(role=Role.ADOPTIVE, event=Event.ADOPTION)
    assert applied(case) == {"GB.adoption": weeks(52)}


@pytest.mark.parametrize("nicu_days, extra_weeks", [(6, 0), (7, 1), (8, 1), (14, 2), (120, 12)])
def test_gb_neonatal_care_adds_a_week_per_complete_seven_days(nicu_days, extra_weeks):
    case = make_case(role=Role.NON_BIRTHING, nicu_days=nicu_days)
    rules = applied(case)
    assert rules.get("GB.neonatal_care", 0) == weeks(extra_weeks)
    statutory = compute_entitlement(case).statutory
    assert statutory.end == BIRTH + timedelta(weeks=2 + extra_weeks) - timedelta(days=1)


def test_gb_neonatal_care_is_for_births_from_6_april_2025():
    before = make_case(event_date=date(2025, 4, 5), nicu_days=30)
    after = make_case(event_date=date(2025, 4, 6), nicu_days=30)
    assert "GB.neonatal_care" not in applied(before)
    assert applied(after)["GB.neonatal_care"] == weeks(4)


def test_gb_neonatal_care_leave_is_also_for_intended_parents_of_a_surrogacy_birth():
    case = make_case(role=Role.INTENDED, event=Event.SURROGACY, nicu_days=15)
    assert applied(case) == {"GB.neonatal_care": weeks(2)}
    statutory = compute_entitlement(case).statutory
    assert statutory.end == BIRTH + timedelta(weeks=2) - timedelta(days=1)


def test_gb_neonatal_care_for_intended_parents_also_starts_from_6_april_2025():
    before = make_case(
        role=Role.INTENDED, event=Event.SURROGACY, event_date=date(2025, 4, 5), nicu_days=30
    )
    assert "GB.neonatal_care" not in applied(before)


def test_gb_intended_parents_are_told_about_adoption_leave_for_a_surrogacy():
    result = compute_entitlement(make_case(role=Role.INTENDED, event=Event.SURROGACY))
    assert result.statutory.rules == ()
    assert any("52 weeks of statutory adoption leave" in n for n in lines(result.statutory.notes))
    assert not any("does not count any statutory leave" in n for n in lines(result.statutory.notes))


def test_gb_loss_before_24_weeks_has_no_statutory_leave_but_a_kind_note():
    result = compute_entitlement(make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=23))
    assert result.statutory.jurisdiction == "GB"
    assert result.statutory.rules == ()
    assert result.statutory.end is None
    assert "the company's pregnancy loss leave is yours in full" in lines(result.statutory.notes)[0]
    assert result.end == result.company_end


def test_gb_stillbirth_at_24_weeks_keeps_maternity_and_paternity_leave_then_bereavement():
    loss = dict(event=Event.PREGNANCY_LOSS, gestation_weeks=24)
    assert applied(make_case(**loss)) == {
        "GB.maternity": weeks(52), "GB.parental_bereavement": weeks(2),
    }
    assert applied(make_case(role=Role.NON_BIRTHING, **loss)) == {
        "GB.paternity": weeks(2), "GB.parental_bereavement": weeks(2),
    }


def test_gb_bereavement_leave_is_two_weeks_for_each_baby_after_the_other_leave():
    case = make_case(event=Event.PREGNANCY_LOSS, gestation_weeks=30, babies=2)
    statutory = compute_entitlement(case).statutory
    bereavement = statutory.rules[-1]
    assert (bereavement.id, bereavement.days) == ("GB.parental_bereavement", weeks(4))
    assert bereavement.start == BIRTH + timedelta(weeks=52)
    assert statutory.end == BIRTH + timedelta(weeks=56) - timedelta(days=1)


def test_gb_neonatal_care_leave_is_for_adopters_of_a_newborn_too():
    case = make_case(role=Role.ADOPTIVE, event=Event.ADOPTION, nicu_days=21)
    assert applied(case) == {"GB.adoption": weeks(52), "GB.neonatal_care": weeks(3)}
    notes = lines(compute_entitlement(case).statutory.notes)
    assert any("only one adopter" in note for note in notes)


def test_gb_unpaid_parental_leave_is_a_note_not_counted():
    result = compute_entitlement(make_case(role=Role.NON_BIRTHING))
    assert any("UK unpaid parental leave" in note for note in lines(result.statutory.notes))
    assert "GB.unpaid_parental_leave" in result.rule_ids


# DE


def de_case(**overrides) -> Case:
    return make_case(country="DE", subdivision="BE", **overrides)


def test_de_mutterschutz_runs_from_six_weeks_before_the_due_date_to_eight_after_the_birth():
    rule = compute_entitlement(de_case()).statutory.rules[0]
    assert rule.id == "DE.mutterschutz"
    assert rule.start == BIRTH - timedelta(weeks=6)
    # BGB §187(1): the 8 weeks start the day after the birth.
    assert rule.end == BIRTH + timedelta(weeks=8)
    assert rule.days == 99


@pytest.mark.parametrize("extra", [{"babies": 2}, {"gestation_weeks": 36}])
def test_de_mutterschutz_is_twelve_weeks_after_a_multiple_or_premature_birth(extra):
    rule = compute_entitlement(de_case(**extra)).statutory.rules[0]
    assert rule.end == BIRTH + timedelta(weeks=12)


def test_de_mutterschutz_at_37_weeks_is_not_premature():
    rule = compute_entitlement(de_case(gestation_weeks=37)).statutory.rules[0]
    assert rule.end == BIRTH + timedelta(weeks=8)


def test_de_mutterschutz_adds_the_days_the_baby_came_early_up_to_42():
    ten_early = de_case(expected_date=BIRTH + timedelta(days=10))
    fifty_early = de_case(expected_date=BIRTH + timedelta(days=50))
    assert compute_entitlement(ten_early).statutory.end == BIRTH + timedelta(weeks=8, days=10)
    assert compute_entitlement(fifty_early).statutory.end == BIRTH + timedelta(weeks=8, days=42)


def test_de_twins_born_six_weeks_early_get_eighteen_weeks_after_the_birth():
    case = de_case(babies=2, gestation_weeks=34, expected_date=BIRTH + timedelta(weeks=6))
    assert compute_entitlement(case).statutory.end == BIRTH + timedelta(weeks=18)


@pytest.mark.parametrize(
    "gestation, tier_weeks",
    [(11, 0), (12, 2), (15, 2), (16, 6), (18, 6), (19, 8), (22, 8)],
)
def test_de_mutterschutz_after_a_loss_follows_the_gestation_tiers(gestation, tier_weeks):
    case = de_case(event=Event.PREGNANCY_LOSS, gestation_weeks=gestation)
    assert applied(case).get("DE.mutterschutz_after_loss", 0) == weeks(tier_weeks)


def test_de_a_loss_in_the_24th_week_is_a_birth_not_a_loss_tier():
    case = de_case(event=Event.PREGNANCY_LOSS, gestation_weeks=23)
    assert set(applied(case)) == {"DE.mutterschutz"}
    # A stillbirth at 23 weeks came 17 weeks early: 12 weeks + the 6 pre-birth weeks.
    assert compute_entitlement(case).statutory.end == BIRTH + timedelta(weeks=18)


def test_de_loss_tiers_apply_to_losses_from_1_june_2025():
    before = de_case(event=Event.PREGNANCY_LOSS, gestation_weeks=20, event_date=date(2025, 5, 31))
    after = de_case(event=Event.PREGNANCY_LOSS, gestation_weeks=20, event_date=date(2025, 6, 1))
    assert applied(before) == {}
    assert applied(after) == {"DE.mutterschutz_after_loss": weeks(8)}


def test_de_loss_tier_leave_runs_from_the_day_after_the_loss():
    case = de_case(event=Event.PREGNANCY_LOSS, gestation_weeks=17)
    result = compute_entitlement(case)
    assert result.company_days == 28
    assert result.statutory.end == BIRTH + timedelta(weeks=6)
    assert result.leave_days == weeks(6) + 1


def test_de_elternzeit_is_a_note_not_counted():
    result = compute_entitlement(de_case(role=Role.NON_BIRTHING))
    assert result.statutory.rules == ()
    assert any("Elternzeit" in note for note in lines(result.statutory.notes))
    assert result.end == result.company_end


# IN


def in_case(**overrides) -> Case:
    return make_case(country="IN", subdivision="KA", **overrides)


@pytest.mark.parametrize("child_number, benefit_weeks", [(1, 26), (2, 26), (3, 12), (4, 12)])
def test_in_maternity_benefit_depends_on_the_child_number(child_number, benefit_weeks):
    case = in_case(child_number=child_number)
    assert applied(case) == {"IN.maternity_benefit": weeks(benefit_weeks)}


def test_in_pregnancy_loss_gives_six_weeks():
    case = in_case(event=Event.PREGNANCY_LOSS, gestation_weeks=10)
    assert applied(case) == {"IN.miscarriage": weeks(6)}
    assert compute_entitlement(case).leave_days == weeks(6) + 1


@pytest.mark.parametrize(
    "role, event", [(Role.ADOPTIVE, Event.ADOPTION), (Role.INTENDED, Event.SURROGACY)]
)
def test_in_adoptive_and_commissioning_mothers_only_get_a_note(role, event):
    result = compute_entitlement(in_case(role=role, event=event))
    assert applied(in_case(role=role, event=event)) == {}
    assert any("commissioning mother" in note for note in lines(result.statutory.notes))


def test_in_leave_after_a_loss_runs_six_weeks_from_the_day_after_it():
    rule = compute_entitlement(
        in_case(event=Event.PREGNANCY_LOSS, gestation_weeks=10, start=BIRTH + timedelta(days=20))
    ).statutory.rules[0]
    assert (rule.start, rule.end) == (BIRTH + timedelta(days=1), BIRTH + timedelta(weeks=6))


# US, US-CA, US-NY


def us_case(**overrides) -> Case:
    return make_case(country="US", **overrides)


def test_us_fmla_is_twelve_weeks_when_no_hire_date_is_known():
    assert applied(us_case()) == {"US.fmla": weeks(12)}


def test_us_fmla_needs_exactly_twelve_months_of_service_at_the_start():
    exactly = us_case(hire_date=date(2025, 6, 1))
    one_day_short = us_case(hire_date=date(2025, 6, 2))
    assert applied(exactly) == {"US.fmla": weeks(12)}
    result = compute_entitlement(one_day_short)
    assert result.statutory.rules == ()
    assert any("12 months of service" in note for note in lines(result.statutory.notes))


def test_us_fmla_service_is_measured_to_the_start_of_leave():
    case = us_case(role=Role.NON_BIRTHING, hire_date=date(2025, 6, 20), start=date(2026, 6, 20))
    assert applied(case) == {"US.fmla": weeks(12)}


def test_us_fmla_does_not_cover_a_pregnancy_loss():
    case = us_case(event=Event.PREGNANCY_LOSS, gestation_weeks=10)
    assert applied(case) == {}


def test_us_ca_partner_gets_fmla_and_cfra_running_together():
    case = us_case(subdivision="CA", role=Role.NON_BIRTHING)
    result = compute_entitlement(case)
    assert result.statutory.jurisdiction == "US-CA"
    assert applied(case) == {"US.fmla": weeks(12), "US-CA.cfra_other_parents": weeks(12)}
    assert result.statutory.end == BIRTH + timedelta(weeks=12) - timedelta(days=1)


def test_us_ca_birthing_parent_gets_pregnancy_disability_leave_then_cfra():
    result = compute_entitlement(us_case(subdivision="CA"))
    rules = {rule.id: rule for rule in result.statutory.rules}
    assert rules["US-CA.pregnancy_disability"].end == BIRTH + timedelta(days=120)
    assert rules["US-CA.cfra"].start == BIRTH + timedelta(days=121)
    assert result.statutory.end == BIRTH + timedelta(days=121 + 84 - 1)


def test_us_ca_cfra_uses_the_same_twelve_month_test():
    case = us_case(subdivision="CA", hire_date=date(2025, 6, 2))
    assert applied(case) == {"US-CA.pregnancy_disability": 121}


def test_us_ca_reproductive_loss_leave_needs_30_days_of_employment():
    loss = dict(subdivision="CA", event=Event.PREGNANCY_LOSS, gestation_weeks=8)
    assert applied(us_case(hire_date=BIRTH - timedelta(days=30), **loss)) == {
        "US-CA.reproductive_loss": 5
    }
    short = compute_entitlement(us_case(hire_date=BIRTH - timedelta(days=29), **loss))
    assert short.statutory.rules == ()
    assert any("30 days of service" in note for note in lines(short.statutory.notes))


@pytest.mark.parametrize("gestation", [8, 30])
def test_us_ca_reproductive_loss_leave_is_five_days_for_any_parent(gestation):
    for role in (Role.BIRTHING, Role.NON_BIRTHING, Role.INTENDED):
        case = us_case(
            subdivision="CA", role=role, event=Event.PREGNANCY_LOSS, gestation_weeks=gestation
        )
        assert applied(case)["US-CA.reproductive_loss"] == 5


def test_us_ny_paid_family_leave_needs_26_weeks_of_service():
    enough = us_case(subdivision="NY", role=Role.NON_BIRTHING, hire_date=date(2025, 12, 1))
    short = us_case(subdivision="NY", role=Role.NON_BIRTHING, hire_date=date(2025, 12, 2))
    assert applied(enough) == {"US-NY.paid_family_leave": weeks(12)}
    assert applied(short) == {}


def test_us_ny_employee_also_gets_fmla():
    assert applied(us_case(subdivision="NY")) == {
        "US.fmla": weeks(12),
        "US-NY.paid_family_leave": weeks(12),
    }


def test_another_us_state_gets_only_the_federal_rules():
    result = compute_entitlement(us_case(subdivision="TX"))
    assert result.statutory.jurisdiction == "US"
    assert applied(us_case(subdivision="TX")) == {"US.fmla": weeks(12)}


# FR


def fr_case(**overrides) -> Case:
    return make_case(country="FR", **overrides)


@pytest.mark.parametrize(
    "child_number, babies, before, after",
    [(1, 1, 6, 10), (2, 1, 6, 10), (3, 1, 8, 18), (1, 2, 12, 22), (3, 2, 12, 22),
     (1, 3, 24, 22), (1, 4, 24, 22)],
)
def test_fr_conge_maternite_before_the_due_date_and_after_the_birth(
    child_number, babies, before, after
):
    # Leave from 6 weeks before... the portal allows 4: 3 weeks moved after the birth at most.
    case = fr_case(child_number=child_number, babies=babies)
    rule = compute_entitlement(case).statutory.rules[0]
    assert rule.days == weeks(before + after)
    assert rule.start == BIRTH - timedelta(weeks=before - 3)
    assert rule.end == BIRTH + timedelta(weeks=after + 3) - timedelta(days=1)


def test_fr_an_early_birth_keeps_the_total():
    case = fr_case(expected_date=BIRTH + timedelta(days=10), start=BIRTH - timedelta(days=18))
    rule = compute_entitlement(case).statutory.rules[0]
    assert rule.days == weeks(16)
    # 14 days moved (leave began 14 days into the prenatal weeks), 10 lost to the early birth.
    assert rule.end == BIRTH + timedelta(weeks=10, days=14 + 10) - timedelta(days=1)


@pytest.mark.parametrize(
    "babies, nicu_days, days", [(1, 0, 28), (2, 0, 35), (1, 20, 48), (1, 45, 58), (2, 45, 65)]
)
def test_fr_conge_paternite_adds_neonatal_days_up_to_30(babies, nicu_days, days):
    case = fr_case(role=Role.NON_BIRTHING, babies=babies, nicu_days=nicu_days)
    assert applied(case) == {"FR.conge_paternite": days}


@pytest.mark.parametrize("child_number, babies, leave_weeks", [(1, 1, 16), (3, 1, 18), (1, 2, 22)])
def test_fr_conge_adoption(child_number, babies, leave_weeks):
    case = fr_case(
        role=Role.ADOPTIVE, event=Event.ADOPTION, child_number=child_number, babies=babies
    )
    assert applied(case) == {"FR.conge_adoption": weeks(leave_weeks)}


# IE


def test_ie_maternity_leave_is_42_weeks_begun_2_weeks_before_the_due_date_at_the_latest():
    result = compute_entitlement(make_case(country="IE"))
    assert applied(make_case(country="IE")) == {"IE.maternity": weeks(42)}
    assert result.statutory.rules[0].start == BIRTH - timedelta(weeks=2)
    assert result.leave_days == weeks(40)


def test_ie_adoptive_leave_is_40_weeks_from_the_placement():
    case = make_case(country="IE", role=Role.ADOPTIVE, event=Event.ADOPTION)
    assert applied(case) == {"IE.adoptive": weeks(40)}


def test_ie_paternity_leave_is_two_weeks():
    assert applied(make_case(country="IE", role=Role.NON_BIRTHING)) == {"IE.paternity": weeks(2)}


# Combination and notes


def test_statutory_leave_runs_alongside_company_leave_not_after_it():
    result = compute_entitlement(us_case())
    assert result.end == result.company_end
    assert result.leave_days == result.company_days


def test_a_jurisdiction_with_data_but_no_counting_rule_says_so():
    result = compute_entitlement(make_case(country="JP", role=Role.ADOPTIVE, event=Event.ADOPTION))
    assert result.statutory is not None
    assert result.statutory.end is None
    assert lines(result.statutory.notes)[-1] == (
        "The portal does not count any statutory leave in Japan for this case, "
        "so the company leave is what counts."
    )
    assert any("childcare leave" in note for note in lines(result.statutory.notes))


def test_a_note_only_case_does_not_claim_the_law_gives_nothing():
    # Japanese childcare leave after an adoption is on request: the note must not tell a parent
    # there is none.
    case = make_case(country="JP", role=Role.ADOPTIVE, event=Event.ADOPTION)
    notes = lines(compute_entitlement(case).statutory.notes)
    assert not any("No statutory leave" in note for note in notes)


def test_every_applied_rule_carries_its_source():
    cases = (
        make_case(), de_case(), in_case(), us_case(subdivision="CA"), fr_case(),
        make_case(country="JP"), make_case(country="CA", subdivision="ON"),
        make_case(country="AU"), make_case(country="ES"), make_case(country="NL"),
    )
    for case in cases:
        for rule in compute_entitlement(case).statutory.rules:
            assert rule.source.startswith("https://")


# Thresholds, anchors and combination


@pytest.mark.parametrize(
    "country, subdivision, below, at",
    [("GB", None, 23, 24), ("DE", "BE", 22, 23), ("FR", None, 21, 22), ("IE", None, 23, 24),
     ("IN", "KA", 25, 26), ("JP", None, 12, 13), ("AU", None, 19, 20), ("NL", None, 23, 24),
     ("ES", None, 25, 26), ("CA", "ON", 22, 23)],
)
def test_each_jurisdiction_counts_a_loss_as_a_birth_from_its_own_threshold(
    country, subdivision, below, at
):
    from portal.domain.case import STILLBIRTH
    from portal.domain.policy import load_policy_book
    from portal.domain.thresholds import statutory_event, threshold_for

    jurisdictions = load_policy_book().jurisdictions_for(country, subdivision)
    threshold, _ = threshold_for(jurisdictions, len(jurisdictions) - 1)
    loss = dict(country=country, subdivision=subdivision, event=Event.PREGNANCY_LOSS)
    assert statutory_event(make_case(gestation_weeks=at, **loss), threshold) == STILLBIRTH
    assert statutory_event(make_case(gestation_weeks=below, **loss), threshold) == (
        "pregnancy_loss"
    )


def test_the_company_keeps_its_own_threshold_whatever_the_country():
    # A French loss at 22 weeks is a birth for French law but a loss for the company (POLICY §3).
    result = compute_entitlement(fr_case(event=Event.PREGNANCY_LOSS, gestation_weeks=22))
    assert [grant.kind for grant in result.grants] == ["pregnancy_loss"]
    assert result.statutory.rules[0].id == "FR.conge_maternite"


def test_japan_at_12_weeks_gets_a_note_that_the_days_decide():
    result = compute_entitlement(make_case(country="JP", event=Event.PREGNANCY_LOSS,
                                           gestation_weeks=12))
    assert result.statutory.rules == ()
    assert any("85 days" in note for note in lines(result.statutory.notes))


def test_us_has_no_threshold_of_its_own_so_the_company_one_applies():
    statutory = compute_entitlement(
        us_case(subdivision="CA", event=Event.PREGNANCY_LOSS, gestation_weeks=24)
    ).statutory
    assert "US-CA.pregnancy_disability" in {rule.id for rule in statutory.rules}


def test_ontario_leave_after_a_late_loss_lasts_12_weeks_after_it_at_least():
    from portal.domain.policy import load_policy_book
    from portal.domain.statutory import statutory_leave

    case = make_case(country="CA", subdivision="ON", event=Event.PREGNANCY_LOSS,
                     gestation_weeks=30)
    jurisdictions = load_policy_book().jurisdictions_for("CA", "ON")
    early_start = BIRTH - timedelta(weeks=10)
    result = statutory_leave(case, early_start, jurisdictions)
    assert result.end == BIRTH + timedelta(weeks=12) - timedelta(days=1)


def test_ontario_has_rules_without_national_canadian_ones():
    result = compute_entitlement(make_case(country="CA", subdivision="ON"))
    assert result.statutory.jurisdiction == "CA-ON"
    assert compute_entitlement(make_case(country="CA", subdivision="BC")).statutory is None


def test_each_applied_rule_says_what_it_was_counted_from():
    counted = {
        rule.id: rule.counted_from
        for case in (make_case(), de_case(), us_case(subdivision="CA"),
                     in_case(event=Event.PREGNANCY_LOSS, gestation_weeks=10),
                     make_case(country="IE", role=Role.ADOPTIVE, event=Event.ADOPTION),
                     make_case(nicu_days=14))
        for rule in compute_entitlement(case).statutory.rules
    }
    assert counted == {
        "GB.maternity": "leave_start",
        "DE.mutterschutz": "around_birth",
        "US.fmla": "leave_start",
        "US-CA.pregnancy_disability": "leave_start",
        "US-CA.cfra": "follows",
        "IN.miscarriage": "day_after_event",
        "IE.adoptive": "event",
        "GB.neonatal_care": "added_after",
    }


def test_explanation_lines_say_what_each_period_is_counted_from():
    said = lines(compute_entitlement(de_case()).explanation)
    assert any(
        line.startswith("99 days Mutterschutz before and after the birth (DE), from before the "
                        "expected date to after the birth until Monday 27 July 2026")
        for line in said
    )
