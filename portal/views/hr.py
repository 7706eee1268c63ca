"""Pages for HR: the whole organisation."""

from flask import Blueprint, render_template, request

from portal.services.accounts import directory
from portal.views.access import requires

bp = Blueprint("hr", __name__, url_prefix="/hr")


@bp.route("/")
@requires("hr")
def index():
    page = request.args.get("page", 1, type=int)
    return render_template("hr/index.html", people=directory(max(page, 1)))
