"""HR's Locations: where people work, their time zone, weekend and public holidays."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from portal.domain.locations import LocationError
from portal.extensions import db
from portal.forms.locations import DefaultLocationForm, DeleteLocationForm, LocationForm
from portal.models import Location
from portal.services import locations
from portal.views.access import requires
from portal.wording import words

bp = Blueprint("locations", __name__, url_prefix="/hr/locations")

VALUES = ("name", "country", "subdivision", "timezone", "weekend")
# The domain names the stored column; the form's checkboxes are named for what they hold.
FIELD_OF = {"weekend_days": "weekend"}


@bp.route("/")
@requires("hr")
def index():
    return render_template(
        "locations/index.html",
        rows=locations.locations_with_counts(),
        no_rules=locations.NO_STATUTORY_RULES,
    )


def _form_page(form: LocationForm, location: Location | None):
    """Show the form; on a valid POST save and go back to the list, else say what is wrong
    beside each field, keeping what was typed."""
    if form.validate_on_submit():
        try:
            saved = locations.save_location(location, {name: form[name].data for name in VALUES})
        except LocationError as error:
            for field, message in error.problems.items():
                form[FIELD_OF.get(field, field)].errors.append(words(message))
        else:
            flash(_("%(name)s is saved.", name=saved.name), "success")
            return redirect(url_for("locations.index"))
    status = 400 if form.is_submitted() else 200
    return render_template("locations/form.html", form=form, location=location), status


@bp.route("/new", methods=["GET", "POST"])
@requires("hr")
def new():
    return _form_page(LocationForm(), None)


@bp.route("/<int:location_id>/edit", methods=["GET", "POST"])
@requires("hr")
def edit(location_id: int):
    location = db.get_or_404(Location, location_id)
    return _form_page(LocationForm(obj=location), location)


@bp.post("/<int:location_id>/delete")
@requires("hr")
def delete(location_id: int):
    location = db.get_or_404(Location, location_id)
    if not DeleteLocationForm().validate_on_submit():
        abort(400)
    name = location.name
    try:
        locations.delete_location(location)
    except locations.LocationInUse as error:
        flash(error.message, "danger")
    else:
        flash(_("%(name)s is deleted.", name=name), "success")
    return redirect(url_for("locations.index"))


@bp.post("/<int:location_id>/default")
@requires("hr")
def make_default(location_id: int):
    """The location for people the identity provider sends with a work address that names no
    location (they are flagged on the People page for HR to check)."""
    location = db.get_or_404(Location, location_id)
    if not DefaultLocationForm().validate_on_submit():
        abort(400)
    locations.make_default(location)
    flash(
        _("%(name)s is now the default location: people provisioned by the identity "
          "provider with a work address that matches no location are placed here, for you to "
          "check on the People page.", name=location.name),
        "success",
    )
    return redirect(url_for("locations.index"))
