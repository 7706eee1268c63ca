"""The employee's family benefits: the programmes open to them, what is left of each cap, their
claims, and making, editing, withdrawing and answering a claim."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.domain.benefits_claims import (
    ACTION_LABELS,
    STATUS_LABELS,
    ClaimRefused,
    ClaimStatus,
    allowed_steps,
)
from portal.domain.benefits_money import plain
from portal.extensions import csrf
from portal.forms.benefits import AnswerForm, ClaimForm, VersionForm
from portal.models import BenefitClaim
from portal.services.accounts import today_for
from portal.services.benefits import claims as claim_service
from portal.services.benefits import receipts
from portal.services.benefits.claims import ClaimInput, ClaimInvalid
from portal.services.benefits.currencies import (
    currency_choices,
    exponent,
    money,
)
from portal.services.benefits.programmes import names, open_to
from portal.services.benefits.unit import StaleClaim
from portal.views.documents import accept_uploads
from portal.wording import policy_text

bp = Blueprint("benefits", __name__, url_prefix="/benefits")


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks English words for the catalogues; `_()` translates them where they are shown."""
    return message


# The English words of portal.domain.benefits_claims's STATUS_LABELS and ACTION_LABELS, as
# msgids for the catalogues; status_words() and action_words() give them in the reader's words.
CLAIM_WORDS = (
    N_("Draft"), N_("Waiting for HR"), N_("HR has a question"), N_("Approved"),
    N_("Not approved"), N_("Paid"), N_("Withdrawn"), N_("Deleted"),
    N_("Saved as a draft"), N_("Sent to HR"), N_("Draft deleted"), N_("Answered HR's question"),
    N_("HR asked a question"), N_("Receipts added"), N_("Receipt downloaded by HR"),
    # Programme.expense_name's word for an expense its programme no longer lists.
    N_("Other expense"),
)


def status_words() -> dict[str, str]:
    """A claim's status in the reader's words (HR's claim pages use it too)."""
    return {status: _(label) for status, label in STATUS_LABELS.items()}


def action_words() -> dict[str, str]:
    """A claim's history steps in the reader's words."""
    return {action: _(label) for action, label in ACTION_LABELS.items()}


def _helpers() -> dict:
    return {"money": money, "status_labels": status_words(), "action_labels": action_words(),
            "programme_names": {key: policy_text(name) for key, name in names().items()}}


@bp.route("/")
@login_required
def index():
    today = today_for(current_user)
    return render_template(
        "benefits/index.html", overview=claim_service.overview(current_user, today),
        claims=claim_service.claims_of(current_user), **_helpers(),
    )


def _claim_form(claim: BenefitClaim | None = None, *, read: bool = True) -> ClaimForm:
    """The form, read from the request unless `read` is False (a body too large to read)."""
    today = today_for(current_user)
    form = ClaimForm() if read else ClaimForm(formdata=None)
    programmes = open_to(current_user, today)
    form.programme_id.choices = [(p.id, policy_text(p.name)) for p in programmes]
    kinds: dict[str, str] = {}
    for p in programmes:
        for kind in p.expenses:
            kinds.setdefault(kind.id, policy_text(kind.name))
    form.expense_kind.choices = list(kinds.items())
    form.currency.choices = list(currency_choices())
    if request.method == "GET" or not read:
        if claim is None:
            form.currency.data = claim_service.home_currency(current_user, today)
            chosen = request.args.get("programme")
            if chosen in {p.id for p in programmes}:
                form.programme_id.data = chosen
        else:
            form.programme_id.data = claim.programme_id
            form.journey_label.data = claim.journey_label
            form.expense_kind.data = claim.expense_kind
            form.amount.data = plain(claim.amount_minor, exponent(claim.currency))
            form.currency.data = claim.currency
            form.expense_date.data = claim.expense_date
            form.description.data = claim.description
            form.version.data = claim.version
    return form


def _form_page(form: ClaimForm, claim: BenefitClaim | None, status: int = 200):
    return render_template("benefits/claim_form.html", form=form, claim=claim,
                           receipts=receipts.receipts_of(claim), **_helpers()), status


def _input(form: ClaimForm) -> ClaimInput:
    return ClaimInput(
        programme_id=form.programme_id.data or "", journey_label=form.journey_label.data or "",
        expense_kind=form.expense_kind.data or "", amount=form.amount.data or "",
        currency=(form.currency.data or "").upper(), expense_date=form.expense_date.data,
        description=form.description.data or "",
    )


