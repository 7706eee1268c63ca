"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_user, logout_user

from portal.extensions import limiter
from portal.forms.accounts import LoginForm, SignOutForm
from portal.models import Employee
from portal.services import accounts

bp = Blueprint("auth", __name__)

FAILED_SIGN_IN = "That email and password don't match an account. Please check them and try again."
TOO_MANY_ATTEMPTS = (
    "There have been too many unsuccessful sign-ins for this account. "
    "Please wait 15 minutes and try again, or ask HR to help."
)


def load_signed_in_employee(token: str) -> Employee | None:
    config = current_app.config
    return accounts.resume_session(
        token, config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"]
    )


def safe_next_url(target: str | None) -> str | None:
    """A path on this site, or None: never a redirect to another host."""
    if not target or "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _account_key() -> str:
    return "sign-in:" + accounts.normalise_email(request.form.get("email", ""))


def _sign_in_failed(_response) -> bool:
    return g.get("sign_in_failed", False)


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(
    lambda: current_app.config["LOGIN_FAILURE_LIMIT"],
    key_func=_account_key,
    methods=["POST"],
    deduct_when=_sign_in_failed,
    error_message=TOO_MANY_ATTEMPTS,
)
def login():
    next_url = safe_next_url(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("leave.index"))
    form = LoginForm()
    if form.validate_on_submit():
        employee = accounts.authenticate(form.email.data, form.password.data)
        if employee is not None:
            # A fresh session at sign-in: nothing planted before it survives.
            session.clear()
            employee.auth_token = accounts.start_session(employee)
            login_user(employee)
            session.permanent = True
            flash(f"Welcome, {employee.name}.", "success")
            return redirect(next_url or url_for("leave.index"))
        g.sign_in_failed = True
        form.password.data = ""
        flash(FAILED_SIGN_IN, "danger")
    return render_template("auth/login.html", form=form, next_url=next_url)


@bp.route("/logout", methods=["POST"])
def logout():
    form = SignOutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        accounts.end_session(current_user.get_id())
        logout_user()
        session.clear()
        flash("You have signed out.", "info")
    return redirect(url_for("auth.login"))
