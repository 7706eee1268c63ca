"""The signed-in person's settings: how their leave is named to others, and their feed links."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from portal.forms.settings import FeedLinkForm, PreferencesForm
from portal.i18n import N_
from portal.links import absolute_url
from portal.services import settings
from portal.services.settings import Feed

bp = Blueprint("settings", __name__)


LINK_LABELS = {
    Feed.MINE: N_("My leave"),
    Feed.TEAM: N_("My team"),
    Feed.ORGANISATION: N_("Organisation"),
}


def feed_links(employee, token: str) -> list[tuple[Feed, str, str]]:
    """The feed, its label and its absolute address, for each feed this person may have: shown
    once, right after the token is made, since only its digest is kept."""
    return [
        (feed, _(LINK_LABELS[feed]), absolute_url(f"feeds.{feed}", token=token))
        for feed in settings.feeds_for(employee)
    ]


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def index():
    preferences = PreferencesForm(obj=current_user)
    if not preferences.is_submitted():
        preferences.language.data = current_user.language or ""
    feed_link = FeedLinkForm()
    if preferences.is_submitted():
        if preferences.save.data and preferences.validate():
            settings.save_preferences(
                current_user,
                show_as_out_of_office=preferences.show_as_out_of_office.data,
                language=preferences.language.data,
            )
            flash(_("Your settings are saved."), "success")
            return redirect(url_for("settings.index"))
        if feed_link.regenerate.data and feed_link.validate():
            replacing = current_user.feed_token_digest is not None
            token = settings.new_feed_token(current_user)
            flash(
                _(
                    "Here is your new link. The old one has stopped working, so please "
                    "subscribe again in your calendar app."
                )
                if replacing
                else _("Your feed link is ready. Add it to your calendar app as a subscription."),
                "success",
            )

            return _page(preferences, feed_link, feed_links(current_user, token))
        abort(400)
    return _page(preferences, feed_link)


def _page(preferences, feed_link, links=()):
    return render_template(
        "settings/index.html",
        preferences=preferences,
        feed_link=feed_link,
        links=links,
        has_token=bool(current_user.feed_token_digest),
    )
