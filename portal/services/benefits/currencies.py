"""Currencies through Babel: their decimals (ISO 4217 exponents), names, a location's currency,
and amounts written for the reader. The reader's locale comes from `reader_locale()` alone."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from babel import Locale
from babel.core import get_global
from babel.numbers import (
    format_currency,
    get_currency_precision,
    get_territory_currencies,
    list_currencies,
)

from portal.domain.benefits_money import to_decimal

DEFAULT_LOCALE = "en"
FALLBACK_CURRENCY = "USD"


def reader_locale() -> str:
    """The locale amounts and currency names are written in: the page's language, or the
    email recipient's inside `i18n.written_for` (one place, for issue 14)."""
    from portal.formatting import reader_locale as page_locale

    return page_locale()


@cache
def _known() -> frozenset[str]:
    """Currencies in use somewhere today (Babel lists historical and fund codes too)."""
    today = date.today()
    in_use = set()
    for territory in get_global("territory_currencies"):
        in_use.update(get_territory_currencies(territory, today, tender=True))
    return frozenset(code for code in list_currencies() if code in in_use)


def is_known(code: str | None) -> bool:
    return bool(code) and code in _known()


def exponent(code: str) -> int:
    """Decimals of the currency's minor unit (JPY 0, EUR 2, BHD 3)."""
    return get_currency_precision(code)


@cache
def _choices(locale: str) -> tuple[tuple[str, str], ...]:
    names = Locale.parse(locale).currencies
    wanted = sorted(code for code in _known() if code in names)
    return tuple((code, f"{names[code]} ({code})") for code in wanted)


def currency_choices() -> tuple[tuple[str, str], ...]:
    return _choices(reader_locale())


def location_currency(country: str | None, today: date) -> str:
    """The currency in use in a location's country today, from Babel's territory data."""
    if country:
        found = get_territory_currencies(country.upper(), today, tender=True)
        if found:
            return found[0]
    return FALLBACK_CURRENCY


@cache
def _iso_pattern(locale: str) -> str:
    """The locale's currency pattern with the ISO code in place of the symbol, set apart from
    the figures by a no-break space: "¤¤ #,##0.00" (en), "#,##0.00 ¤¤" (de)."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern
    pattern = re.sub(r"¤(?=[#0-9.,-])", "¤\u00a0", pattern)
    pattern = re.sub(r"(?<=[#0-9])¤", "\u00a0¤", pattern)
    return pattern.replace("¤", "¤¤")


def money(minor: int | None, code: str | None) -> str:
    """"USD 10,000.00", "10.000,00 USD", "EUR 1,250.50", "JPY 300,000" in the reader's locale;
    empty for nothing. Always the ISO code, never a symbol: "$" is a US, Australian or Canadian
    dollar depending on who reads it, and "¥" a yen or a yuan."""
    if minor is None or not code:
        return ""
    locale = reader_locale()
    return format_currency(to_decimal(minor, exponent(code)), code, format=_iso_pattern(locale),
                           locale=locale, currency_digits=True)
