"""Forms of the settings page: field syntax only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SubmitField


class PreferencesForm(FlaskForm):
    show_as_out_of_office = BooleanField('Show my leave as "Out of office" to colleagues')
    save = SubmitField("Save settings")


class FeedLinkForm(FlaskForm):
    """Creates the feed link, or replaces it: the page names the button for the case."""

    regenerate = SubmitField("Regenerate link")
