"""Pages every employee has: their own leave requests, and the estimate that plans it."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import date, timedelta

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from portal.domain.calendar import month_or_current
from portal.domain.case import ASKED_FOR, Event, Role
from portal.domain.compulsory import ReturnWindow
from portal.domain.errors import IneligibleCase, StaleRequest
from portal.domain.overlaps import OverlappingLeave
from portal.domain.plan import Block, SplitNoLongerFits
from portal.domain.workflow import CHANGE_PENDING, Action, InvalidTransition, Status
from portal.extensions import csrf
from portal.forms.estimates import PlanLeaveForm
from portal.forms.requests import (
    AnswerForm,
    BirthForm,
    CancelForm,
    DocumentsForm,
    EditDraftForm,
    LeaveRequestForm,
    NeonatalCareForm,
    PregnancyLossForm,
    WithdrawChangeForm,
    WithdrawForm,
)
from portal.input_guards import database_id
from portal.models import LeaveRequest
from portal.records import input_of_request
from portal.services import calendar, documents, estimates, feeds
from portal.services import requests as leave_requests
from portal.services.accounts import today_for
from portal.views import documents as document_views
from portal.views import feeds as ical
from portal.views import request_display as display
from portal.views.timeline_svg import draw_timeline
from portal.wording import error_text

bp = Blueprint("leave", __name__)


@bp.route("/")
def home():
    return redirect(url_for("leave.index"))


@bp.route("/leave/")
@login_required
def index():
    today = today_for(current_user)
    month, note = month_or_current(request.args.get("month"), today)
    return render_template(
        "leave/index.html",
        employee=current_user,
        leave_requests=leave_requests.requests_of(current_user),
        state_of=leave_requests.state,
        my_month=calendar.my_month(current_user, month, today=today),
        month=month,
        month_note=_(note) if note else None,
    )


# -- Plan my leave: the estimate, nothing stored ------------------------------------------------


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
        end=form.end.data,
    )


def _come_back(window: ReturnWindow | None, end: date, return_date: date) -> dict | None:
    """What choosing to come back earlier means (POLICY §4), for the sentences under the
    plan: how long the employee could stay, when statutory terms begin, and the company-paid
    days given up. None for a split plan, which ends on its last block."""
    if window is None:
        return None
    return dict(
        latest_end=window.latest_end,
        company_end=window.company_end,
        statutory_after=window.latest_end > window.company_end,
        return_date=return_date,
        given_up=window.company_days_given_up(end),
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
            # In words, never the field's name (issue 14).
            field = getattr(form, error.field, None)
            if field is not None and error.field != "submit":
                field.errors = [*field.errors, error_text(error)]
            else:
                general_errors.append(_sentence(error_text(error)))
    context = dict(
        form=form,
        estimate=estimate,
        drawing=draw_timeline(
            estimate.timeline,
            phased_days_a_week=(
                estimate.entitlement.phased_return.work_days_per_week
                if estimate.entitlement.phased_return else None
            ),
        ) if estimate else None,
        come_back=(
            _come_back(estimate.window, estimate.end, estimate.return_date) if estimate else None
        ),
        general_errors=general_errors,
        asked_for=ASKED_FOR,
        event=form.event.data or "birth",
    )
    if request.args.get("partial"):
        return render_template("leave/_estimate.html", **context)
    return render_template("leave/plan.html", **context)


# -- What a request's page shows (the words and local times: portal.views.request_display) ----


def _pending_change(leave_request: LeaveRequest) -> tuple[str, list[display.ChangeRow]] | None:
    revision = leave_requests.pending_revision(leave_request)
    if revision is None:
        return None
    return display.change_name(revision), display.pending_difference(leave_request, revision)


# -- New requests and drafts --------------------------------------------------------------------

SUBMISSION_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
REQUEST_FIELDS = ("role", "event", "event_date", "start", "end", "nicu_days", "gestation_weeks",
                  "expected_date", "babies", "child_number")


def _sentence(message: str) -> str:
    message = message.strip()
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else message + "."


def _request_input(form: LeaveRequestForm) -> leave_requests.RequestInput:
    event = form.event.data
    return leave_requests.RequestInput(
        role=form.role.data,
        event=event,
        event_date=form.event_date.data,
        start=form.start.data,
        nicu_days=(form.nicu_days.data or 0) if event in ASKED_FOR["nicu_days"] else 0,
        gestation_weeks=(
            form.gestation_weeks.data if event in ASKED_FOR["gestation_weeks"] else None
        ),
        # The questions "Plan my leave" asks too, so that the estimate and the request agree.
        expected_date=(
            form.expected_date.data if event in ASKED_FOR["expected_date"] else None
        ),
        babies=(form.babies.data or 1) if event in ASKED_FOR["babies"] else 1,
        child_number=(form.child_number.data or 1) if event in ASKED_FOR["child_number"] else 1,
        note_to_hr=form.note_to_hr.data or "",
        blocks=_plan_blocks(form),
    )


def _plan_blocks(form: LeaveRequestForm) -> tuple[Block, ...]:
    """The employee's split, or, when they chose a last day of leave, one block from the first
    day of leave (the start given, else the event date) to that day (POLICY §4)."""
    if form.end.data and not form.date_pairs():
        return (Block(form.start.data or form.event_date.data, form.end.data),)
    return tuple(Block(start, end) for start, end in form.date_pairs())


def _place_request_error(form: LeaveRequestForm, error: IneligibleCase) -> list[str]:
    """Put the service's objection beside its field; return it when no field shows it."""
    if error.field == "blocks":
        form.block_errors.append(_sentence(error_text(error)))
        return []
    if error.field in REQUEST_FIELDS:
        field = form[error.field]
        field.errors = [*field.errors, _sentence(error_text(error))]
        return []
    return [
        _(
            "We could not work out this leave (%(problem)s). Please tell HR; it is not your "
            "doing.",
            problem=error_text(error),
        )
    ]


