"""Pages for managers: who in their team is away, month by month."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.calendar import month_or_current
from portal.services import calendar
from portal.views.access import page_argument, requires

bp = Blueprint("team", __name__, url_prefix="/team")


@bp.route("/")
@requires("manager")
def index():
    today = calendar.today_for(current_user)
    month, note = month_or_current(request.args.get("month"), today)
    everyone_below = request.args.get("everyone") == "1"
    page = page_argument()
    team = calendar.team_calendar(
        current_user, month, everyone_below, page=page, today=today
    )
    return render_template("team/index.html", team=team, month=month,
                           note=_(note) if note else None)
