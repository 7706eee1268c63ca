"""HR's Webhooks: the endpoints other systems receive signed events at, their secrets, and the
recent deliveries with their state ("send again")."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from portal.forms.webhooks import EVENT_WORDS, EndpointActionForm, EndpointForm, RotateSecretForm
from portal.services.webhooks import delivery, endpoints
from portal.views.access import page_argument, requires

bp = Blueprint("webhooks", __name__, url_prefix="/hr/webhooks")


def _events() -> dict[str, str]:
    """Each event's name and what it means, in the reader's language."""
    return {name: _(words) for name, words in EVENT_WORDS.items()}


def _endpoint_or_404(endpoint_id: int):
    endpoint = endpoints.endpoint_by_id(endpoint_id)
    if endpoint is None:
        abort(404)
    return endpoint


def _checked_post(form_class=EndpointActionForm):
    form = form_class()
    if not form.validate_on_submit():
        abort(400)
    return form


def _secret_page(endpoint, secret: str, *, made: bool):
    """The secret, once: never cached, never shown again."""
    response = make_response(render_template(
        "webhooks/secret.html", endpoint=endpoint, secret=secret, made=made, events=_events(),
    ))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/")
@requires("hr")
def index():
    return render_template(
        "webhooks/index.html", rows=endpoints.endpoint_rows(), events=_events(),
        recent=delivery.recent(1, per_page=10),
    )


@bp.route("/new", methods=["GET", "POST"])
@requires("hr")
def new():
    form = EndpointForm()
    if form.validate_on_submit():
        try:
            endpoint, secret = endpoints.create_endpoint(
                current_user, form.url.data or "", form.description.data or "",
                form.events.data or [],
            )
        except endpoints.EndpointProblem as problem:
            form[problem.field].errors.append(problem.message)
        else:
            return _secret_page(endpoint, secret, made=True)
    status = 400 if form.is_submitted() else 200
    return render_template("webhooks/new.html", form=form), status


@bp.get("/<int:endpoint_id>")
@requires("hr")
def show(endpoint_id: int):
    endpoint = _endpoint_or_404(endpoint_id)
    return render_template(
        "webhooks/show.html", endpoint=endpoint, events=_events(), rotate_form=RotateSecretForm(),
        page=delivery.recent(page_argument(), endpoint_id=endpoint.id),
    )


@bp.post("/<int:endpoint_id>/rotate")
@requires("hr")
def rotate(endpoint_id: int):
    endpoint = _endpoint_or_404(endpoint_id)
    form = _checked_post(RotateSecretForm)
    secret = endpoints.rotate_secret(endpoint, at_once=bool(form.at_once.data))
    return _secret_page(endpoint, secret, made=False)


@bp.post("/<int:endpoint_id>/disable")
@requires("hr")
def disable(endpoint_id: int):
    return _turn(endpoint_id, active=False)


@bp.post("/<int:endpoint_id>/enable")
@requires("hr")
def enable(endpoint_id: int):
    return _turn(endpoint_id, active=True)


def _turn(endpoint_id: int, *, active: bool):
    endpoint = _endpoint_or_404(endpoint_id)
    _checked_post()
    endpoints.set_active(endpoint, active)
    if active:
        flash(_("The endpoint is turned on: events are sent to it again, those waiting first."),
              "success")
    else:
        flash(_("The endpoint is turned off: no events are sent to it until it is turned on "
                "again."), "success")
    return redirect(url_for("webhooks.show", endpoint_id=endpoint.id))


@bp.post("/<int:endpoint_id>/delete")
@requires("hr")
def delete(endpoint_id: int):
    endpoint = _endpoint_or_404(endpoint_id)
    _checked_post()
    endpoints.delete_endpoint(endpoint)
    flash(_("The endpoint is deleted, with its deliveries."), "success")
    return redirect(url_for("webhooks.index"))


@bp.get("/deliveries")
@requires("hr")
def deliveries():
    return render_template(
        "webhooks/deliveries.html", page=delivery.recent(page_argument()), events=_events(),
        give_up_days=int(current_app.config["WEBHOOK_GIVE_UP_AFTER_DAYS"]),
    )


@bp.post("/deliveries/<int:delivery_id>/resend")
@requires("hr")
def resend(delivery_id: int):
    _checked_post()
    sent = delivery.send_again(delivery_id)
    if sent is None:
        abort(404)
    flash(_("The event will be sent again in the next minute or so."), "success")
    return redirect(url_for("webhooks.show", endpoint_id=sent.endpoint_id))