def _request_form_page(
    form: LeaveRequestForm, *, status: int = 200, checked: bool = False,
    error: IneligibleCase | None = None, leave_request: LeaveRequest | None = None,
    overlap: OverlappingLeave | None = None, started_from: LeaveRequest | None = None,
):
    """The form with its preview; `checked` means the fields passed their syntax checks."""
    general_errors: list[str] = []
    preview = come_back = None
    if error is not None:
        general_errors = _place_request_error(form, error)
    elif checked and overlap is None:
        try:
            proposal = leave_requests.propose(current_user, _request_input(form))
            preview = display.proposal_view(proposal)
            come_back = _come_back(proposal.window, proposal.end, proposal.return_date)
        except IneligibleCase as problem:
            general_errors = _place_request_error(form, problem)
    context = dict(
        form=form, preview=preview, come_back=come_back, general_errors=general_errors,
        asked_for=ASKED_FOR,
        event=form.event.data or "birth", leave_request=leave_request,
        overlap=display.overlap_for_employee(overlap.other) if overlap else None,
        started_from=started_from,
    )
    if request.args.get("partial"):
        return render_template("leave/_request_preview.html", **context), status
    return render_template("leave/request_form.html", **context), status


def N_(message: str) -> str:  # noqa: N802 (the gettext convention)
    """Marks English words for the catalogues; `_()` translates them where they are shown."""
    return message


LOSS_APPROVED = N_(
    "Your leave is approved. We're so sorry for your loss; HR has been told, "
    "and nobody needs to do anything more."
)
LOSS_UPDATED = N_(
    "Your leave is updated and approved. We're so sorry for your loss; HR has been told, "
    "and nobody needs to do anything more."
)
LOSS_DRAFT_UPDATED = N_(
    "We're so sorry for your loss. Your draft is updated; when you send it, "
    "your leave is approved straight away."
)


def _filed_message(leave_request: LeaveRequest, asked_to_submit: bool) -> str:
    loss = leave_request.details.event == Event.PREGNANCY_LOSS
    if leave_request.status == Status.APPROVED:
        return _(LOSS_APPROVED) if loss else _("Your leave is approved, and HR has been told.")
    if leave_request.status == Status.DRAFT:
        if asked_to_submit:
            return _(
                "This form had already been saved as a draft; here it is. You can send it "
                "from “Edit draft”."
            )
        return _("Saved as a draft.")
    if leave_request.status == Status.SUBMITTED:
        if loss:
            return _("We're so sorry for your loss. Your request has been sent to HR.")
        return _("Your request has been sent to HR.")
    return _("This form had already been sent; here is the request it made.")


