"""HR's import and export of people as CSV: check a file, then apply it in one transaction."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from portal.domain.people_import import COLUMNS, Change, ImportPlan, Outcome, RowPlan
from portal.extensions import csrf
from portal.formatting import iso_long_date
from portal.forms.people_import import ApplyImportForm, PeopleFileForm
from portal.forms.words import lazy_gettext as _l
from portal.services import people_import
from portal.services.person_history import FIELD_LABELS, value_label
from portal.views.access import requires
from portal.views.csv_download import csv_download

bp = Blueprint("people_import", __name__, url_prefix="/hr/people")

OUTCOME_LABELS = {
    Outcome.NEW: _l("New person"),
    Outcome.CHANGED: _l("Changed"),
    Outcome.UNCHANGED: _l("Unchanged"),
    Outcome.ERROR: _l("Error"),
}
TOO_BIG = _l(
    "This file is larger than 16 MB, more than we accept at once. Please split it into "
    "smaller files and import them one after the other."
)


# -- Words for a check: the page and `flask people import` say the same ----------------------


def readable_value(field: str, value: str) -> str:
    if not value:
        return _("(none)")
    return iso_long_date(value) if field == "hire_date" else value_label(field, value)


def change_text(change: Change) -> str:
    label = FIELD_LABELS.get(change.field, change.field)
    return _("%(field)s: %(old)s → %(new)s", field=label,
             old=readable_value(change.field, change.old),
             new=readable_value(change.field, change.new))


def row_text(row: RowPlan) -> str:
    """One line for a row: "Row 3, ann@example.com: changed (Name: Ann → Anne)"."""
    who = f"Row {row.number}, {row.email or 'no email'}"
    if row.errors:
        return f"{who}: " + " ".join(row.errors)
    said = {Outcome.NEW: "new person", Outcome.CHANGED: "changed",
            Outcome.UNCHANGED: "unchanged"}[row.outcome]
    if row.changes:
        said += " (" + "; ".join(change_text(change) for change in row.changes) + ")"
    return f"{who}: {said}" + "".join(f" {note}" for note in row.notes)


def summary_text(plan: ImportPlan) -> str:
    """"12 rows: 3 new, 2 changed, 6 unchanged, 1 with errors.\""""
    if not plan.rows:
        return _("Nothing can be imported from this file.")
    parts = [
        _("%(count)s new", count=f"{plan.count(Outcome.NEW):,}"),
        _("%(count)s changed", count=f"{plan.count(Outcome.CHANGED):,}"),
        _("%(count)s unchanged", count=f"{plan.count(Outcome.UNCHANGED):,}"),
    ]
    errors = plan.count(Outcome.ERROR)
    if errors:
        parts.append(_("%(count)s with errors", count=f"{errors:,}"))
    rows = ngettext("%(count)s row", "%(count)s rows", len(plan.rows),
                    count=f"{len(plan.rows):,}")
    return _("%(rows)s: %(parts)s.", rows=rows, parts=", ".join(parts))


# -- Pages -------------------------------------------------------------------------------------


def _filename(name: str | None) -> str:
    """The file's own name, without any folders a browser sent along."""
    name = PureWindowsPath(PurePosixPath(name or "").name).name.strip()
    return (name or "people.csv")[:200]


def _page(form: PeopleFileForm, checked: people_import.CheckedFile | None = None,
          import_id: str | None = None, error: str | None = None, status: int = 200):
    plan = checked.plan if checked else None
    return render_template(
        "people_import/upload.html", form=form, checked=checked, plan=plan,
        import_id=import_id, apply_form=ApplyImportForm(formdata=None), error=error,
        summary=summary_text(plan) if plan else "",
        errors=plan.rows_with(Outcome.ERROR) if plan else [],
        shown=[row for row in plan.rows if row.outcome in (Outcome.NEW, Outcome.CHANGED)]
        if plan else [],
        unchanged=plan.rows_with(Outcome.UNCHANGED) if plan else [],
        outcome_labels=OUTCOME_LABELS, change_text=change_text,
    ), status


@bp.route("/import", methods=["GET", "POST"])
@csrf.exempt  # checked below, once the larger limit for this upload is set
@requires("hr")
def upload():
    if request.method == "GET":
        return _page(PeopleFileForm())
    # Before anything reads the body: the app's 1 MB limit is for ordinary forms.
    request.max_content_length = people_import.MAX_FILE_BYTES
    try:
        if current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        form = PeopleFileForm()
        valid = form.validate()
    except RequestEntityTooLarge:
        return _page(PeopleFileForm(formdata=None), error=str(TOO_BIG), status=400)
    if not valid:
        return _page(form, status=400)
    upload = form.csv_file.data
    filename = _filename(upload.filename)
    checked = people_import.check_file(upload.read(), filename, actor=current_user)
    if checked.plan.has_errors:
        return _page(PeopleFileForm(formdata=None), checked, status=400)
    import_id = people_import.save_checked_file(current_user, filename, checked.text)
    return _page(PeopleFileForm(formdata=None), checked, import_id)


@bp.route("/import/<import_id>", methods=["POST"])
@requires("hr")
def apply(import_id: str):
    try:
        result = people_import.apply_checked_file(current_user, import_id)
    except people_import.UnknownImport:
        abort(404)
    except people_import.ImportRefused as refused:
        return _page(PeopleFileForm(formdata=None), refused.checked, status=400)
    flash(
        _("Imported: %(new)s new, %(changed)s changed.",
          new=f"{result.new:,}", changed=f"{result.changed:,}"),
        "success",
    )
    return redirect(url_for("people.index"))


@bp.route("/export")
@requires("hr")
def export():
    return csv_download(COLUMNS, people_import.exported_people,
                        "people.csv", byte_order_mark=True)
