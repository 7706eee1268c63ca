"""Demo claims: a few for demo people (never the three fixed accounts), in every state, made
through the services as people would make them, and the ECB's rates they were approved at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

from sqlalchemy import delete, func, select
from werkzeug.datastructures import FileStorage

from portal.domain.benefits_money import plain
from portal.extensions import db
from portal.models import Employee, OutboxMessage
from portal.services.accounts import today_for
from portal.services.benefits import claims, decisions, rates
from portal.services.benefits.currencies import exponent

# The ECB's rates per euro, as its daily file gives them (the demo's day is yesterday).
DEMO_RATES = {"USD": "1.0550", "JPY": "161.23", "GBP": "0.83450", "AUD": "1.6250",
              "CAD": "1.4780", "INR": "89.150", "CHF": "0.9310"}
RECEIPT = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@dataclass(frozen=True)
class DemoClaim:
    programme: str
    journey: str
    kind: str
    amount: str
    days_ago: int
    description: str
    steps: tuple[tuple[str, str], ...] = ()
    submit: bool = True


DEMO_CLAIMS = (
    DemoClaim("adoption_assistance", "Our adoption", "agency_fees", "4200.00", 40,
              "Agency fee for the home study and matching.",
              (("approve", ""), ("pay", "PAY-DEMO-0001"))),
    DemoClaim("surrogacy_assistance", "Our surrogacy journey", "legal_fees", "3500.00", 12,
              "Lawyer's fees for the surrogacy agreement.", submit=False),
    DemoClaim("surrogacy_assistance", "Our surrogacy", "surrogate_medical", "5400.00", 20,
              "Prenatal care for our surrogate, first trimester."),
    DemoClaim("adoption_assistance", "Adopting our son", "travel", "1850.00", 30,
              "Flights and two nights' stay to meet our son.",
              (("ask", "Could you add the hotel invoice as well as the flights?"),)),
    DemoClaim("adoption_assistance", "Our adoption", "legal_fees", "2750.00", 25,
              "Court fees for the adoption order.", (("approve", "partly"),)),
    DemoClaim("adoption_assistance", "Our adoption", "medical", "600.00", 60,
              "Vaccinations for our daughter before she came home.",
              (("reject", "Vaccinations after placement are covered by the health plan; "
                          "please claim them there. HR is happy to help."),)),
    DemoClaim("surrogacy_assistance", "Surrogacy", "travel", "900.00", 15,
              "Train tickets to the clinic.", (("withdraw", ""),)),
    DemoClaim("adoption_assistance", "Adoption", "home_study", "1200.00", 35,
              "Home study assessment.",
              (("ask", "Is this the whole assessment, or the first part?"),
               ("answer", "It is the whole assessment; there is nothing more to pay."))),
    DemoClaim("surrogacy_assistance", "Our surrogacy", "fertility_treatment", "950000", 50,
              "Embryo transfer at the clinic.", (("approve", ""),)),
)


def _rates_file(day: date) -> bytes:
    codes = ", ".join(DEMO_RATES)
    values = ", ".join(DEMO_RATES.values())
    return f"Date, {codes}, \n{day.day} {day:%B %Y}, {values}, \n".encode()


def _receipt() -> FileStorage:
    return FileStorage(BytesIO(RECEIPT), filename="receipt.pdf", content_type="application/pdf")


def seed_demo_claims(people: list[Employee], hr: Employee) -> None:
    """One demo claim each for these people; the mail it writes is deleted (no news to anyone)."""
    last_mail_before = db.session.scalar(select(func.max(OutboxMessage.id))) or 0
    yesterday = today_for(hr) - timedelta(days=1)
    rates.load_ecb_file(hr, _rates_file(yesterday))
    for person, spec in zip(people, DEMO_CLAIMS, strict=False):
        today = today_for(person)
        claim = claims.save_claim(person, claims.ClaimInput(
            programme_id=spec.programme, journey_label=spec.journey, expense_kind=spec.kind,
            amount=spec.amount, currency=claims.home_currency(person, today),
            expense_date=today - timedelta(days=spec.days_ago), description=spec.description,
        ), [_receipt()], submit=spec.submit, today=today)
        for step, text in spec.steps:
            if step == "approve":
                offered = decisions.suggested(claim)
                rate = offered.rate if offered else Decimal(1)
                whole = decisions.converted(claim, rate, "USD")
                amount = whole * 8 // 10 if text == "partly" else whole
                decisions.approve(hr, claim, claim.version, plain(amount, exponent("USD")),
                                  str(rate), today)
            elif step == "pay":
                decisions.mark_paid(hr, claim, claim.version, text)
            elif step == "ask":
                decisions.request_information(hr, claim, claim.version, text)
            elif step == "answer":
                claims.answer(person, claim, claim.version, text, [])
            elif step == "reject":
                decisions.reject(hr, claim, claim.version, text)
            elif step == "withdraw":
                claims.withdraw(person, claim, claim.version)
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.id > last_mail_before))
    db.session.commit()