def _save_request_form(
    form: LeaveRequestForm, save: Callable, leave_request: LeaveRequest | None = None
):
    """Preview, or save a draft, or submit: the buttons of the new-request and draft forms."""
    wants_save = not request.args.get("partial") and bool(form.save_draft.data or form.submit.data)
    if not form.validate():
        return _request_form_page(form, status=400 if wants_save else 200,
                                  leave_request=leave_request)
    if not wants_save:
        return _request_form_page(form, checked=True, leave_request=leave_request)
    submit = bool(form.submit.data)
    try:
        saved = save(_request_input(form), submit)
    except IneligibleCase as error:
        return _request_form_page(form, status=400, error=error, leave_request=leave_request)
    except OverlappingLeave as overlap:
        return _request_form_page(form, status=400, overlap=overlap, leave_request=leave_request)
    flash(_filed_message(saved, submit))
    return redirect(url_for("leave.show_request", request_id=saved.id))


def _started_from() -> LeaveRequest | None:
    """The employee's own request named by ?from=, to start a new one from its answers."""
    asked = database_id(request.args.get("from"))
    if asked is None:
        return None
    return leave_requests.request_for(current_user, asked)


@bp.route("/leave/requests/new", methods=["GET", "POST"])
@login_required
def new_request():
    if request.method == "GET":
        source = _started_from()
        if source is None:
            form = LeaveRequestForm()
            form.submission_key.data = secrets.token_urlsafe(24)
            return _request_form_page(form)
        answers = _draft_form_data(source)
        del answers["version"]
        form = LeaveRequestForm(formdata=None, submission_key=secrets.token_urlsafe(24), **answers)
        return _request_form_page(form, checked=True, started_from=source)
    form = LeaveRequestForm()
    if not SUBMISSION_KEY.fullmatch(form.submission_key.data or ""):
        # Only a tampered form gets here; a fresh key keeps the page working.
        form.submission_key.data = secrets.token_urlsafe(24)
        form.submission_key.raw_data = [form.submission_key.data]

    def file(data, submit):
        return leave_requests.file_request(
            current_user, data, form.submission_key.data, submit=submit,
            today=today_for(current_user),
        )

    return _save_request_form(form, file)


def _own_request(request_id: int) -> LeaveRequest:
    """The request as the service lets the signed-in person open it on their own pages; anyone
    else's does not exist for them here."""
    leave_request = leave_requests.request_for(current_user, request_id)
    if leave_request is None:
        abort(404)
    return leave_request


def _chosen_end(leave_request: LeaveRequest) -> date | None:
    """The last day of leave the employee chose for a one-block plan, or None when it is the
    longest leave (the entitlement's end) or the plan is split."""
    if len(leave_request.blocks) != 1 or not leave_request.details:
        return None
    end = leave_request.blocks[0].end - timedelta(days=leave_request.details.extra_days or 0)
    longest = (leave_request.details.entitlement or {}).get("end")
    return end if longest and end < date.fromisoformat(longest) else None


def _draft_form_data(leave_request: LeaveRequest) -> dict:
    answers = input_of_request(leave_request, without_extra_days=True)
    return dict(
        role=answers.role, event=answers.event, event_date=answers.event_date,
        start=answers.start, end=_chosen_end(leave_request), nicu_days=answers.nicu_days or None,
        gestation_weeks=answers.gestation_weeks, note_to_hr=answers.note_to_hr,
        expected_date=answers.expected_date, babies=answers.babies,
        child_number=answers.child_number,
        blocks=[{"start": block.start, "end": block.end} for block in answers.blocks],
        version=leave_request.version,
    )


@bp.route("/leave/requests/<int:request_id>/edit", methods=["GET", "POST"])
@login_required
def edit_request(request_id: int):
    leave_request = _own_request(request_id)
    if request.method == "GET":
        if leave_requests.state(leave_request) != Status.DRAFT:
            flash(_("This request has been sent, so it can no longer be edited as a draft."))
            return redirect(url_for("leave.show_request", request_id=leave_request.id))
        form = EditDraftForm(formdata=None, **_draft_form_data(leave_request))
        return _request_form_page(form, checked=True, leave_request=leave_request)
    form = EditDraftForm()

    def save(data, submit):
        return leave_requests.edit_draft(
            current_user, leave_request, form.version.data, data, submit=submit,
            today=today_for(current_user),
        )

    try:
        return _save_request_form(form, save, leave_request)
    except StaleRequest as error:
        flash(str(error), "warning")
        if leave_requests.state(leave_request) != Status.DRAFT:
            return _request_page(leave_request, status=409)
        _refresh_version(form, leave_request)
        return _request_form_page(form, status=409, leave_request=leave_request)
    except InvalidTransition as error:
        flash(error_text(error), "danger")
        return _request_page(leave_request, status=400)


