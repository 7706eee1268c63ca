"""Signing in with the company account: OpenID Connect's authorization code flow, through Authlib.

Authlib does the protocol: discovery from OIDC_ISSUER, state and nonce kept in the session,
PKCE (S256), the code exchange, and the ID token's signature, issuer, audience and expiry.
This module turns every way that can fail into a kind page, and signs the person in with the
same server-side session as a password does. Without OIDC_ISSUER its routes answer 404.
"""

from __future__ import annotations

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, session
from joserfc.errors import JoseError
from requests import RequestException

from portal.links import absolute_url
from portal.services import company_sign_in
from portal.views import auth

bp = Blueprint("company_sign_in", __name__)

_EXTENSION = "company_sign_in"
_NEXT = "company_sign_in_next"
_AUTHLIB_STATE = "_state_company_"  # Authlib's session keys for the client named "company"
DISCOVERY_PATH = "/.well-known/openid-configuration"
SCOPES = "openid email profile"
EMAIL_CLAIMS = ("email", "email_verified", "xms_edov")
# What a provider, a network or a token can do wrong: each ends on a kind page, never a 500.
FAILURES = (AuthlibBaseError, JoseError, RequestException, ValueError, KeyError, TypeError)


def init_app(app: Flask) -> None:
    """One Authlib client per application (tests run several, each with its own provider)."""
    issuer = app.config["OIDC_ISSUER"]
    if not issuer:
        return
    oauth = OAuth(app)
    app.extensions[_EXTENSION] = oauth.register(
        "company",
        client_id=app.config["OIDC_CLIENT_ID"],
        client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=issuer.rstrip("/") + DISCOVERY_PATH,
        client_kwargs={
            "scope": SCOPES,
            "code_challenge_method": "S256",
            "default_timeout": app.config["OIDC_TIMEOUT_SECONDS"],
        },
    )


def configured() -> bool:
    return _EXTENSION in current_app.extensions


def _provider():
    if not configured():
        abort(404)
    return current_app.extensions[_EXTENSION]


def _problem(kind: str, status: int, **context):
    return render_template("auth/company_sign_in_problem.html", kind=kind, **context), status


@bp.route("/login/oidc")
def start():
    provider = _provider()
    next_url = auth.safe_next_url(request.args.get("next"))
    if auth.signed_in():
        return redirect(next_url or auth.home_url())
    session[_NEXT] = next_url
    # One sign-in under way per browser: Authlib keeps each one's state, nonce and PKCE
    # verifier in the session cookie, which a few abandoned starts would swell past 4 KB.
    for key in [key for key in session if key.startswith(_AUTHLIB_STATE)]:
        del session[key]
    try:
        named = provider.load_server_metadata().get("issuer")
        if named != current_app.config["OIDC_ISSUER"]:
            # OpenID Connect Discovery §4.3: the same issuer, character for character.
            current_app.logger.error(
                "OIDC_ISSUER is %r but the provider's discovery document names %r; set "
                "OIDC_ISSUER to exactly that", current_app.config["OIDC_ISSUER"], named,
            )
            return _problem("not_set_up", 503)
        return provider.authorize_redirect(absolute_url("company_sign_in.callback"))
    except FAILURES:
        current_app.logger.warning("The identity provider could not be reached", exc_info=True)
        return _problem("unreachable", 503)


def _claims() -> dict | None:
    """The verified ID token's claims (None without an ID token). A provider that keeps the
    email for its userinfo endpoint (OpenID Connect Core §5.4) is asked there, for the same
    subject, with the access token that came with the ID token."""
    provider = _provider()
    token = provider.authorize_access_token(
        # The issuer we were configured with, not just the one discovery named.
        claims_options={"iss": {"essential": True, "values": [current_app.config["OIDC_ISSUER"]]}}
    )
    claims = token.get("userinfo")
    if not claims or "email" in claims:
        return claims
    more = provider.userinfo(token=token)
    if more.get("sub") != claims.get("sub"):
        return None
    return {**claims, **{name: more[name] for name in EMAIL_CLAIMS if name in more}}


@bp.route("/login/oidc/callback")
def callback():
    _provider()
    if request.args.get("error"):
        current_app.logger.info(
            "The identity provider ended a sign-in: %s", request.args.get("error")[:100]
        )
        return _problem("cancelled", 400)
    try:
        claims = _claims()
    except RequestException:
        current_app.logger.warning("The identity provider could not be reached", exc_info=True)
        return _problem("unreachable", 503)
    except FAILURES:
        current_app.logger.warning("A company sign-in was refused", exc_info=True)
        return _problem("failed", 400)
    if not claims:
        current_app.logger.warning("A company sign-in came back without an ID token")
        return _problem("failed", 400)
    person = company_sign_in.person_for(claims)
    if isinstance(person, company_sign_in.Refusal):
        current_app.logger.info("A company account could not sign in: %s", person)
        email = claims.get("email") if isinstance(claims.get("email"), str) else ""
        return _problem("not_here", 403, email=email[:254])
    next_url = auth.safe_next_url(session.get(_NEXT))
    auth.open_session(person)
    current_app.logger.info("Employee %s signed in with the company account", person.id)
    return redirect(next_url or auth.home_url())
