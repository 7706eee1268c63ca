"""HR's Undelivered mail: emails the portal could not send, and sending them again."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from portal.services import mailer
from portal.views.access import page_argument, requires

bp = Blueprint("outbox", __name__, url_prefix="/hr/mail")


@bp.get("/")
@requires("hr")
def index():
    return render_template(
        "outbox/index.html",
        page=mailer.undelivered(page_argument()),
        given_up=mailer.count_given_up(),
    )


@bp.post("/<int:message_id>/resend")
@requires("hr")
def resend(message_id: int):
    message = mailer.send_again(message_id)
    if message is None:
        abort(404)
    flash(f"The email to {message.recipient} will be sent again in the next minute or so.",
          "success")
    return redirect(url_for("outbox.index"))


@bp.post("/resend-all")
@requires("hr")
def resend_all():
    count = mailer.send_all_again()
    if count:
        emails = "email" if count == 1 else "emails"
        flash(f"{count} {emails} will be sent again in the next minute or so.", "success")
    else:
        flash("No email was waiting to be sent again.", "info")
    return redirect(url_for("outbox.index"))