# -- A request's page and what can be done there ------------------------------------------------

PAGE_ACTION_FORMS = {
    "withdraw": (WithdrawForm, Action.WITHDRAW),
    "answer": (AnswerForm, Action.ANSWER),
    "cancel": (CancelForm, Action.CANCEL),
    "withdraw-change": (WithdrawChangeForm, Action.WITHDRAW_CHANGE),
}
LIFE_EVENT_FORMS = {
    "birth": BirthForm,
    "neonatal_care": NeonatalCareForm,
    "pregnancy_loss": PregnancyLossForm,
}
# Which life-event form field shows a service objection naming a case field.
LIFE_EVENT_FIELDS = {
    "birth": {"born_on": "born_on", "event_date": "born_on", "start": "born_on"},
    "neonatal_care": {"nicu_days": "nicu_days"},
    "pregnancy_loss": {
        "event_date": "loss_date", "start": "loss_date", "gestation_weeks": "gestation_weeks"
    },
}


def _has_manager() -> bool:
    manager = current_user.manager
    return manager is not None and manager.active


def _withdrawn_message(was_draft: bool) -> str:
    if was_draft:
        return _("Your draft is withdrawn. Nobody else had seen it, so nobody was told.")
    return _("Your request is withdrawn. HR has been told.")


def _action_done(action: str, was_draft: bool) -> str:
    if action == "withdraw":
        return _withdrawn_message(was_draft)
    if action == "answer":
        return _("Thank you. Your answer has gone to HR.")
    if action == "withdraw-change":
        return _("The change is withdrawn, and HR has been told. Your leave stays as it was; "
                 "you can send the news again whenever you are ready.")
    if _has_manager():
        return _("Your leave is cancelled. HR and your manager have been told.")
    return _("Your leave is cancelled. HR has been told.")


def _hr_note(leave_request: LeaveRequest, action: Action) -> str:
    """What HR last wrote with this step (a question, a reason), or ""."""
    steps = [e for e in leave_request.history if e.action == action]
    return steps[-1].note if steps else ""


def _replan_form(form, suggested: tuple[Block, ...]):
    """The life-event form again, with the employee's blocks to choose anew."""
    form.replan.data = "1"
    for entry, block in zip(form.blocks, suggested, strict=False):
        entry.start.data, entry.end.data = block.start, block.end
        entry.start.raw_data = entry.end.raw_data = []
    return form


def _request_page(leave_request: LeaveRequest, *, status: int = 200, replan: dict | None = None,
                  overlap: OverlappingLeave | None = None, document_error: str | None = None,
                  **submitted):
    """The request as it stands, with the forms it allows; a submitted form keeps its values.
    `replan` holds a life event whose blocks the employee is asked to choose again."""
    today = today_for(current_user)
    version = leave_request.version
    allowed = leave_requests.allowed_actions(current_user, leave_request, today)
    action_forms = {
        name: submitted.get(name) or form_class(formdata=None, prefix=name, version=version)
        for name, (form_class, action) in PAGE_ACTION_FORMS.items()
        if action in allowed
    }
    details = leave_request.details
    defaults = {"neonatal_care": {"nicu_days": details.nicu_days}}
    life_event_forms = {
        kind: submitted.get(kind) or LIFE_EVENT_FORMS[kind](
            formdata=None, prefix=kind, version=version, **defaults.get(kind, {})
        )
        for kind in leave_requests.life_events_allowed(current_user, leave_request)
    }
    current = leave_requests.state(leave_request)
    return render_template(
        "leave/show_request.html",
        leave_request=leave_request,
        details=details,
        state=current,
        status_label=display.status_label(current),
        plan=display.stored_plan(leave_request),
        pending_change=_pending_change(leave_request),
        history=display.history(
            leave_request, timezone=current_user.timezone, you=current_user.id
        ),
        hr_question=(
            _hr_note(leave_request, Action.REQUEST_INFORMATION) if "answer" in action_forms
            else ""
        ),
        rejection=_hr_note(leave_request, Action.REJECT) if current == Status.REJECTED else None,
        action_forms=action_forms,
        life_event_forms=life_event_forms,
        replan=replan,
        overlap=display.overlap_for_employee(overlap.other) if overlap else None,
        # A draft tells nobody: the question is asked where a loss approves leave at once.
        ask_who_tells_manager=_has_manager() and current != Status.DRAFT,
        editable=current == Status.DRAFT,
        loss_approved_at_once=current != Status.DRAFT,
        # The birthing parent lost their own pregnancy; a partner is told of "the pregnancy".
        own_pregnancy=details.role == Role.BIRTHING,
        decided=current in (Status.APPROVED, CHANGE_PENDING),
        in_calendars=leave_request.status in feeds.SHOWN,  # "Add to my calendar"
        documents=document_views.document_rows(
            documents.documents_of(leave_request=leave_request), current_user.timezone
        ),
        document_form=DocumentsForm(formdata=None),
        document_error=document_error,
        document_asked=documents.document_asked(leave_request),
    ), status


