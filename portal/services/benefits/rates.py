"""Exchange rates HR loads: the ECB's daily reference-rate file, or a rate typed by hand; and
the conversion a claim's page suggests from them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from portal.domain.benefits_rates import RateError, cross_rate, parse_ecb_csv, parse_rate
from portal.extensions import db
from portal.models import Employee, ExchangeRate
from portal.services.benefits.currencies import is_known
from portal.services.benefits.unit import committed

ECB, TYPED = "ECB", "typed"


@dataclass(frozen=True)
class Suggestion:
    """Units of the target currency per unit of the source, from the rates of `day`."""

    rate: Decimal
    day: date | None
    source: str


def load_ecb_file(hr: Employee, content: bytes) -> tuple[date, int]:
    """Store the file's rates for its day, replacing that day's rates; (day, how many)."""
    rates = parse_ecb_csv(content)
    with committed():
        db.session.execute(delete(ExchangeRate).where(ExchangeRate.day == rates.day))
        for code, rate in rates.per_euro.items():
            if code != "EUR":
                db.session.add(ExchangeRate(day=rates.day, currency=code, per_euro=str(rate),
                                            source=ECB, loaded_by_id=hr.id))
    return rates.day, len(rates.per_euro) - 1


def type_rate(hr: Employee, currency: str, text: str, day: date) -> None:
    """A rate HR typed: units of `currency` per euro on `day` (replaces that day's rate)."""
    code = (currency or "").strip().upper()
    if code == "EUR" or not is_known(code):
        raise RateError(_("Please choose the currency the rate is for (not the euro itself)."))
    rate = parse_rate(text)
    with committed():
        db.session.execute(delete(ExchangeRate).where(
            ExchangeRate.day == day, ExchangeRate.currency == code))
        db.session.add(ExchangeRate(day=day, currency=code, per_euro=str(rate), source=TYPED,
                                    loaded_by_id=hr.id))


def _rates_of(codes: set[str], up_to: date | None) -> dict[date, dict[str, ExchangeRate]]:
    query = select(ExchangeRate).where(ExchangeRate.currency.in_(codes))
    if up_to is not None:
        query = query.where(ExchangeRate.day <= up_to)
    days: dict[date, dict[str, ExchangeRate]] = {}
    for row in db.session.scalars(query.order_by(ExchangeRate.day.desc()).limit(400)):
        days.setdefault(row.day, {})[row.currency] = row
    return days


def suggestion(source: str, target: str, on: date) -> Suggestion | None:
    """The conversion from the latest rates on or before `on` that have both currencies (or,
    failing that, the latest loaded at all); None when no rates are loaded for them."""
    if source == target:
        return Suggestion(Decimal(1), None, "")
    needed = {source, target} - {"EUR"}
    for up_to in (on, None):
        for day, rows in _rates_of(needed, up_to).items():
            if needed <= rows.keys():
                per_euro = {code: Decimal(row.per_euro) for code, row in rows.items()}
                per_euro["EUR"] = Decimal(1)
                sources = {row.source for row in rows.values()}
                rate = cross_rate(source, target, per_euro)
                if rate is not None:
                    return Suggestion(rate, day, ECB if sources == {ECB} else TYPED)
    return None


def latest_rates(limit: int = 40) -> tuple[date | None, list[ExchangeRate]]:
    """The most recent day's rates, for HR's rates page."""
    day = db.session.scalar(select(func.max(ExchangeRate.day)))
    if day is None:
        return None, []
    rows = db.session.scalars(
        select(ExchangeRate).where(ExchangeRate.day == day).order_by(ExchangeRate.currency)
        .limit(limit)
    )
    return day, list(rows)


def typed_rates(limit: int = 20) -> list[ExchangeRate]:
    return list(db.session.scalars(
        select(ExchangeRate).where(ExchangeRate.source == TYPED)
        .order_by(ExchangeRate.day.desc(), ExchangeRate.currency).limit(limit)
    ))