def _save(form: ClaimForm, claim: BenefitClaim | None):
    """Check and save the form; the page again, with every field as typed, when refused."""
    submit = "submit_claim" in request.form
    if not submit and "save_draft" not in request.form:
        return _form_page(form, claim, 400)
    form.validate()
    if form.expense_date.errors:
        form.expense_date.errors = []
    try:
        saved = claim_service.save_claim(
            current_user, _input(form), request.files.getlist(form.receipts.name),
            submit=submit, today=today_for(current_user), claim=claim,
            version=form.version.data if claim is not None else None,
        )
    except ClaimInvalid as error:
        for name, message in error.errors.items():
            getattr(form, name).errors = [message]
        if form.expense_date.raw_data and form.expense_date.raw_data[0] and \
                form.expense_date.data is None:
            form.expense_date.errors = [_("Please enter the date as day, month and year.")]
        if receipts.chosen(request.files.getlist(form.receipts.name)):
            flash(str(error) + " " + _("Files need choosing again."), "danger")
        else:
            flash(str(error), "danger")
        return _form_page(form, claim, 400)
    except StaleClaim as error:
        flash(str(error), "warning")
        return redirect(url_for("benefits.show_claim", claim_id=claim.id))
    except ClaimRefused as error:
        flash(str(error), "danger")
        return _form_page(form, claim, 409)
    flash(_("Your claim is on its way to HR. We will email you when they have looked at it.")
          if submit else _("Saved as a draft. Only you can see it until you send it."),
          "success")
    return redirect(url_for("benefits.show_claim", claim_id=saved.id))


def _too_much(claim: BenefitClaim | None, too_much: str):
    """The form again after a body too large to read: nothing of it could be kept."""
    form = _claim_form(claim, read=False)
    form.receipts.errors = [too_much]
    flash(too_much, "danger")
    return _form_page(form, claim, 413)


# The views that take receipts are exempt from the early CSRF check, which would refuse their
# body at the app's 1 MB limit: accept_uploads() allows five receipts, then checks the token.
@bp.route("/claims/new", methods=["GET", "POST"])
@csrf.exempt
@login_required
def new_claim():
    if request.method == "POST":
        too_much = accept_uploads()
        if too_much:
            return _too_much(None, too_much)
        return _save(_claim_form(), None)
    return _form_page(_claim_form(), None)


def _mine_or_404(claim_id: int) -> BenefitClaim:
    claim = claim_service.claim_for(current_user, claim_id)
    if claim is None:
        abort(404)
    return claim


@bp.route("/claims/<int:claim_id>/edit", methods=["GET", "POST"])
@csrf.exempt
@login_required
def edit_claim(claim_id: int):
    claim = _mine_or_404(claim_id)
    too_much = accept_uploads() if request.method == "POST" else None
    if claim.status != ClaimStatus.DRAFT:
        flash(_("Only a draft can be edited; this claim has been sent to HR."), "info")
        return redirect(url_for("benefits.show_claim", claim_id=claim.id))
    if too_much:
        return _too_much(claim, too_much)
    form = _claim_form(claim)
    if request.method == "POST":
        return _save(form, claim)
    return _form_page(form, claim)


def _claim_page(claim: BenefitClaim, answer: AnswerForm | None = None, status: int = 200):
    steps = allowed_steps(claim.status, is_owner=True, is_hr=False)
    answer = answer or AnswerForm(formdata=None, version=claim.version)
    return render_template(
        "benefits/claim.html", claim=claim, steps=steps, answer=answer,
        plain_form=VersionForm(formdata=None, version=claim.version),
        programme=claim_service.programme_of(claim), receipts=receipts.receipts_of(claim),
        **_helpers(),
    ), status


@bp.route("/claims/<int:claim_id>")
@login_required
def show_claim(claim_id: int):
    return _claim_page(_mine_or_404(claim_id))


def _simple_step(claim_id: int, step, said: str):
    claim = _mine_or_404(claim_id)
    form = VersionForm()
    form.validate()
    try:
        step(current_user, claim, form.version.data)
    except StaleClaim as error:
        flash(str(error), "warning")
        return _claim_page(claim, status=409)
    except ClaimRefused as error:
        flash(str(error), "danger")
        return _claim_page(claim, status=409)
    flash(said, "success")
    return redirect(url_for("benefits.index") if claim.status == ClaimStatus.DELETED
                    else url_for("benefits.show_claim", claim_id=claim.id))


@bp.route("/claims/<int:claim_id>/delete", methods=["POST"])
@login_required
def delete_claim(claim_id: int):
    return _simple_step(claim_id, claim_service.delete_draft, _("The draft is deleted."))


@bp.route("/claims/<int:claim_id>/withdraw", methods=["POST"])
@login_required
def withdraw_claim(claim_id: int):
    return _simple_step(claim_id, claim_service.withdraw,
                        _("Your claim is withdrawn. HR will not look at it any further."))


@bp.route("/claims/<int:claim_id>/answer", methods=["POST"])
@csrf.exempt
@login_required
def answer_claim(claim_id: int):
    claim = _mine_or_404(claim_id)
    too_much = accept_uploads()
    if too_much:
        flash(too_much, "danger")
        return _claim_page(claim, status=413)
    form = AnswerForm()
    form.validate()
    try:
        claim_service.answer(current_user, claim, form.version.data, form.note.data or "",
                             request.files.getlist(form.receipts.name))
    except ClaimInvalid as error:
        for name, message in error.errors.items():
            getattr(form, name).errors = [message]
        flash(str(error), "danger")
        return _claim_page(claim, form, 400)
    except ClaimRefused as error:
        flash(str(error), "warning")
        return _claim_page(claim, form, 409)
    flash(_("Thank you. Your answer is with HR."), "success")
    return redirect(url_for("benefits.show_claim", claim_id=claim.id))