@bp.route("/leave/requests/<int:request_id>")
@login_required
def show_request(request_id: int):
    return _request_page(_own_request(request_id))


@bp.get("/leave/requests/<int:request_id>/leave.ics")
@login_required
def request_calendar(request_id: int):
    """"Add to my calendar": one's own leave on this request as an iCalendar file, for a
    calendar app to import (the "My leave" feed on Settings keeps a calendar up to date)."""
    leave_request = _own_request(request_id)
    content = feeds.request_content(
        leave_request, name=_("My parental leave"), summary=_("Parental leave"),
        pending_summary=_("Parental leave (not yet approved)"),
    )
    if content is None:
        abort(404)
    return Response(ical.to_ical(content), content_type=ical.CONTENT_TYPE, headers={
        "Content-Disposition": f'attachment; filename="leave-{leave_request.id}.ics"',
        "Cache-Control": "private, no-store",
    })


@bp.post("/leave/requests/<int:request_id>/documents")
@csrf.exempt  # checked by accept_uploads, once the larger limit for files is set
@login_required
def add_documents(request_id: int):
    leave_request = _own_request(request_id)
    too_much = document_views.accept_uploads()
    if too_much:
        return _request_page(leave_request, status=413, document_error=too_much)
    try:
        added = documents.add_documents_to_request(
            current_user, leave_request, request.files.getlist("documents")
        )
    except documents.DocumentRefused as refused:
        return _request_page(leave_request, status=400, document_error=str(refused))
    if leave_request.status == Status.DRAFT:
        flash(ngettext(
            "Thank you. Your document is added to this request.",
            "Thank you. Your documents are added to this request.",
            len(added),
        ))
    else:
        flash(ngettext(
            "Thank you. Your document is added to this request. HR has been told.",
            "Thank you. Your documents are added to this request. HR has been told.",
            len(added),
        ))
    return redirect(url_for("leave.show_request", request_id=leave_request.id))


def _refresh_version(form, leave_request: LeaveRequest) -> None:
    """After a stale attempt the form shows the version now in force, and keeps what was typed."""
    form.version.raw_data = None
    form.version.data = leave_request.version


def _attempt(leave_request: LeaveRequest, name: str, form, change: Callable, done: Callable):
    """Run one service call for a page form and map the domain's refusals to 4xx pages."""
    try:
        change()
    except StaleRequest as error:
        flash(str(error), "warning")
        _refresh_version(form, leave_request)
        return _request_page(leave_request, status=409, **{name: form})
    except InvalidTransition as error:
        flash(error_text(error), "danger")
        return _request_page(leave_request, status=400, **{name: form})
    except OverlappingLeave as overlap:
        return _request_page(leave_request, status=400, overlap=overlap, **{name: form})
    except SplitNoLongerFits as misfit:
        replan = {"kind": name, "form": _replan_form(form, misfit.suggested),
                  "reason": _sentence(misfit.reason)}
        return _request_page(leave_request, replan=replan)
    except IneligibleCase as error:
        fields = LIFE_EVENT_FIELDS.get(name, {})
        if error.field in fields:
            field = form[fields[error.field]]
            field.errors = [*field.errors, _sentence(error_text(error))]
        elif error.field == "blocks" and getattr(form, "replanning", False):
            form.block_errors.append(_sentence(error_text(error)))
        else:
            form.form_errors.append(_sentence(error_text(error)))
        replan = {"kind": name, "form": form, "reason": ""} \
            if getattr(form, "replanning", False) else None
        return _request_page(leave_request, status=400, replan=replan, **{name: form})
    flash(done(leave_request))
    return redirect(url_for("leave.show_request", request_id=leave_request.id))


