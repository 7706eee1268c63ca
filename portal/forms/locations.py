"""HR's forms for work locations: adding or editing one, and deleting one. Field syntax only;
whether a country, region or time zone exists is for portal.domain.locations."""

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from portal.domain.locations import DAY_NAMES


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


class CheckboxesField(SelectMultipleField):
    """One checkbox per choice, instead of a list box that needs Ctrl-click."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class LocationForm(FlaskForm):
    # Names match Location's attributes, so LocationForm(obj=location) fills in an edit.
    name = StringField(
        "Name",
        filters=[_stripped],
        validators=[
            DataRequired("Please give the location a name."),
            Length(max=80, message="A name has at most 80 characters."),
        ],
    )
    country = StringField(
        "Country",
        filters=[_stripped],
        validators=[
            DataRequired("Please give the country's two-letter code, such as GB."),
            Regexp(r"^[A-Za-z]{2}$", message="Two letters, such as GB, DE or US."),
        ],
        description="The two-letter ISO code, such as GB, DE or US.",
        render_kw={"maxlength": 2, "autocomplete": "off", "size": 4},
    )
    subdivision = StringField(
        "Subdivision",
        filters=[_stripped],
        validators=[Optional(), Length(max=40, message="At most 40 characters.")],
        description=(
            "Optional: the state, region or nation whose public holidays apply, such as CA "
            "(California) or ENG (England)."
        ),
        render_kw={"autocomplete": "off"},
    )
    timezone = StringField(
        "Time zone",
        filters=[_stripped],
        validators=[
            DataRequired("Please give a time zone, such as Europe/London."),
            Length(max=64, message="At most 64 characters."),
        ],
        description="A name from the IANA time zone database, such as Europe/London.",
        render_kw={"autocomplete": "off"},
    )
    weekend = CheckboxesField(
        "Weekend days",
        coerce=int,
        choices=[SelectChoice(number, day) for number, day in enumerate(DAY_NAMES)],
        default=[5, 6],
    )
    submit = SubmitField("Save location")


class DeleteLocationForm(FlaskForm):
    """Only the CSRF token: the location is named by the address."""


class DefaultLocationForm(FlaskForm):
    """Only the CSRF token: the location is named by the address."""
