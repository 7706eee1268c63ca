"""Pages for managers: the people who report to them."""

from flask import Blueprint, render_template
from flask_login import current_user

from portal.services.accounts import direct_reports
from portal.views.access import requires

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.route("/")
@requires("manager")
def index():
    return render_template("team/index.html", reports=direct_reports(current_user))
