"""HR's People pages: find, add and edit people, their history, invitations and leavers."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from portal.domain.people import PersonError
from portal.forms.people import ConfirmForm, DeactivateForm, PeopleFilterForm, PersonForm
from portal.services import leavers, people
from portal.services.accounts import find_manager, today_for
from portal.services.person_history import FIELD_LABELS, SOURCE_LABELS, value_label
from portal.views.access import page_argument, requires
from portal.wording import words

bp = Blueprint("people", __name__, url_prefix="/hr/people")


# -- The People page ------------------------------------------------------------------------


def _filters() -> tuple[PeopleFilterForm, people.PeopleFilter, dict, list[str]]:
    """The form as typed, the filter to apply, the query arguments that keep it, and notes on
    what was left out."""
    form = PeopleFilterForm(formdata=request.args)
    places = people.locations()
    form.location.choices = [SelectChoice("", _("Any location"))] + [
        SelectChoice(str(place.id), place.name) for place in places
    ]
    form.status.choices = [SelectChoice(value, label) for value, label in people.STATUSES.items()]
    form.validate()
    notes, kept = [], {}
    search = (form.q.data or "")[:254] if not form.q.errors else ""
    if search:
        kept["q"] = search
    location_id = None
    typed = request.args.get("location", "")
    if typed:
        # Matched as written, never through int(): 5,000 nines are ASCII digits int() refuses.
        chosen = next((p.id for p in places if str(p.id) == typed), None)
        if chosen is not None:
            location_id = chosen
            kept["location"] = typed
        else:
            notes.append(_("That location is not one we know, so every location is shown."))
    manager_id = None
    if form.manager.data and not form.manager.errors:
        manager = find_manager(form.manager.data)
        if manager is None:
            notes.append(
                _("Nobody manages a team under “%(email)s”, so everyone is shown.",
                  email=form.manager.data[:60])
            )
        else:
            manager_id = manager.id
            kept["manager"] = form.manager.data
    status = request.args.get("status") or people.ACTIVE
    if status not in people.STATUSES:
        notes.append(
            _("That status is not one we know, so the people working here are shown.")
        )
        status = people.ACTIVE
    if status != people.ACTIVE:
        kept["status"] = status
    form.status.data = status
    to_check = request.args.get("check") == "location"
    if to_check:
        kept["check"] = "location"
    chosen = people.PeopleFilter(
        search=search, location_id=location_id, manager_id=manager_id, status=status,
        to_check=to_check,
    )
    return form, chosen, kept, notes


@bp.route("")
@requires("hr")
def index():
    form, chosen, kept, notes = _filters()
    page = people.directory(chosen, page_argument())
    return render_template(
        "people/index.html", form=form, page=page, kept=kept, notes=notes,
        to_check=chosen.to_check, locations_to_check=people.locations_to_check(),
    )


# -- One person ---------------------------------------------------------------------------


def _person_or_404(person_id: int):
    person = people.person(person_id)
    if person is None:
        abort(404)
    return person


def _person_page(person, status: int = 200):
    return render_template(
        "people/show.html",
        person=person,
        requests=people.leave_requests_of(person),
        history=people.history_of(person),
        reports=people.active_reports(person),
        field_labels=FIELD_LABELS,
        source_labels=SOURCE_LABELS,
        value_label=value_label,
    ), status


@bp.route("/<int:person_id>")
@requires("hr")
def show(person_id: int):
    return _person_page(_person_or_404(person_id))


def _person_form(person=None) -> PersonForm:
    if request.method == "POST":
        form = PersonForm()
    elif person is not None:
        form = PersonForm(
            formdata=None, email=person.email, name=person.name,
            manager_email=person.manager.email if person.manager else "",
            location=person.location_id, hire_date=person.hire_date, is_hr=person.is_hr,
            may_use_password=person.may_use_password,
        )
    else:
        form = PersonForm(formdata=None)
    form.location.choices = [SelectChoice(0, _("Choose a location"))] + [
        SelectChoice(place.id, place.name) for place in people.locations()
    ]
    return form


def _save(person, form: PersonForm):
    """Save what was typed, or show the form again with the reason next to its field."""
    if form.validate_on_submit():
        values = people.PersonValues(
            email=form.email.data, name=form.name.data, manager_email=form.manager_email.data or "",
            location_id=form.location.data or None, hire_date=form.hire_date.data,
            is_hr=form.is_hr.data, may_use_password=form.may_use_password.data,
        )
        try:
            saved = people.save_person(current_user, person, values, today_for(current_user))
        except PersonError as error:
            getattr(form, error.field).errors.append(words(error.message))
        else:
            if person is None:
                flash(
                    _("%(name)s is added, and an invitation is on its way to them.",
                      name=saved.name),
                    "success",
                )
            else:
                flash(_("%(name)s's record is saved.", name=saved.name), "success")
            return redirect(url_for("people.show", person_id=saved.id))
    status = 400 if request.method == "POST" else 200
    return render_template("people/form.html", form=form, person=person), status


@bp.route("/new", methods=["GET", "POST"])
@requires("hr")
def new():
    return _save(None, _person_form())


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@requires("hr")
def edit(person_id: int):
    person = _person_or_404(person_id)
    return _save(person, _person_form(person))


# -- Invitations and leavers --------------------------------------------------------------


@bp.post("/<int:person_id>/invitation")
@requires("hr")
def resend_invitation(person_id: int):
    person = _person_or_404(person_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        people.resend_invitation(person)
    except PersonError as error:
        flash(words(error.message), "danger")
        return _person_page(person, 400)
    flash(
        _("A new invitation is on its way to %(email)s; it works for 7 days.", email=person.email),
        "success",
    )
    return redirect(url_for("people.show", person_id=person.id))


@bp.route("/<int:person_id>/deactivate", methods=["GET", "POST"])
@requires("hr")
def deactivate(person_id: int):
    """A confirmation page first: what happens, and who takes over the reports."""
    person = _person_or_404(person_id)
    form = DeactivateForm()
    status = 200
    if form.validate_on_submit():
        try:
            leavers.deactivate(current_user, person, form.reports_to.data or "")
        except PersonError as error:
            if error.field == "reports_to":
                form.reports_to.errors.append(words(error.message))
            else:
                flash(words(error.message), "danger")
            status = 400
        else:
            flash(
                _("%(name)s is deactivated: signed out everywhere, and their record and "
                  "leave history are kept.", name=person.name),
                "success",
            )
            return redirect(url_for("people.show", person_id=person.id))
    elif request.method == "POST":
        status = 400
    return render_template(
        "people/deactivate.html", person=person, form=form,
        reports=people.active_reports(person), is_self=person.id == current_user.id,
    ), status


@bp.post("/<int:person_id>/reactivate")
@requires("hr")
def reactivate(person_id: int):
    person = _person_or_404(person_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        leavers.reactivate(current_user, person)
    except PersonError as error:
        flash(words(error.message), "danger")
        return _person_page(person, 400)
    flash(
        _("%(name)s is active again. An invitation to choose a new password is on its way "
          "to them.", name=person.name),
        "success",
    )
    return redirect(url_for("people.show", person_id=person.id))
