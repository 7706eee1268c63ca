"""Builders for family-benefit tests: receipts as bytes, the ECB sample, and claims made
through the services as people would make them."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from werkzeug.datastructures import FileStorage

from portal.services.accounts import today_for
from portal.services.benefits import claims, decisions

ECB_SAMPLE = Path(__file__).resolve().parent / "data" / "eurofxref.csv"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf_upload(name: str = "receipt.pdf") -> FileStorage:
    return FileStorage(BytesIO(PDF), filename=name, content_type="application/pdf")


def claim_input(**fields) -> claims.ClaimInput:
    values = dict(programme_id="adoption_assistance", journey_label="Our adoption",
                  expense_kind="agency_fees", amount="1000.00", currency="EUR",
                  expense_date=date.today() - timedelta(days=10),
                  description="Agency fee, first instalment")
    values.update(fields)
    return claims.ClaimInput(**values)


def make_claim(person, *, submit: bool = True, receipts=(), **fields):
    return claims.save_claim(person, claim_input(**fields), list(receipts), submit=submit,
                             today=today_for(person))


def approve(hr, claim, amount: str, rate: str = "1.055"):
    return decisions.approve(hr, claim, claim.version, amount, rate, date.today())
