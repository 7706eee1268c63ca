"""Money in minor units, what is left of a cap, exchange rates and a claim's steps."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from portal.domain.benefits_caps import CapExceeded, allowance, approved_by_journey, check_approval
from portal.domain.benefits_claims import (
    ClaimAction,
    ClaimRefused,
    ClaimStatus,
    allowed_steps,
    check_expense_date,
    next_status,
)
from portal.domain.benefits_money import MoneyError, parse_amount, plain, to_decimal, to_minor
from portal.domain.benefits_rates import RateError, cross_rate, parse_ecb_csv, parse_rate


@pytest.mark.parametrize(("typed", "exponent", "minor"), [
    ("1250.50", 2, 125050), ("1,250.5", 2, 125050), ("300000", 0, 300000), ("1.234", 3, 1234),
    (" 7 ", 2, 700), ("0.01", 2, 1), ("12.", 2, 1200),
])
def test_typed_amounts_become_exact_minor_units(typed, exponent, minor):
    assert parse_amount(typed, exponent) == minor


@pytest.mark.parametrize(("typed", "exponent", "message"), [
    ("", 2, "enter the amount"), ("-1", 2, "more than zero"), ("0.00", 2, "more than zero"),
    ("1.001", 2, "2 decimal places"), ("1.5", 0, "no decimals"), ("1e5", 2, "in figures"),
    ("NaN", 2, "in figures"), ("100000001", 2, "larger than any claim"), ("1,23", 2, "figures"),
    ("12." + "0" * 30 + "9", 2, "2 decimal places"),
])
def test_amounts_that_cannot_be_money_are_refused_with_a_sentence(typed, exponent, message):
    with pytest.raises(MoneyError, match=message):
        parse_amount(typed, exponent)


def test_minor_units_convert_back_exactly_and_round_half_to_even():
    assert to_decimal(125050, 2) == Decimal("1250.50")
    assert plain(300000, 0) == "300000" and plain(5, 2) == "0.05"
    assert to_minor(Decimal("10.005"), 2) == 1000 and to_minor(Decimal("10.015"), 2) == 1002


def test_the_cap_is_counted_per_journey_and_within_a_lifetime_limit():
    totals = approved_by_journey([("Our adoption", 600000), ("our  ADOPTION", 100000),
                                  ("Second", 200000)])
    assert totals == {"our adoption": 700000, "second": 200000}
    assert allowance(1000000, None, totals, "Our adoption").left == 300000
    assert allowance(1000000, None, totals, "A new one").left == 1000000
    assert allowance(1000000, 1500000, totals, "A new one").left == 600000
    assert allowance(1000000, 800000, totals, "Second").left == 0


def test_an_approval_beyond_what_is_left_is_refused():
    check_approval(300000, 300000)
    with pytest.raises(CapExceeded, match="more than is left"):
        check_approval(300001, 300000)


def test_the_ecb_file_is_read_with_its_date_and_rates_per_euro():
    rates = parse_ecb_csv(b"Date, USD, JPY, \n27 November 2026, 1.0550, 161.23, \n")
    assert rates.day == date(2026, 11, 27)
    assert rates.per_euro == {"USD": Decimal("1.0550"), "JPY": Decimal("161.23"),
                              "EUR": Decimal(1)}


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"), (b"\xff\xfe\x00", "not a text file"), (b"a,b\n1,2\n", "first line"),
    (b"Date, USD\nyesterday, 1.05\n", "not one we can read"),
    (b"Date, USD\n27 November 2026, lots\n", "USD cannot be used. A rate must be a number"),
    (b"Date, U$D\n27 November 2026, 1\n", "not a currency code"),
])
def test_a_bad_rates_file_gets_a_clear_message(content, message):
    with pytest.raises(RateError, match=message):
        parse_ecb_csv(content)


def test_cross_rates_go_through_the_euro():
    per_euro = {"EUR": Decimal(1), "USD": Decimal("1.0550"), "GBP": Decimal("0.83450")}
    assert str(cross_rate("EUR", "USD", per_euro)) == "1.055"
    assert str(cross_rate("GBP", "USD", per_euro)) == "1.2642301"
    assert str(cross_rate("JPY", "USD", {**per_euro, "JPY": Decimal("161.23")})) == "0.0065434472"
    assert cross_rate("USD", "USD", per_euro) == 1
    assert cross_rate("JPY", "USD", per_euro) is None
    with pytest.raises(RateError):
        parse_rate("-1")


@pytest.mark.parametrize(("typed", "message"), [
    ("1E-50", "far outside"), ("2000000000", "far outside"), ("0", "positive"),
    ("1." + "0" * 60 + "1", "significant figures"),
])
def test_rates_too_small_too_large_or_too_long_to_store_are_refused_with_a_sentence(
        typed, message):
    with pytest.raises(RateError, match=message):
        parse_rate(typed)


def test_a_rate_is_kept_in_plain_notation():
    assert str(parse_rate("1.0823")) == "1.0823"
    assert str(parse_rate("1.5E+2")) == "150"
    assert str(parse_rate("0.000012300")) == "0.0000123"


def test_a_conversion_past_28_figures_still_rounds_to_minor_units():
    assert to_minor(Decimal("123456789012345678901234567.125"), 2) == \
        12345678901234567890123456712


def test_expenses_in_the_future_or_outside_the_window_are_refused():
    today = date(2026, 6, 1)
    check_expense_date(today, today, 365)
    check_expense_date(today - timedelta(days=365), today, 365)
    with pytest.raises(ClaimRefused, match="in the future"):
        check_expense_date(today + timedelta(days=1), today, 365)
    with pytest.raises(ClaimRefused, match="365 days"):
        check_expense_date(today - timedelta(days=366), today, 365)


def test_nobody_decides_their_own_claim_and_steps_follow_the_status():
    with pytest.raises(ClaimRefused, match="your own"):
        next_status(ClaimStatus.SUBMITTED, ClaimAction.APPROVE, is_owner=True, is_hr=True)
    assert next_status(ClaimStatus.APPROVED, ClaimAction.MARK_PAID, is_owner=False,
                       is_hr=True) == ClaimStatus.PAID
    assert allowed_steps(ClaimStatus.SUBMITTED, is_owner=True, is_hr=False) == [
        ClaimAction.WITHDRAW]
    assert allowed_steps(ClaimStatus.PAID, is_owner=True, is_hr=True) == []
