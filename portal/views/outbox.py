"""HR's Undelivered mail: emails the portal could not send, and sending them again."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

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
    flash(_("The email to %(recipient)s will be sent again in the next minute or so.",
            recipient=message.recipient), "success")
    return redirect(url_for("outbox.index"))


@bp.post("/resend-all")
@requires("hr")
def resend_all():
    count = mailer.send_all_again()
    if count:
        flash(ngettext("%(num)d email will be sent again in the next minute or so.",
                       "%(num)d emails will be sent again in the next minute or so.", count),
              "success")
    else:
        flash(_("No email was waiting to be sent again."), "info")
    return redirect(url_for("outbox.index"))
