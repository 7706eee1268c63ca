"""GET /api/v1/leave-periods (scope read:leave) and GET /api/v1/requests (read:leave, with
the sensitive details only for read:leave-details)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from flask import g
from pydantic import BaseModel, ConfigDict, Field, model_validator

from portal.domain.pay_kinds import PAY_KINDS
from portal.services.api.leave import leave_periods, requests_page
from portal.views.api import (
    api_blueprint,
    decode_cursor,
    encode_cursor,
    json_answer,
    next_cursor,
    operation,
    query_of,
)
from portal.views.api_schemas import LocationOut, PageQuery, PersonRef, location_out, person_ref

bp = api_blueprint("api_leave")
LONGEST_RANGE = timedelta(days=366)
DETAILS_SCOPE = "read:leave-details"
EARLIEST, LATEST = date(1900, 1, 1), date(2999, 12, 31)
PayKind = Literal["company_full_pay", "statutory", "unpaid", "phased_return"]
assert set(PayKind.__args__) == set(PAY_KINDS)


class PeriodQuery(PageQuery):
    """Leave touching the days from `from` to `to` (both included, at most 366 days)."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    first: date = Field(alias="from", description="First day, YYYY-MM-DD.")
    last: date = Field(alias="to", description="Last day, YYYY-MM-DD.")

    @model_validator(mode="after")
    def _a_range(self) -> PeriodQuery:
        if not (EARLIEST <= self.first <= LATEST and EARLIEST <= self.last <= LATEST):
            raise ValueError("dates from the year 1900 to the year 2999")
        if self.last < self.first:
            raise ValueError("`to` must not be before `from`")
        if self.last - self.first >= LONGEST_RANGE:
            raise ValueError("at most 366 days at once")
        return self


class PayRangeOut(BaseModel):
    """Days from start to end, both included, of one kind of pay."""

    kind: PayKind
    start: date
    end: date
    days: int


class LeavePeriodOut(BaseModel):
    """One block of a person's approved plan, with its days by kind of pay."""

    id: int = Field(description="The plan block's id.")
    request_id: int
    person: PersonRef
    location: LocationOut
    start: date
    end: date
    return_date: date = Field(description="The first working day after the whole plan.")
    pay: list[PayRangeOut]


class LeavePeriodPage(BaseModel):
    """A page of leave periods."""

    items: list[LeavePeriodOut]
    next_cursor: str | None


class BlockOut(BaseModel):
    start: date
    end: date


class RequestDetailsOut(BaseModel):
    """The case behind a request: only for tokens with read:leave-details."""

    role: str
    event: str
    event_date: date
    expected_date: date | None
    nicu_days: int
    gestation_weeks: int | None
    babies: int
    child_number: int
    note_to_hr: str
    entitlement: dict


class RequestOut(BaseModel):
    """A leave request in HR's view."""

    id: int
    person: PersonRef
    status: str
    change_pending: bool
    start: date
    end: date
    return_date: date
    policy: str
    company_days: int
    blocks: list[BlockOut]
    details: RequestDetailsOut | None = Field(
        description="null unless the token has the scope read:leave-details."
    )


class RequestPage(BaseModel):
    """A page of requests, by id."""

    items: list[RequestOut]
    next_cursor: str | None


def _range(pay) -> dict:
    return {"kind": pay.kind, "start": pay.start.isoformat(), "end": pay.end.isoformat(),
            "days": pay.days}


@bp.get("/leave-periods")
@operation("read:leave", ok=LeavePeriodPage, query=PeriodQuery, tag="leave")
def list_leave_periods():
    """Leave periods in a date range

    One item per person and block of an approved plan touching the range, with the kind of pay
    day by day as ranges: `company_full_pay`, `statutory`, `unpaid` and `phased_return`.
    """
    chosen = query_of(PeriodQuery)
    periods, after = leave_periods(chosen.first, chosen.last, decode_cursor(chosen.cursor),
                                   chosen.limit)
    items = [{
        "id": period.block_id,
        "request_id": period.request.id,
        "person": person_ref(period.request.employee),
        "location": location_out(period.request.location),
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "return_date": period.request.return_date.isoformat(),
        "pay": [_range(pay) for pay in period.pay],
    } for period in periods]
    return json_answer({"items": items,
                        "next_cursor": encode_cursor(after) if after is not None else None})


def _details(request) -> dict:
    details = request.details
    return {
        "role": details.role, "event": details.event,
        "event_date": details.event_date.isoformat(),
        "expected_date": details.expected_date.isoformat() if details.expected_date else None,
        "nicu_days": details.nicu_days, "gestation_weeks": details.gestation_weeks,
        "babies": details.babies, "child_number": details.child_number,
        "note_to_hr": details.note_to_hr, "entitlement": details.entitlement,
    }


def _request(request, with_details: bool) -> dict:
    entitlement = request.details.entitlement if request.details else {}
    return {
        "id": request.id,
        "person": person_ref(request.employee),
        "status": request.status,
        "change_pending": request.change_pending,
        "start": request.start.isoformat(),
        "end": request.end.isoformat(),
        "return_date": request.return_date.isoformat(),
        "policy": request.policy_id,
        "company_days": int(entitlement.get("company_days", 0))
        + (request.details.extra_days if request.details else 0),
        "blocks": [{"start": b.start.isoformat(), "end": b.end.isoformat()}
                   for b in request.blocks],
        "details": _details(request) if with_details and request.details else None,
    }


@bp.get("/requests")
@operation("read:leave", ok=RequestPage, query=PageQuery, tag="leave")
def list_requests():
    """Leave requests in HR's view

    Every request HR can see (never drafts), by id: dates, status and plan. The event, the
    case and the note to HR (NICU days, gestation, a loss) only with read:leave-details.
    """
    chosen = query_of(PageQuery)
    found, more = requests_page(decode_cursor(chosen.cursor), chosen.limit)
    with_details = DETAILS_SCOPE in g.api_caller.scopes
    return json_answer({"items": [_request(request, with_details) for request in found],
                        "next_cursor": next_cursor([r.id for r in found], more)})

