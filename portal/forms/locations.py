"""HR's forms for work locations: adding or editing one, and deleting one. Field syntax only;
whether a country, region or time zone exists is for portal.domain.locations."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from portal.domain.locations import DAY_NAMES
from portal.forms.words import lazy_gettext as _l

# The domain's day names (Monday first), in the reader's language.
DAY_LABELS = (
    _l("Monday"), _l("Tuesday"), _l("Wednesday"), _l("Thursday"), _l("Friday"), _l("Saturday"),
    _l("Sunday"),
)
assert len(DAY_LABELS) == len(DAY_NAMES)


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


class CheckboxesField(SelectMultipleField):
    """One checkbox per choice, instead of a list box that needs Ctrl-click."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LocationForm(FlaskForm):
    # Names match Location's attributes, so LocationForm(obj=location) fills in an edit.
    name = StringField(
        _l("Name"),
        filters=[_stripped],
        validators=[
            DataRequired(_l("Please give the location a name.")),
            Length(max=80, message=_l("A name has at most 80 characters.")),
        ],
    )
    country = StringField(
        _l("Country"),
        filters=[_stripped],
        validators=[
            DataRequired(_l("Please give the country's two-letter code, such as GB.")),
            Regexp(r"^[A-Za-z]{2}$", message=_l("Two letters, such as GB, DE or US.")),
        ],
        description=_l("The two-letter ISO code, such as GB, DE or US."),
        render_kw={"maxlength": 2, "autocomplete": "off", "size": 4},
    )
    subdivision = StringField(
        _l("Subdivision"),
        filters=[_stripped],
        validators=[Optional(), Length(max=40, message=_l("At most 40 characters."))],
        description=_l(
            "Optional: the state, region or nation whose public holidays apply, such as CA "
            "(California) or ENG (England)."
        ),
        render_kw={"autocomplete": "off"},
    )
    timezone = StringField(
        _l("Time zone"),
        filters=[_stripped],
        validators=[
            DataRequired(_l("Please give a time zone, such as Europe/London.")),
            Length(max=64, message=_l("At most 64 characters.")),
        ],
        description=_l("A name from the IANA time zone database, such as Europe/London."),
        render_kw={"autocomplete": "off"},
    )
    weekend = CheckboxesField(
        _l("Weekend days"),
        coerce=int,
        choices=[SelectChoice(number, day) for number, day in enumerate(DAY_LABELS)],
        default=[5, 6],
    )
    submit = SubmitField(_l("Save location"))


class DeleteLocationForm(FlaskForm):
    """Only the CSRF token: the location is named by the address."""


class DefaultLocationForm(FlaskForm):
    """Only the CSRF token: the location is named by the address."""
