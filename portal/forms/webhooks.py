"""HR's forms for webhook endpoints: field syntax only; whether an address may be called is
for portal.domain.webhook_addresses."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from portal.domain.webhook_events import EVENTS
from portal.forms.locations import CheckboxesField


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


class EndpointForm(FlaskForm):
    url = StringField(
        "Address",
        filters=[_stripped],
        description="The https:// address of the receiving system, such as "
                    "https://hr.example.com/hooks/leave.",
        render_kw={"autocomplete": "off", "inputmode": "url", "spellcheck": "false"},
    )
    description = StringField(
        "Description",
        filters=[_stripped],
        validators=[Length(max=200, message="At most 200 characters.")],
        description="Optional: which system this is, and who looks after it.",
    )
    events = CheckboxesField(
        "Events to send",
        choices=[SelectChoice(name, label) for name, label in EVENTS.items()],
        validate_choice=False,  # the service keeps the known ones and says if none is left
    )
    submit = SubmitField("Add endpoint")


class RotateSecretForm(FlaskForm):
    at_once = BooleanField("Stop signing with the old secret at once (if it may have leaked)")


class EndpointActionForm(FlaskForm):
    """Only the CSRF token: the endpoint or delivery is named by the address."""
