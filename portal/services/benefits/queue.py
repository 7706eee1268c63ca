"""HR's claims queue: claims sent to HR, filtered by programme, status and location, in pages,
and the claim HR opens."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import joinedload

from portal.domain.benefits_claims import ClaimStatus
from portal.extensions import db
from portal.models import BenefitClaim, Employee, Location

PER_PAGE = 25
LAST_PAGE = 100_000
WAITING = "waiting"  # submitted, or waiting for the employee's answer
HR_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.INFORMATION_REQUESTED, ClaimStatus.APPROVED,
               ClaimStatus.PAID, ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN)


@dataclass(frozen=True)
class ClaimFilter:
    status: str = WAITING
    programme_id: str | None = None
    location_id: int | None = None


def queue_statement(chosen: ClaimFilter) -> Select:
    query = (
        select(BenefitClaim).join(Employee, BenefitClaim.employee_id == Employee.id)
        .options(joinedload(BenefitClaim.employee).joinedload(Employee.location))
    )
    if chosen.status == WAITING:
        query = query.where(BenefitClaim.status.in_(
            [ClaimStatus.SUBMITTED, ClaimStatus.INFORMATION_REQUESTED]))
    elif chosen.status in HR_STATUSES:
        query = query.where(BenefitClaim.status == chosen.status)
    else:
        query = query.where(BenefitClaim.status.in_(HR_STATUSES))
    if chosen.programme_id:
        query = query.where(BenefitClaim.programme_id == chosen.programme_id)
    if chosen.location_id:
        query = query.where(Employee.location_id == chosen.location_id)
    return query.order_by(BenefitClaim.submitted_at, BenefitClaim.id)


def claims_queue(chosen: ClaimFilter, page: int = 1, per_page: int = PER_PAGE):
    return db.paginate(queue_statement(chosen), page=min(max(page, 1), LAST_PAGE),
                       per_page=per_page, error_out=False, count=True)


def locations() -> list[Location]:
    return list(db.session.scalars(select(Location).order_by(Location.name)))


def claim_for_hr(claim_id: int) -> BenefitClaim | None:
    """A claim HR may open: anything sent to HR, never a draft the employee still holds."""
    claim = db.session.get(BenefitClaim, claim_id)
    if claim is None or claim.status in (ClaimStatus.DRAFT, ClaimStatus.DELETED):
        return None
    return claim
