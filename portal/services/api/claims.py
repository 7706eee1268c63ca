"""Family-benefit claims as the API gives them: approved and paid ones, amounts in minor-unit
-safe strings."""

from __future__ import annotations

from sqlalchemy import select

from portal.domain.benefits_claims import ClaimStatus
from portal.extensions import db
from portal.models import BenefitClaim

SHOWN = (ClaimStatus.APPROVED, ClaimStatus.PAID)


def claims_page(after: int, limit: int) -> tuple[list[BenefitClaim], bool]:
    found = list(db.session.scalars(
        select(BenefitClaim).where(BenefitClaim.id > after, BenefitClaim.status.in_(SHOWN))
        .order_by(BenefitClaim.id).limit(limit + 1)
    ))
    return found[:limit], len(found) > limit
