"""GET /api/v1/claims (scope read:claims): approved and paid family-benefit claims."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from portal.domain.benefits_money import plain
from portal.services.api.claims import claims_page
from portal.services.benefits.currencies import exponent
from portal.views.api import (
    api_blueprint,
    decode_cursor,
    json_answer,
    next_cursor,
    operation,
    query_of,
)
from portal.views.api_schemas import PageQuery, PersonRef, person_ref

bp = api_blueprint("api_claims")


class Money(BaseModel):
    """An amount as a decimal string with the currency's minor units ("1250.50"), never a
    floating-point number, and the minor units as an integer."""

    amount: str = Field(pattern=r"^-?\d+(\.\d+)?$")
    minor_units: int
    currency: str = Field(min_length=3, max_length=3)


class ClaimOut(BaseModel):
    """An approved or paid claim for a family benefit."""

    id: int
    person: PersonRef
    programme: str
    journey_kind: str
    expense_kind: str
    expense_date: date
    status: str
    claimed: Money
    approved: Money | None
    payment_reference: str
    decided_at: datetime | None
    paid_at: datetime | None


class ClaimPage(BaseModel):
    items: list[ClaimOut]
    next_cursor: str | None


def _money(minor: int | None, currency: str | None) -> dict | None:
    if minor is None or not currency:
        return None
    return {"amount": plain(minor, exponent(currency)), "minor_units": minor,
            "currency": currency}


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


@bp.get("/claims")
@operation("read:claims", ok=ClaimPage, query=PageQuery, tag="claims")
def list_claims():
    """Approved and paid benefit claims

    Adoption and surrogacy assistance claims HR approved or paid, by id, with the amounts as
    decimal strings.
    """
    chosen = query_of(PageQuery)
    found, more = claims_page(decode_cursor(chosen.cursor), chosen.limit)
    items = [{
        "id": claim.id, "person": person_ref(claim.employee), "programme": claim.programme_id,
        "journey_kind": claim.journey_kind, "expense_kind": claim.expense_kind,
        "expense_date": claim.expense_date.isoformat(), "status": claim.status,
        "claimed": _money(claim.amount_minor, claim.currency),
        "approved": _money(claim.approved_minor, claim.approved_currency),
        "payment_reference": claim.payment_reference,
        "decided_at": _moment(claim.decided_at), "paid_at": _moment(claim.paid_at),
    } for claim in found]
    return json_answer({"items": items,
                        "next_cursor": next_cursor([claim.id for claim in found], more)})
