"""The demo organisation's benefit claims: every state, demo people only, rates loaded."""

from sqlalchemy import select

from portal.domain.benefits_claims import ClaimStatus
from portal.extensions import db
from portal.models import BenefitClaim, Document, Employee, ExchangeRate
from portal.services.demo import FIXED_ACCOUNTS, seed_demo_organisation


def test_the_demo_has_claims_in_every_state_for_demo_people_and_the_ecb_rates(app):
    seed_demo_organisation()
    claims = db.session.scalars(select(BenefitClaim)).all()
    states = {claim.status for claim in claims}
    assert states == set(ClaimStatus) - {ClaimStatus.DELETED}
    owners = db.session.scalars(select(Employee.email).where(
        Employee.id.in_({claim.employee_id for claim in claims}))).all()
    assert not set(owners) & set(FIXED_ACCOUNTS)
    assert {"CAD", "AUD", "EUR", "JPY"} <= {claim.currency for claim in claims}
    approved = [c for c in claims if c.status in (ClaimStatus.APPROVED, ClaimStatus.PAID)]
    assert all(c.approved_currency == "USD" and c.rate_source == "ECB" for c in approved)
    assert db.session.scalars(select(ExchangeRate)).first() is not None
    assert len(db.session.scalars(select(Document)).all()) == len(claims)
