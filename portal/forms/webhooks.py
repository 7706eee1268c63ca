"""HR's forms for webhook endpoints: field syntax only; whether an address may be called is
for portal.domain.webhook_addresses."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from portal.domain.webhook_events import EVENTS
from portal.forms.locations import CheckboxesField
from portal.forms.words import lazy_gettext as _l
from portal.i18n import N_

# What each event means, for the catalogues (portal.domain.webhook_events is pure: no gettext);
# shown with `_()`, the English words being the msgid. Kept equal to EVENTS.
EVENT_WORDS = {
    "leave.submitted": N_("A leave request was sent to HR"),
    "leave.approved": N_("Leave was approved"),
    "leave.changed": N_("The dates of approved leave changed"),
    "leave.cancelled": N_("Approved leave was cancelled"),
    "leave.withdrawn": N_("A leave request was withdrawn before HR decided"),
    "leave.rejected": N_("A leave request was not approved"),
    "person.created": N_("Someone was added to the portal"),
    "person.deactivated": N_("Someone left: their access ended"),
    "person.reactivated": N_("Someone who had left is active again"),
}
if EVENT_WORDS != EVENTS:
    raise RuntimeError("portal.forms.webhooks.EVENT_WORDS must list the words of EVENTS")


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


class EndpointForm(FlaskForm):
    url = StringField(
        _l("Address"),
        filters=[_stripped],
        description=_l("The https:// address of the receiving system, such as "
                       "https://hr.example.com/hooks/leave."),
        render_kw={"autocomplete": "off", "inputmode": "url", "spellcheck": "false"},
    )
    description = StringField(
        _l("Description"),
        filters=[_stripped],
        validators=[Length(max=200, message=_l("At most %(count)d characters.", count=200))],
        description=_l("Optional: which system this is, and who looks after it."),
    )
    events = CheckboxesField(
        _l("Events to send"),
        choices=[SelectChoice(name, _l(words)) for name, words in EVENT_WORDS.items()],
        validate_choice=False,  # the service keeps the known ones and says if none is left
    )
    submit = SubmitField(_l("Add endpoint"))


class RotateSecretForm(FlaskForm):
    at_once = BooleanField(
        _l("Stop signing with the old secret at once (if it may have leaked)")
    )


class EndpointActionForm(FlaskForm):
    """Only the CSRF token: the endpoint or delivery is named by the address."""
