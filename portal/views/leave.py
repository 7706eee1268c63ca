"""Pages every employee has: their own leave."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

bp = Blueprint("leave", __name__)


@bp.route("/")
def home():
    return redirect(url_for("leave.index"))


@bp.route("/leave/")
@login_required
def index():
    return render_template("leave/index.html", employee=current_user)
