"""Exact money: amounts typed by people, held as whole minor units of their currency.

No floats anywhere. How many decimals a currency has (its ISO 4217 exponent) is given by the
caller, who asks Babel; this module only does the arithmetic and says what is wrong.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

# Past any real claim (a hundred million in any currency), and well within a 64-bit column.
LARGEST_AMOUNT = Decimal(100_000_000)
MONEY_PRECISION = 60
_TYPED = re.compile(r"^\d{1,3}(,\d{3})+(\.\d*)?$|^\d+(\.\d*)?$|^\.\d+$")


class MoneyError(ValueError):
    """An amount a person typed that cannot be money in this currency; str is the sentence."""


def parse_amount(text: str | None, exponent: int, *, largest: Decimal = LARGEST_AMOUNT) -> int:
    """The typed amount as minor units ("1,234.50" with exponent 2 is 123450)."""
    typed = (text or "").strip().replace(" ", "")
    if not typed:
        raise MoneyError("Please enter the amount.")
    if typed.startswith("-"):
        raise MoneyError("The amount must be more than zero.")
    if not _TYPED.match(typed):
        raise MoneyError("Please write the amount in figures, like 1250.50.")
    try:
        amount = Decimal(typed.replace(",", ""))
    except InvalidOperation:
        raise MoneyError("Please write the amount in figures, like 1250.50.") from None
    if amount <= 0:
        raise MoneyError("The amount must be more than zero.")
    if amount > largest:
        raise MoneyError("That amount is larger than any claim we can accept; please check it.")
    places = _places(amount)
    if places > exponent:
        raise MoneyError(
            "This currency has no decimals; please enter a whole amount." if exponent == 0
            else f"This currency has {exponent} decimal places at most; please check the amount."
        )
    return int(amount.scaleb(exponent))


def _places(amount: Decimal) -> int:
    """Decimal places the amount needs, from its digits as typed (normalize() would round a
    long amount to 28 figures first, and let "12.000…0009" through as 12)."""
    sign, digits, exp = amount.as_tuple()
    written = "".join(map(str, digits))
    return max(0, -(int(exp) + len(written) - len(written.rstrip("0"))))


def to_decimal(minor: int, exponent: int) -> Decimal:
    """Minor units back to a Decimal with exactly the currency's places."""
    return Decimal(minor).scaleb(-exponent)


def to_minor(amount: Decimal, exponent: int) -> int:
    """A Decimal (a conversion, say) rounded to the currency's minor unit, half to even.

    With room for every figure: the default context (28 digits) would raise on a large amount
    at a large rate instead of rounding it."""
    with localcontext(prec=MONEY_PRECISION):
        return int(amount.quantize(Decimal(1).scaleb(-exponent), rounding=ROUND_HALF_EVEN)
                   .scaleb(exponent))


def plain(minor: int, exponent: int) -> str:
    """The amount as a form field shows it: "1250.50", no grouping, no symbol."""
    return f"{to_decimal(minor, exponent):f}"
