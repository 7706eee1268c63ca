"""Choosing a password from an invitation or reset link, and asking for a reset."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from portal.extensions import limiter
from portal.forms.passwords import ChoosePasswordForm, ForgotPasswordForm
from portal.i18n import N_
from portal.services import account_links, accounts, company_sign_in
from portal.services.account_links import (
    LinkLookup,
    LinkNotUsable,
    LinkState,
    PasswordRefused,
    Purpose,
)
from portal.views.auth import account_mark, open_session, remember_this_device

bp = Blueprint("passwords", __name__)


RESET_LINK_SENT = N_(
    "If that email belongs to someone here, we have sent a link to it. It works for one hour."
)
# OIDC_ONLY: the same words whoever asks, so they tell nobody who works here or who may use
# a password.
PASSWORDS_NOT_USED = N_(
    "Your company signs in to the portal with your company account, so most people do not need "
    "a password here. Only people HR has allowed to use a password can choose a new one."
)
RESET_LINK_SENT_IF_ALLOWED = N_(
    "If that email belongs to someone HR has allowed to use a password, we have sent a link to "
    "it. It works for one hour. Everyone else signs in with their company account."
)
TOO_MANY_RESET_REQUESTS = N_(
    "There have been many requests for a new password in a short time. Please wait 15 minutes "
    "and try again, or ask HR to help."
)
# Status of the page that explains why a link cannot be used.
UNUSABLE_STATUS = {LinkState.USED: 410, LinkState.EXPIRED: 410, LinkState.UNKNOWN: 404}
UNUSABLE_TITLES = {
    LinkState.USED: N_("This link has already been used"),
    LinkState.EXPIRED: N_("This link has expired"),
    LinkState.UNKNOWN: N_("This link is not valid"),
}


def _email_key() -> str:
    # A digest, as sign-in's counters: no email in the shared storage or the limiter's log.
    return "password-reset:" + account_mark(accounts.normalise_email(request.form.get("email", "")))


def _limit(name: str):
    return lambda: current_app.config[name]


def _without_referrer(page, status: int = 200):
    """The token is in this page's address: the browser must not pass it on to anyone."""
    response = make_response(page, status)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(
    _limit("RESET_LINKS_PER_EMAIL_LIMIT"),
    key_func=_email_key,
    methods=["POST"],
    error_message=lambda: _(TOO_MANY_RESET_REQUESTS),
)
@limiter.limit(
    _limit("RESET_LINKS_PER_ADDRESS_LIMIT"),
    methods=["POST"],
    error_message=lambda: _(TOO_MANY_RESET_REQUESTS),
)
def forgot():
    # Open to signed-in people too: it is harmless, and the only way to change a password.
    form = ForgotPasswordForm()
    oidc_only = current_app.config["OIDC_ONLY"]
    if form.validate_on_submit():
        company_sign_in.request_password_reset(form.email.data, oidc_only)
        # The same page whether or not the email is known, so it tells nobody who works here.
        message = RESET_LINK_SENT_IF_ALLOWED if oidc_only else RESET_LINK_SENT
        return render_template("passwords/forgot_sent.html", message=_(message))
    if oidc_only and request.method == "GET":
        flash(_(PASSWORDS_NOT_USED), "info")
    return render_template("passwords/forgot.html", form=form)


def _unusable(lookup: LinkLookup):
    page = render_template(
        "passwords/link_unusable.html",
        state=lookup.state,
        title=_(UNUSABLE_TITLES[lookup.state]),
        invitation=lookup.purpose == Purpose.INVITATION,
    )
    return _without_referrer(page, UNUSABLE_STATUS[lookup.state])


@bp.route("/password/<token>", methods=["GET", "POST"])
def choose_password(token: str):
    # Opening the link changes nothing, even for a signed-in person (a GET that signed anyone
    # out could be triggered by any page); only setting the password replaces the session.
    lookup = account_links.link_for(token)
    if lookup.state != LinkState.USABLE:
        return _unusable(lookup)
    person = lookup.person
    if not company_sign_in.may_use_password(person, current_app.config["OIDC_ONLY"]):
        # The link reached its owner's inbox, so saying why tells nobody anything new.
        page = render_template(
            "auth/password_not_used.html", person=person,
            invitation=lookup.purpose == Purpose.INVITATION,
        )
        return _without_referrer(page)
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            account_links.set_password_with_link(token, form.new_password.data)
        except PasswordRefused as refused:
            form.new_password.errors.append(refused.message)
        except LinkNotUsable as unusable:
            return _unusable(unusable.lookup)
        else:
            current_app.logger.info(
                "Password set through a %s link for employee %s", lookup.purpose, person.id
            )
            if lookup.purpose == Purpose.INVITATION:
                welcome = _("Welcome, %(name)s. Your password is set.", name=person.name)
            else:
                welcome = _(
                    "Welcome back, %(name)s. Your new password is set, and any other browser "
                    "that was signed in as you has been signed out.", name=person.name)
            open_session(person, welcome)
            return remember_this_device(redirect(url_for("leave.index")), person.email)
    signed_in_as_someone_else = (
        current_user.is_authenticated and current_user.id != person.id
    )
    page = render_template(
        "passwords/choose.html",
        form=form,
        person=person,
        invitation=lookup.purpose == Purpose.INVITATION,
        signed_in_as_someone_else=signed_in_as_someone_else,
    )
    return _without_referrer(page)
