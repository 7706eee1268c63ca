"""Two HR people approving two claims of one person at the same moment: the cap holds.

Real threads, each in its own app context (its own session and connection), on the test
database (SQLite, or PostgreSQL with TEST_DATABASE_URL). A barrier makes both load their claim
and what is left of the cap before either approves; the cap has room for one of them only.
"""

import threading
from datetime import date

from sqlalchemy import func, select

from portal.domain.benefits_claims import ClaimStatus
from portal.extensions import db
from portal.models import BenefitClaim, Employee
from portal.services.benefits import claims, decisions
from tests.benefit_builders import make_claim
from tests.builders import make_employee, make_location, sign_in

ROUNDS = 5


def approve_at_once(app, approvals: list[tuple[int, int, str]]) -> list:
    """Each (hr id, claim id, amount) in its own thread; what happened to each."""
    barrier = threading.Barrier(len(approvals))
    outcomes: list = [None] * len(approvals)

    def approve(slot: int, hr_id: int, claim_id: int, amount: str) -> None:
        with app.app_context():
            try:
                hr = db.session.get(Employee, hr_id)
                claim = db.session.get(BenefitClaim, claim_id)
                programme = claims.programme_of(claim)
                claims.allowance_for(programme, claim.employee_id, claim.journey_label)
                opened = claim.version
                barrier.wait(timeout=10)
                decisions.approve(hr, claim, opened, amount, "1", date.today())
                outcomes[slot] = "approved"
            except Exception as error:  # what that HR person would have seen
                outcomes[slot] = error
            finally:
                db.session.rollback()
                db.session.remove()

    threads = [threading.Thread(target=approve, args=(slot, *approval))
               for slot, approval in enumerate(approvals)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_approvals_at_once_never_pass_the_cap_together(app):
    office = make_location(name="New York office", country="US", subdivision="NY",
                           timezone="America/New_York")
    harper = make_employee(name="Harper HR", is_hr=True, location=office)
    hollis = make_employee(name="Hollis HR", is_hr=True, location=office)
    report = []
    for round_number in range(ROUNDS):
        parent = make_employee(name=f"Parent {round_number}", location=office)
        first = make_claim(parent, amount="6000.00", currency="USD")
        second = make_claim(parent, amount="6000.00", currency="USD")
        outcomes = approve_at_once(app, [(harper.id, first.id, "6000.00"),
                                         (hollis.id, second.id, "6000.00")])
        report.append(outcomes)

        assert outcomes.count("approved") == 1, f"round {round_number}: {outcomes!r}"
        refused = next(o for o in outcomes if o != "approved")
        assert "more than is left of the cap" in str(refused.errors["amount"])
        db.session.expire_all()
        total = db.session.scalar(select(func.sum(BenefitClaim.approved_minor)).where(
            BenefitClaim.employee_id == parent.id,
            BenefitClaim.status == ClaimStatus.APPROVED))
        assert total == 600000
    print(f"\n{ROUNDS} approval races on {db.engine.dialect.name}: " + ", ".join(
        "/".join(o if isinstance(o, str) else type(o).__name__ for o in round_)
        for round_ in report))


def test_the_second_hr_person_on_the_page_gets_409_and_the_claim_as_it_stands(app):
    office = make_location(name="Office", country="US", subdivision="NY",
                           timezone="America/New_York")
    parent = make_employee(name="Pat Parent", location=office)
    harper = make_employee(name="Harper HR", is_hr=True, location=office)
    hollis = make_employee(name="Hollis HR", is_hr=True, location=office)
    claim = make_claim(parent, amount="100.00", currency="USD")
    opened = claim.version
    first, second = app.test_client(), app.test_client()
    sign_in(first, harper.email)
    sign_in(second, hollis.email)
    path = f"/hr/claims/{claim.id}"
    assert first.post(f"{path}/approve", data={"version": opened, "amount": "100.00"}
                      ).status_code == 302
    response = second.post(f"{path}/reject", data={"version": opened, "reason": "Not covered"})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "This claim changed since you opened it" in page
    assert 'data-testid="status">Approved<' in page
    assert "Not covered</textarea>" not in page or ">Reject</button>" not in page
    db.session.expire_all()
    assert [event.action for event in claim.history] == ["submitted", "approved"]
