"""Pages for HR: the queue of requests to decide, and one request and its decisions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.domain.calendar import MonthError, parse_month
from portal.domain.case import ASKED_FOR
from portal.domain.errors import IneligibleCase, StaleRequest
from portal.domain.overlaps import OverlappingLeave
from portal.domain.workflow import Action, Actor, InvalidTransition
from portal.formatting import weeks_and_days
from portal.forms.hr import (
    ApproveChangeForm,
    ApproveForm,
    ExtraDaysForm,
    QueueFilterForm,
    RejectChangeForm,
    RejectForm,
    RequestInformationForm,
)
from portal.forms.words import lazy_gettext as _l
from portal.services import documents, hr_queue, requests
from portal.services.accounts import today_for
from portal.views import documents as document_views
from portal.views import request_display as display
from portal.views.access import page_argument, requires
from portal.wording import error_text
from portal.wording.explanation import role_label

bp = Blueprint("hr", __name__, url_prefix="/hr")

# The decisions on a request's page: the address part, the action, its form, what is said after.
DECISIONS = {
    "approve": (Action.APPROVE, ApproveForm, _l("Approved. We have let %(name)s know.")),
    "reject": (
        Action.REJECT, RejectForm, _l("Rejected. We have let %(name)s know, with your reason.")
    ),
    "request-information": (
        Action.REQUEST_INFORMATION, RequestInformationForm,
        _l("Your question is on its way to %(name)s."),
    ),
    "approve-change": (
        Action.APPROVE_CHANGE, ApproveChangeForm,
        _l("The change is approved and the new plan is in force. We have let %(name)s know."),
    ),
    "reject-change": (
        Action.REJECT_CHANGE, RejectChangeForm,
        _l(
            "The change was not approved; the approved plan stays as it was. "
            "We have let %(name)s know."
        ),
    ),
}
FORM_OF_ACTION = {action: form for action, form, _said in DECISIONS.values()}
FORM_OF_ACTION[Action.GRANT_EXTRA_DAYS] = ExtraDaysForm


# -- The queue ------------------------------------------------------------------------------

IGNORED = {
    "status": _l("We do not know the status “%(value)s”, so the queue shows what waits for HR."),
    "location": _l("We do not know the location “%(value)s”, so every location is shown."),
    "event": _l("We do not know the event “%(value)s”, so every event is shown."),
    "month": _l("“%(value)s” is not a month written as YYYY-MM, so every month is shown."),
}


def _capitalised(text: str) -> str:
    """The first letter a capital, the rest as written ("Gebärender Elternteil")."""
    return text[:1].upper() + text[1:]


def _filter_form() -> QueueFilterForm:
    form = QueueFilterForm(formdata=request.args)
    form.status.choices = [
        SelectChoice(hr_queue.WAITING, _("Waiting for HR")),
        *(SelectChoice(state, display.status_label(state)) for state in hr_queue.STATES),
        SelectChoice(hr_queue.EVERYTHING, _("Any status")),
    ]
    form.location.choices = [SelectChoice("", _("Any location"))] + [
        SelectChoice(str(place.id), place.name) for place in hr_queue.locations()
    ]
    form.event.choices = [SelectChoice("", _("Any event"))] + [
        SelectChoice(value, _(name)) for value, name in display.EVENT_NAMES.items()
    ]
    return form


def _chosen(form: QueueFilterForm) -> tuple[hr_queue.QueueFilter, dict, list[str]]:
    """The filter to apply, the query arguments that keep it, and notes on what was left out."""
    form.validate()
    notes, kept = [], {}
    for field in (form.status, form.location, form.event, form.month):
        if field.errors:
            typed = (request.args.get(field.name) or "")[:40]
            notes.append(str(IGNORED[field.name]) % {"value": typed})
            field.data, field.errors = field.default, []
        elif field.data:
            kept[field.name] = field.data
    if kept.get("status") == hr_queue.WAITING:
        del kept["status"]
    start_month = None
    if "month" in kept:
        try:
            start_month = parse_month(kept["month"]).first
        except MonthError:
            notes.append(str(IGNORED["month"]) % {"value": kept.pop("month")[:40]})
    chosen = hr_queue.QueueFilter(
        status=kept.get("status", hr_queue.WAITING),
        location_id=int(kept["location"]) if "location" in kept else None,
        event=kept.get("event"),
        start_month=start_month,
    )
    return chosen, kept, notes


@bp.route("/")
@requires("hr")
def index():
    form = _filter_form()
    chosen, kept, notes = _chosen(form)
    page = hr_queue.hr_queue(chosen, page_argument(), viewer=current_user)
    return render_template(
        "hr/index.html", form=form, page=page, kept=kept, notes=notes, state=requests.state
    )


# -- One request ----------------------------------------------------------------------------


def _request_or_404(request_id: int):
    leave_request = requests.request_for(current_user, request_id, audience=Actor.HR)
    if leave_request is None:
        abort(404)
    return leave_request


def _own_page(leave_request, message: str):
    flash(message, "info")
    return redirect(url_for("leave.show_request", request_id=leave_request.id))


def _forms(leave_request, submitted: tuple[Action, object] | None = None) -> dict:
    """The decision forms this person may use now, keyed by action; the one just sent keeps
    what was typed in it."""
    forms = {}
    today = today_for(leave_request.employee)
    for action in requests.allowed_actions(current_user, leave_request, today):
        if action not in FORM_OF_ACTION:
            continue
        if submitted is not None and submitted[0] == action:
            forms[action.value] = submitted[1]
        else:
            forms[action.value] = FORM_OF_ACTION[action](
                formdata=None, version=leave_request.version
            )
    return forms


def _page(leave_request, forms: dict | None = None, status: int = 200, overlap=None):
    """The request as it stands now; opening it is recorded (without the details)."""
    requests.record_details_read(current_user, leave_request)
    employee = leave_request.employee
    revision = requests.pending_revision(leave_request)
    details = leave_request.details
    context = dict(
        leave_request=leave_request,
        employee=leave_request.employee,
        details=details,
        role=_capitalised(role_label(details.role)),
        event=_(display.EVENT_NAMES.get(details.event, details.event)),
        asked={field: details.event in events for field, events in ASKED_FOR.items()},
        state=requests.state(leave_request),
        entitlement=display.EntitlementView.of(details.entitlement, display.HR_GRANT_LABELS),
        revision=revision,
        change_name=display.change_name(revision) if revision else "",
        difference=(
            display.pending_difference(leave_request, revision, whole_case=True)
            if revision else []
        ),
        history=display.history(
            leave_request, timezone=current_user.timezone, words=display.HR_ACTION_WORDS
        ),
        forms=forms if forms is not None else _forms(leave_request),
        others=display.other_request_rows(leave_request, requests.other_requests(leave_request)),
        overlap=display.overlap_for_hr(overlap.other, employee.name) if overlap else None,
        documents=document_views.document_rows(
            documents.documents_of(leave_request=leave_request), current_user.timezone
        ),
        document_asked=documents.document_asked(leave_request),
    )
    return render_template("hr/request.html", **context), status


@bp.route("/requests/<int:request_id>")
@requires("hr")
def show_request(request_id: int):
    leave_request = _request_or_404(request_id)
    if leave_request.employee_id == current_user.id:
        return _own_page(
            leave_request, _("This is your own request, so here is your page for it.")
        )
    return _page(leave_request)


def _refused(leave_request, action: Action, form, error: Exception):
    """Map what the service refused to the page, keeping what was typed."""
    if isinstance(error, StaleRequest):
        flash(str(error), "warning")
        form.version.data, form.version.raw_data = leave_request.version, []
        return _page(leave_request, _forms(leave_request, (action, form)), 409)
    if isinstance(error, OverlappingLeave):
        return _page(leave_request, _forms(leave_request, (action, form)), 400, overlap=error)
    if isinstance(error, IneligibleCase) and hasattr(form, error.field.removeprefix("extra_")):
        getattr(form, error.field.removeprefix("extra_")).errors.append(error_text(error))
    else:
        flash(error_text(error), "danger")
    return _page(leave_request, _forms(leave_request, (action, form)), 400)


def _checked_form(leave_request, action: Action):
    form = FORM_OF_ACTION[action]()
    if form.validate_on_submit():
        return form, None
    if form.version.errors:
        flash(_("This form was missing a part, so nothing was saved. Please try again."), "danger")
    return form, _page(leave_request, _forms(leave_request, (action, form)), 400)


@bp.post("/requests/<int:request_id>/<decision>")
@requires("hr")
def decide(request_id: int, decision: str):
    if decision not in DECISIONS:
        abort(404)
    action, _form_class, said = DECISIONS[decision]
    leave_request = _request_or_404(request_id)
    if leave_request.employee_id == current_user.id:
        return _own_page(
            leave_request, _("Nobody decides their own request; another HR person will.")
        )
    form, refused = _checked_form(leave_request, action)
    if refused is not None:
        return refused
    note = getattr(form, "reason", None) or getattr(form, "message", None)
    asks_for_document = getattr(form, "ask_for_document", None)
    try:
        requests.act(
            current_user, leave_request, form.version.data, action, note.data if note else "",
            today=today_for(leave_request.employee),
            ask_for_document=bool(asks_for_document and asks_for_document.data),
        )
    except (StaleRequest, InvalidTransition, OverlappingLeave) as error:
        return _refused(leave_request, action, form, error)
    flash(str(said) % {"name": leave_request.employee.name}, "success")
    return redirect(url_for("hr.show_request", request_id=leave_request.id))


@bp.post("/requests/<int:request_id>/extra-days")
@requires("hr")
def grant_extra_days(request_id: int):
    leave_request = _request_or_404(request_id)
    if leave_request.employee_id == current_user.id:
        return _own_page(
            leave_request, _("Nobody decides their own request; another HR person will.")
        )
    form, refused = _checked_form(leave_request, Action.GRANT_EXTRA_DAYS)
    if refused is not None:
        return refused
    try:
        requests.grant_extra_days(
            current_user, leave_request, form.version.data, form.days.data, form.reason.data,
            today=today_for(leave_request.employee),
        )
    except (StaleRequest, InvalidTransition, IneligibleCase, OverlappingLeave) as error:
        return _refused(leave_request, Action.GRANT_EXTRA_DAYS, form, error)
    flash(_("%(length)s added to the leave.", length=weeks_and_days(form.days.data)), "success")
    return redirect(url_for("hr.show_request", request_id=leave_request.id))
