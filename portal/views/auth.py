"""Signing in and out, and the limits on failed sign-ins.

Only failed sign-ins are counted, in three ways; a full counter answers 429 with Retry-After:
- one account from one address (LOGIN_FAILURE_LIMIT): someone guessing one person's password
  locks out only themselves, not the person signing in from elsewhere;
- one address across accounts (LOGIN_ADDRESS_FAILURE_LIMIT): one password tried on many people,
  which does not stop the people behind the same office address on their own browsers;
- one account from every address (LOGIN_ACCOUNT_FAILURE_LIMIT): past it, the account is not
  locked but slowed: a browser that has not signed in to it before gets LOGIN_ACCOUNT_SLOW_DOWN
  more tries, while the owner's usual browser, which carries a signed "known device" cookie from
  an earlier sign-in (OWASP's device cookies), is not held up by someone else's guessing.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from functools import wraps
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user
from itsdangerous import BadData, URLSafeTimedSerializer
from limits import parse
from limits.errors import StorageError

from portal.extensions import client_address, limiter
from portal.forms.accounts import LoginForm, SignOutForm
from portal.i18n import N_
from portal.models import Employee
from portal.services import accounts, company_sign_in

bp = Blueprint("auth", __name__)


FAILED_SIGN_IN = N_(
    "That email and password don't match an account. Please check them and try again."
)
# Said only to someone who typed the right password, so it tells strangers nothing.
ONLY_COMPANY_SIGN_IN = N_(
    "Your company signs in to the portal with your company account, so passwords are not used "
    "here. Please choose “Sign in with your company account”."
)
# The same words whichever counter is full and whether or not the account exists: every
# sentence _too_many_attempts() says starts with these.
TOO_MANY_ATTEMPTS = "There have been too many unsuccessful sign-ins."
# What the sign-in page sends; JSON or anything else would reach the form past the counters.
FORM_ENCODINGS = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})

KNOWN_DEVICE_COOKIE = "known_device"
# A shared computer remembers the last few people who signed in on it.
KNOWN_DEVICE_ACCOUNTS = 5
_ACCOUNT_FAILURES = "sign-in-account-failures"


def load_signed_in_employee(token: str) -> Employee | None:
    config = current_app.config
    return accounts.resume_session(
        token, config["SESSION_IDLE_TIMEOUT"], config["SESSION_ABSOLUTE_TIMEOUT"]
    )


def signed_in() -> bool:
    return current_user.is_authenticated


def home_url() -> str:
    return url_for("leave.index")


def open_session(employee: Employee, welcome: str | None = None) -> None:
    """Sign this person in, whichever way they proved who they are: a fresh server-side session
    (nothing planted in the cookie before it survives, and anyone signed in before on this
    browser is signed out), with the same idle and absolute limits for every way in; then
    `welcome` them (by default, by name)."""
    if current_user.is_authenticated:
        accounts.end_session(current_user.get_id())
        logout_user()
    session.clear()
    employee.auth_token = accounts.start_session(employee)
    login_user(employee)
    session.permanent = True
    flash(welcome or _("Welcome, %(name)s.", name=employee.name), "success")


def safe_next_url(target: str | None) -> str | None:
    """A path on this site, or None: never a redirect to another host."""
    if not target or "\\" in target or any(ord(char) < 32 for char in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


# -- What the counters are keyed by -----------------------------------------------------------


def _posted_email() -> str:
    # The form refuses longer addresses, so they are never counted; keep their keys short too.
    return accounts.normalise_email(request.form.get("email", ""))[:254]


def _posted_account() -> str:
    """The account a sign-in is for, as the counters name it: a keyed digest of the email, so
    that neither the shared storage nor the limiter's log lines hold anyone's address."""
    return account_mark(_posted_email())


def _account_and_address() -> str:
    return f"sign-in:{_posted_account()}|{client_address()}"


def _address() -> str:
    return f"sign-in-address:{client_address()}"


def _account() -> str:
    return f"sign-in-account:{_posted_account()}"


def _setting(name: str):
    return lambda: current_app.config[name]


def _sign_in_failed(_response) -> bool:
    return g.get("sign_in_failed", False)


# -- The browser that signed in to an account before -------------------------------------------


def _device_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="known-device")


def account_mark(email: str) -> str:
    """Which account, without writing its email: in the known-device cookie and the counters'
    keys (a digest keyed by the secret key, so that nobody can test an address against it)."""
    key = f"known-device:{current_app.secret_key}".encode()
    return hmac.new(key, email.encode(), hashlib.sha256).hexdigest()[:32]


def _known_accounts() -> list[str]:
    cookie = request.cookies.get(KNOWN_DEVICE_COOKIE)
    if not cookie:
        return []
    lifetime = current_app.config["KNOWN_DEVICE_LIFETIME"].total_seconds()
    try:
        marks = _device_serializer().loads(cookie, max_age=lifetime)
    except BadData:
        return []
    return [mark for mark in marks if isinstance(mark, str)] if isinstance(marks, list) else []


def remember_this_device(response, email: str):
    """Mark this browser as one that signed in to the account: the slow-down of an account
    under attack spares it (set at every password sign-in, through a link too)."""
    mark = account_mark(email)
    marks = [mark, *(known for known in _known_accounts() if known != mark)]
    response.set_cookie(
        KNOWN_DEVICE_COOKIE,
        _device_serializer().dumps(marks[:KNOWN_DEVICE_ACCOUNTS]),
        max_age=current_app.config["KNOWN_DEVICE_LIFETIME"],
        path=url_for("auth.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


# -- The account counted from every address --------------------------------------------------


def _account_failures_limit():
    return parse(current_app.config["LOGIN_ACCOUNT_FAILURE_LIMIT"])


def _known_device() -> bool:
    """This browser has signed in to the account it is signing in to now."""
    return request.method == "POST" and _posted_account() in _known_accounts()


def _not_slowed_down() -> bool:
    """Exempt from the slow-down: its own browser, or an account below the threshold."""
    if request.method != "POST" or _known_device():
        return True
    # limiter.limiter is the in-process fallback while the shared storage is unreachable.
    return limiter.limiter.test(_account_failures_limit(), _ACCOUNT_FAILURES, _posted_account())


def _count_failure_for_the_account() -> None:
    try:
        limiter.limiter.hit(_account_failures_limit(), _ACCOUNT_FAILURES, _posted_account())
    except StorageError:  # storage lost mid-request; the next request falls back to memory
        current_app.logger.warning("A failed sign-in could not be counted", exc_info=True)


# -- Refusals ------------------------------------------------------------------------------------


def seconds_to_wait() -> int:
    """Until every limit this request broke lets it through again (60 if none is known)."""
    now = time.time()
    try:
        waits = [limit.reset_at - now for limit in limiter.current_limits if limit.breached]
    except StorageError:
        waits = []
    return max(1, math.ceil(max(waits, default=60)))


def _too_many_attempts() -> str:
    minutes = round(seconds_to_wait() / 60)  # the header has the exact seconds
    if minutes <= 1:
        return _(
            "There have been too many unsuccessful sign-ins. Please wait a minute and try again, "
            "or ask HR to help."
        )
    return ngettext(
        "There have been too many unsuccessful sign-ins. Please wait %(num)d minute and try "
        "again, or ask HR to help.",
        "There have been too many unsuccessful sign-ins. Please wait %(num)d minutes and try "
        "again, or ask HR to help.",
        minutes,
    )


@bp.after_app_request
def say_when_to_retry(response):
    """Every 429 says when to come back, on any page the limiter guards."""
    if response.status_code == 429 and "Retry-After" not in response.headers:
        response.headers["Retry-After"] = str(seconds_to_wait())
    return response


def _form_posts_only(view):
    """Refuse bodies in other encodings (415; a POST without any body is an empty form), and
    read the form before any counter looks at it, so an oversize body is a 413 of its own
    rather than an error inside the limiter."""

    @wraps(view)
    def checked(*args, **kwargs):
        if request.method == "POST":
            empty = not request.mimetype and not request.content_length
            if request.mimetype not in FORM_ENCODINGS and not empty:
                abort(415)
            request.form  # noqa: B018  (parsing is what raises 413)
        return view(*args, **kwargs)

    return checked


def _failed_sign_in_limit(setting: str, key_func, **options):
    return limiter.limit(
        _setting(setting),
        key_func=key_func,
        methods=["POST"],
        deduct_when=_sign_in_failed,
        error_message=_too_many_attempts,
        **options,
    )


@bp.route("/login", methods=["GET", "POST"])
@_form_posts_only
@_failed_sign_in_limit("LOGIN_FAILURE_LIMIT", _account_and_address)
@_failed_sign_in_limit("LOGIN_ADDRESS_FAILURE_LIMIT", _address, exempt_when=_known_device)
@_failed_sign_in_limit("LOGIN_ACCOUNT_SLOW_DOWN", _account, exempt_when=_not_slowed_down)
def login():
    next_url = safe_next_url(request.values.get("next"))
    if current_user.is_authenticated:
        return redirect(next_url or url_for("leave.index"))
    form = LoginForm()
    oidc_only = current_app.config["OIDC_ONLY"]
    if form.validate_on_submit():
        employee = accounts.authenticate(form.email.data, form.password.data)
        if employee is not None and not company_sign_in.may_use_password(employee, oidc_only):
            form.password.data = ""
            flash(_(ONLY_COMPANY_SIGN_IN), "warning")
        elif employee is not None:
            open_session(employee)
            response = redirect(next_url or url_for("leave.index"))
            return remember_this_device(response, employee.email)
        else:
            g.sign_in_failed = True
            _count_failure_for_the_account()
            form.password.data = ""
            flash(_(FAILED_SIGN_IN), "danger")
    return render_template(
        "auth/login.html", form=form, next_url=next_url,
        company_sign_in=bool(current_app.config["OIDC_ISSUER"]),
        # With OIDC_ONLY the password form is folded away, unless it was just used.
        password_folded=oidc_only and request.method != "POST",
    )


@bp.route("/logout", methods=["POST"])
def logout():
    form = SignOutForm()
    if form.validate_on_submit() and current_user.is_authenticated:
        accounts.end_session(current_user.get_id())
        logout_user()
        session.clear()
        flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))
