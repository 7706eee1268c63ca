"""HR's benefit claims: the queue, a claim and its decisions, exchange rates, the CSV export."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from portal.domain.benefits_claims import (
    STATUS_LABELS,
    ClaimAction,
    ClaimRefused,
    allowed_steps,
)
from portal.domain.benefits_money import plain
from portal.domain.benefits_rates import RateError
from portal.formatting import long_date
from portal.forms.benefits import (
    ApproveForm,
    ClaimFilterForm,
    PaidForm,
    QuestionForm,
    RatesFileForm,
    RejectForm,
    TypedRateForm,
)
from portal.forms.words import lazy_gettext as _l
from portal.input_guards import database_id
from portal.models import BenefitClaim
from portal.services.accounts import today_for
from portal.services.benefits import claims as claim_service
from portal.services.benefits import decisions, export, queue, rates, receipts
from portal.services.benefits.claims import ClaimInvalid
from portal.services.benefits.currencies import currency_choices, exponent, money
from portal.services.benefits.programmes import names
from portal.services.benefits.unit import StaleClaim
from portal.views.access import page_argument, requires
from portal.views.benefits import action_words, status_words
from portal.views.csv_download import csv_download
from portal.wording import policy_text

bp = Blueprint("hr_claims", __name__, url_prefix="/hr/claims")

# The address part of each decision: its step, its form, what the service is called with.
DECISIONS = {
    "approve": (ClaimAction.APPROVE, ApproveForm),
    "reject": (ClaimAction.REJECT, RejectForm),
    "request-information": (ClaimAction.REQUEST_INFORMATION, QuestionForm),
    "mark-paid": (ClaimAction.MARK_PAID, PaidForm),
}
SAID = {
    ClaimAction.APPROVE: _l("Approved. We have let %(name)s know."),
    ClaimAction.REJECT: _l("Not approved. We have let %(name)s know, with your reason."),
    ClaimAction.REQUEST_INFORMATION: _l("Your question is on its way to %(name)s."),
    ClaimAction.MARK_PAID: _l("Marked as paid. We have let %(name)s know."),
}
LARGEST_RATES_BODY = 256 * 1024


def _helpers() -> dict:
    return {"money": money, "status_labels": status_words(), "action_labels": action_words(),
            "programme_names": {key: policy_text(name) for key, name in names().items()}}


@bp.route("/")
@requires("hr")
def index():
    form = ClaimFilterForm(formdata=request.args)
    form.programme.choices = [("", _("Any programme"))] + sorted(
        ((key, policy_text(name)) for key, name in names().items()), key=lambda item: item[1])
    # The default: claims not decided yet, those waiting for the employee's answer included
    # (STATUS_LABELS' "Waiting for HR" is the submitted ones alone).
    form.status.choices = [(queue.WAITING, _("Not decided yet"))] + [
        (status.value, _(STATUS_LABELS[status])) for status in queue.HR_STATUSES
    ] + [("any", _("Any status"))]
    form.location.choices = [("", _("Any location"))] + [
        (str(place.id), place.name) for place in queue.locations()]
    status = form.status.data if form.status.data in {v for v, _label in form.status.choices} \
        else queue.WAITING
    programme = form.programme.data if form.programme.data in names() else None
    location = database_id(form.location.data)
    form.status.data, form.programme.data = status, programme or ""
    chosen = queue.ClaimFilter(status=status, programme_id=programme, location_id=location)
    kept = {key: value for key, value in (("status", status), ("programme", programme),
                                           ("location", location)) if value}
    page = queue.claims_queue(chosen, page_argument())
    return render_template("hr/claims.html", form=form, page=page, kept=kept, **_helpers())


def _claim_or_404(claim_id: int) -> BenefitClaim:
    claim = queue.claim_for_hr(claim_id)
    if claim is None:
        abort(404)
    return claim


def _forms(claim: BenefitClaim, submitted: tuple[ClaimAction, object] | None = None) -> dict:
    forms = {}
    for action, form_class in DECISIONS.values():
        forms[action] = form_class(formdata=None, version=claim.version)
    offered = decisions.suggested(claim)
    programme = claim_service.programme_of(claim)
    approve = forms[ClaimAction.APPROVE]
    if offered is not None and programme is not None:
        approve.rate.data = str(offered.rate)
        approve.amount.data = plain(decisions.converted(claim, offered.rate,
                                                        programme.cap_currency),
                                    exponent(programme.cap_currency))
    if submitted is not None:
        action, form = submitted
        forms[action] = form
    return forms


def _page(claim: BenefitClaim, forms: dict | None = None, status: int = 200):
    programme = claim_service.programme_of(claim)
    left = None
    if programme is not None:
        left = claim_service.allowance_for(programme, claim.employee_id, claim.journey_label)
    return render_template(
        "hr/claims_claim.html", claim=claim, employee=claim.employee, programme=programme,
        forms=forms or _forms(claim), left=left, suggestion=decisions.suggested(claim),
        steps=allowed_steps(claim.status, is_owner=claim.employee_id == current_user.id,
                            is_hr=True),
        own=claim.employee_id == current_user.id, receipts=receipts.receipts_of(claim),
        **_helpers(),
    ), status


@bp.route("/<int:claim_id>")
@requires("hr")
def show(claim_id: int):
    return _page(_claim_or_404(claim_id))


@bp.route("/<int:claim_id>/<any(approve, reject, 'request-information', 'mark-paid'):decision>",
          methods=["POST"])
@requires("hr")
def decide(claim_id: int, decision: str):
    claim = _claim_or_404(claim_id)
    action, form_class = DECISIONS[decision]
    form = form_class()
    form.validate()
    version = form.version.data
    try:
        if action == ClaimAction.APPROVE:
            decisions.approve(current_user, claim, version, form.amount.data or "",
                              form.rate.data or "", today_for(current_user), form.note.data or "")
        elif action == ClaimAction.REJECT:
            decisions.reject(current_user, claim, version, form.reason.data or "")
        elif action == ClaimAction.REQUEST_INFORMATION:
            decisions.request_information(current_user, claim, version, form.question.data or "")
        else:
            decisions.mark_paid(current_user, claim, version, form.reference.data or "")
    except ClaimInvalid as error:
        for name, message in error.errors.items():
            getattr(form, name).errors = [message]
        flash(str(error), "danger")
        return _page(claim, _forms(claim, (action, form)), 400)
    except (StaleClaim, ClaimRefused) as error:
        flash(str(error), "warning")
        form.version.data = claim.version
        return _page(claim, _forms(claim, (action, form)), 409)
    flash(str(SAID[action]) % {"name": claim.employee.name}, "success")
    return redirect(url_for("hr_claims.show", claim_id=claim.id))


# -- Exchange rates --------------------------------------------------------------------------


def _typed_form() -> TypedRateForm:
    form = TypedRateForm()
    form.currency.choices = [(code, name) for code, name in currency_choices() if code != "EUR"]
    return form


def _rates_page(file_form=None, typed_form=None, status: int = 200):
    day, latest = rates.latest_rates()
    typed = typed_form or _typed_form()
    if typed.day.data is None and request.method == "GET":
        typed.day.data = today_for(current_user)
    return render_template(
        "hr/claims_rates.html", file_form=file_form or RatesFileForm(), typed_form=typed,
        day=day, latest=latest, typed=rates.typed_rates(),
    ), status


@bp.route("/rates", methods=["GET", "POST"])
@requires("hr")
def exchange_rates():
    if request.method == "GET":
        return _rates_page()
    request.max_content_length = LARGEST_RATES_BODY
    form = RatesFileForm()
    form.validate()
    upload = request.files.get(form.rates_file.name)
    if upload is None or not upload.filename:
        form.rates_file.errors = [_("Please choose the ECB's eurofxref.csv file.")]
        return _rates_page(form, status=400)
    try:
        day, count = rates.load_ecb_file(current_user, upload.read(LARGEST_RATES_BODY))
    except RateError as error:
        form.rates_file.errors = [str(error)]
        return _rates_page(form, status=400)
    flash(ngettext("Loaded %(num)d rate of %(day)s.", "Loaded %(num)d rates of %(day)s.", count,
                   day=long_date(day)), "success")
    return redirect(url_for("hr_claims.exchange_rates"))


@bp.route("/rates/typed", methods=["POST"])
@requires("hr")
def type_rate():
    form = _typed_form()
    form.validate()
    day: date | None = form.day.data
    if day is None:
        form.day.errors = [_("Please enter the date of the rate as day, month and year.")]
        return _rates_page(typed_form=form, status=400)
    try:
        rates.type_rate(current_user, form.currency.data or "", form.rate.data or "", day)
    except RateError as error:
        form.rate.errors = [str(error)]
        return _rates_page(typed_form=form, status=400)
    flash(_("The rate is saved; claim pages will suggest it."), "success")
    return redirect(url_for("hr_claims.exchange_rates"))


@bp.route("/export.csv")
@requires("hr")
def export_csv():
    return csv_download(export.COLUMNS, export.export_rows, "benefit-claims.csv",
                        headers={"Cache-Control": "no-store"})



