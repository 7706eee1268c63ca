"""Forms of the settings page: field syntax only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice

from portal.forms.words import lazy_gettext as _l
from portal.i18n import LANGUAGES


class PreferencesForm(FlaskForm):
    language = SelectField(
        _l("Language"),
        choices=[SelectChoice("", _l("As my browser asks"))]
        + [SelectChoice(code, name) for code, name in LANGUAGES.items()],
        default="",
        filters=[lambda code: code or ""],  # no setting yet, or none sent: the browser's
    )
    show_as_out_of_office = BooleanField(_l('Show my leave as "Out of office" to colleagues'))
    save = SubmitField(_l("Save settings"))


class FeedLinkForm(FlaskForm):
    """Creates the feed link, or replaces it: the page names the button for the case."""

    regenerate = SubmitField(_l("Regenerate link"))
