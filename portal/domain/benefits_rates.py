"""Exchange rates: reading the European Central Bank's reference-rate CSV, and converting
between any two currencies through the euro (every ECB rate is units of a currency per euro)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

MAX_CSV_BYTES = 64 * 1024
# A cross rate keeps as many significant figures as the ECB publishes, and a few more: a yen
# to dollar rate (0.0065434…) would lose a tenth of a percent at six decimal places.
SIGNIFICANT_FIGURES = 8
# What a typed or published rate may be: the ECB's rates run from about 0.3 (KWD would be) to
# about 30,000 (VND) per euro, and a cross rate between two of them stays well inside these.
SMALLEST_RATE, LARGEST_RATE = Decimal("1e-9"), Decimal("1e9")
RATE_FIGURES = 15


class RateError(ValueError):
    """A rate file or typed rate that cannot be used; str is the sentence HR reads."""


@dataclass(frozen=True, slots=True)
class ReferenceRates:
    day: date
    per_euro: dict[str, Decimal]


def parse_rate(text: str | None) -> Decimal:
    """A positive rate typed or read from a file, in plain notation ("1.0823", never "1E-5").

    Bounded in size and figures: a rate is stored as text of at most 40 characters, and a
    conversion at it must stay within exact Decimal arithmetic.
    """
    try:
        rate = Decimal((text or "").strip())
    except InvalidOperation:
        raise RateError("A rate must be a number, like 1.0823.") from None
    if not rate.is_finite() or rate <= 0:
        raise RateError("A rate must be a positive number, like 1.0823.")
    if not SMALLEST_RATE <= rate <= LARGEST_RATE:
        raise RateError("That rate is far outside any real exchange rate; please check it.")
    # Counted on the digits as written: normalize() would first round them to 28 figures.
    if len("".join(map(str, rate.as_tuple().digits)).rstrip("0")) > RATE_FIGURES:
        raise RateError(f"A rate has at most {RATE_FIGURES} significant figures, like 1.0823.")
    return Decimal(format(rate.normalize(), "f"))


def _day(text: str) -> date:
    for pattern in ("%d %B %Y", "%Y-%m-%d", "%d %b %Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise RateError(f"The date “{text.strip()[:20]}” in the file is not one we can read.")


def parse_ecb_csv(content: bytes) -> ReferenceRates:
    """The ECB's eurofxref.csv: a header "Date, USD, JPY, …" and one row of rates per euro."""
    if not content.strip():
        raise RateError("The file is empty. Please choose the eurofxref.csv file from the ECB.")
    if len(content) > MAX_CSV_BYTES:
        raise RateError("The file is larger than the ECB's daily rates file; please check it.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RateError("This is not a text file. Please choose eurofxref.csv from the ECB.")\
            from None
    rows = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text)) if row]
    if len(rows) < 2 or not rows[0] or rows[0][0].lower() != "date":
        raise RateError(
            "This does not look like the ECB's reference rates: the first line should start "
            "with “Date” and name the currencies."
        )
    header, values = rows[0], rows[1]
    day = _day(values[0])
    rates: dict[str, Decimal] = {}
    for code, value in zip(header[1:], values[1:], strict=False):
        if not code:
            continue  # the ECB ends each line with a comma
        if len(code) != 3 or not code.isalpha():
            raise RateError(f"“{code[:10]}” in the first line is not a currency code.")
        if not value or value.upper() == "N/A":
            continue
        try:
            rates[code.upper()] = parse_rate(value)
        except RateError as error:
            raise RateError(f"The rate for {code.upper()} cannot be used. {error}") from None
    if not rates:
        raise RateError("The file has no rates in it.")
    rates["EUR"] = Decimal(1)
    return ReferenceRates(day, rates)


def cross_rate(source: str, target: str, per_euro: dict[str, Decimal]) -> Decimal | None:
    """Units of target per unit of source, through the euro; None when a rate is missing."""
    if source == target:
        return Decimal(1)
    if source not in per_euro or target not in per_euro:
        return None
    return significant(per_euro[target] / per_euro[source])


def significant(value: Decimal, figures: int = SIGNIFICANT_FIGURES) -> Decimal:
    """The value rounded to so many significant figures, without trailing zeros or exponent."""
    rounded = value.quantize(Decimal(1).scaleb(value.adjusted() - figures + 1)).normalize()
    return Decimal(format(rounded, "f"))