@bp.route(
    "/leave/requests/<int:request_id>/<any(withdraw, answer, cancel, 'withdraw-change'):action>",
    methods=["POST"],
)
@login_required
def act_on_request(request_id: int, action: str):
    leave_request = _own_request(request_id)
    form_class, step = PAGE_ACTION_FORMS[action]
    form = form_class(prefix=action)
    if not form.validate():
        return _request_page(leave_request, status=400, **{action: form})
    note = form.message.data if action == "answer" else ""
    was_draft = leave_request.status == Status.DRAFT
    return _attempt(
        leave_request, action, form,
        lambda: leave_requests.act(current_user, leave_request, form.version.data, step, note,
                                   today=today_for(current_user)),
        lambda _request: _action_done(action, was_draft),
    )



def _life_event_done(kind: str, form) -> Callable[[LeaveRequest], str]:
    def message(leave_request: LeaveRequest) -> str:
        current = leave_requests.state(leave_request)
        if current == Status.DRAFT:
            return _(LOSS_DRAFT_UPDATED) if kind == "pregnancy_loss" else \
                _("Thank you. Your draft is updated.")
        if kind == "pregnancy_loss":
            if not _has_manager():
                return _(LOSS_UPDATED)
            if form.tell_manager.data == "now":
                return _(
                    "Your leave is updated and approved straight away, as the policy says. "
                    "We're so sorry for your loss. HR has been told. Your manager has been "
                    "told the new dates, and nothing more."
                )
            return _(
                "Your leave is updated and approved straight away, as the policy says. "
                "We're so sorry for your loss. HR has been told. HR will tell your manager "
                "the new dates; your manager has not been told anything yet."
            )
        if kind == "neonatal_care" and current in (Status.APPROVED, CHANGE_PENDING):
            said = _(
                "Thank you. Your neonatal care leave is added and approved straight away, as "
                "the policy says; HR has been told."
            )
            if current == CHANGE_PENDING:
                said += " " + _(
                    "The date of birth you sent is still with HR, and the new dates it "
                    "brings include these weeks too."
                )
            return said
        if current == CHANGE_PENDING:
            return _(
                "Thank you for letting us know. The new dates have gone to HR for approval; "
                "your current plan stays in place until then."
            )
        if current == Status.APPROVED:
            return _(
                "Thank you. Your leave is updated and approved straight away, as the policy "
                "says; HR has been told."
            )
        return _("Thank you. Your request is updated, and HR has been told.")

    return message


def _chosen_blocks(form) -> tuple[Block, ...] | None:
    pairs = form.chosen_blocks()
    return None if pairs is None else tuple(Block(start, end) for start, end in pairs)


def _record_life_event(request_id: int, kind: str, call: Callable):
    leave_request = _own_request(request_id)
    form = LIFE_EVENT_FORMS[kind](prefix=kind)
    if kind not in leave_requests.life_events_allowed(current_user, leave_request):
        flash(_("That can no longer be recorded on this request."), "danger")
        return _request_page(leave_request, status=400)
    if not form.validate():
        replan = {"kind": kind, "form": form, "reason": ""} if form.replanning else None
        return _request_page(leave_request, status=400, replan=replan, **{kind: form})
    options = dict(blocks=_chosen_blocks(form), today=today_for(current_user))
    return _attempt(
        leave_request, kind, form, lambda: call(leave_request, form, options),
        _life_event_done(kind, form),
    )


@bp.route("/leave/requests/<int:request_id>/birth", methods=["POST"])
@login_required
def record_birth(request_id: int):
    return _record_life_event(request_id, "birth", lambda leave_request, form, options: (
        leave_requests.record_birth(
            current_user, leave_request, form.version.data, form.born_on.data, **options
        )
    ))


@bp.route("/leave/requests/<int:request_id>/neonatal-care", methods=["POST"])
@login_required
def record_neonatal_care(request_id: int):
    return _record_life_event(request_id, "neonatal_care", lambda leave_request, form, options: (
        leave_requests.record_neonatal_care(
            current_user, leave_request, form.version.data, form.nicu_days.data, **options
        )
    ))


@bp.route("/leave/requests/<int:request_id>/pregnancy-loss", methods=["POST"])
@login_required
def record_pregnancy_loss(request_id: int):
    return _record_life_event(request_id, "pregnancy_loss", lambda leave_request, form, options: (
        leave_requests.record_pregnancy_loss(
            current_user, leave_request, form.version.data, form.loss_date.data,
            form.gestation_weeks.data, tell_manager=form.tell_manager.data == "now", **options,
        )
    ))
