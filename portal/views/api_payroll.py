"""GET /api/v1/payroll?period=2026-03 (scope read:leave): each person's working days of each
kind of pay in one pay period."""

from __future__ import annotations

import re

from pydantic import BaseModel, Field, field_validator

from portal.services.api.payroll import PayPeriod, payroll_page
from portal.views.api import (
    api_blueprint,
    decode_cursor,
    encode_cursor,
    json_answer,
    operation,
    query_of,
)
from portal.views.api_schemas import LocationOut, PageQuery, PersonRef, location_out, person_ref

bp = api_blueprint("api_payroll")
PERIOD = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def pay_period(text: str) -> PayPeriod:
    """The month a `YYYY-MM` names (years 1900 to 2999); ValueError otherwise."""
    found = PERIOD.match(text)
    if not found or not 1900 <= int(found.group(1)) <= 2999:
        raise ValueError("a month written YYYY-MM, for example 2026-03")
    return PayPeriod.month(int(found.group(1)), int(found.group(2)))


class PayrollQuery(PageQuery):
    period: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$",
                        description="The pay period, a month: YYYY-MM.")

    @field_validator("period")
    @classmethod
    def _a_month(cls, value: str) -> str:
        pay_period(value)
        return value


class PayDays(BaseModel):
    """Working days of each kind of pay within the period."""

    company_full_pay: int
    statutory: int
    unpaid: int
    phased_return: int


class PayrollLineOut(BaseModel):
    person: PersonRef
    location: LocationOut
    working_days: int = Field(description="Working days of the period at the location.")
    days: PayDays


class PayrollPage(BaseModel):
    period: str
    first_day: str
    last_day: str
    items: list[PayrollLineOut]
    next_cursor: str | None


@bp.get("/payroll")
@operation("read:leave", ok=PayrollPage, query=PayrollQuery, tag="payroll")
def payroll():
    """Payroll figures for a pay period

    For each person with approved leave or a phased return in the month, the working days at
    their location of each kind of pay.
    """
    chosen = query_of(PayrollQuery)
    period = pay_period(chosen.period)
    lines, after = payroll_page(period, decode_cursor(chosen.cursor), chosen.limit)
    return json_answer({
        "period": chosen.period,
        "first_day": period.first.isoformat(),
        "last_day": period.last.isoformat(),
        "items": [{
            "person": person_ref(line.employee),
            "location": location_out(line.location),
            "working_days": line.working_days,
            "days": line.days,
        } for line in lines],
        "next_cursor": encode_cursor(after) if after is not None else None,
    })
