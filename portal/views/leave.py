"""Pages every employee has: their own leave, and the estimate that plans it."""

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from portal.domain.errors import IneligibleCase
from portal.forms.estimates import PlanLeaveForm
from portal.services import estimates
from portal.views.timeline_svg import draw_timeline

bp = Blueprint("leave", __name__)


@bp.route("/")
def home():
    return redirect(url_for("leave.index"))


@bp.route("/leave/")
@login_required
def index():
    return render_template("leave/index.html", employee=current_user)


def _answers(form: PlanLeaveForm) -> estimates.Answers:
    return estimates.Answers(
        role=form.role.data,
        event=form.event.data,
        event_date=form.event_date.data,
        location_id=form.location.data,
        expected_date=form.expected_date.data,
        start=form.start.data,
        nicu_days=form.nicu_days.data,
        gestation_weeks=form.gestation_weeks.data,
        babies=form.babies.data,
        child_number=form.child_number.data,
    )


@bp.route("/leave/plan")
@login_required
def plan():
    form = PlanLeaveForm(formdata=request.args or None, location=current_user.location_id)
    form.location.choices = [
        SelectChoice(place.id, f"{place.name} ({place.jurisdiction})")
        for place in estimates.work_locations()
    ]
    estimate, general_errors = None, []
    if request.args and form.validate():
        try:
            estimate = estimates.estimate_leave(current_user, _answers(form))
        except IneligibleCase as error:
            field = getattr(form, error.field, None)
            if field is not None and error.field != "submit":
                field.errors = [*field.errors, error.message]
            else:
                general_errors.append(str(error))
    context = dict(
        form=form,
        estimate=estimate,
        drawing=draw_timeline(estimate.timeline) if estimate else None,
        general_errors=general_errors,
        asked_for=estimates.ASKED_FOR,
        event=form.event.data or "birth",
    )
    if request.args.get("partial"):
        return render_template("leave/_estimate.html", **context)
    return render_template("leave/plan.html", **context)
