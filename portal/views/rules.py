"""HR's Rules page: every statutory rule in force, by jurisdiction (POLICY §4)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from portal.domain.policy import load_policy_book
from portal.domain.rule_book import rules_in_force
from portal.services.accounts import today_for
from portal.views.access import requires

bp = Blueprint("rules", __name__, url_prefix="/hr/rules")


@bp.route("/")
@requires("hr")
def index():
    today = today_for(current_user)
    return render_template(
        "rules/index.html",
        jurisdictions=rules_in_force(load_policy_book(), today),
        today=today,
    )
