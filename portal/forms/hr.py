"""HR's forms: the queue's filters and the decisions on a request. Field syntax only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput

from portal.forms.words import lazy_gettext as _l


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string; the view fills in the choices."""

    class Meta:
        csrf = False  # a GET that changes nothing

    status = SelectField(_l("Status"), validators=[Optional()])
    location = SelectField(_l("Location"), validators=[Optional()])
    event = SelectField(_l("Event"), validators=[Optional()])
    month = StringField(
        _l("Leave starts in"),
        validators=[Optional(), Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message=_l("use YYYY-MM"))],
        description=_l("A month, as YYYY-MM."),
        render_kw={"type": "month", "placeholder": _l("YYYY-MM")},
    )


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


class DecisionForm(FlaskForm):
    """Every decision carries the version of the request the person was looking at."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ApproveForm(DecisionForm):
    pass


class ApproveChangeForm(DecisionForm):
    pass


class RejectForm(DecisionForm):
    reason = TextAreaField(
        _l("Reason"),
        id="reject-reason",
        filters=[_stripped],
        validators=[DataRequired(_l("Please give a reason; the employee will read it."))],
    )


class RejectChangeForm(DecisionForm):
    reason = TextAreaField(
        _l("Reason"),
        id="reject-change-reason",
        filters=[_stripped],
        validators=[DataRequired(_l("Please give a reason; the employee will read it."))],
    )


class RequestInformationForm(DecisionForm):
    message = TextAreaField(
        _l("Message"),
        filters=[_stripped],
        validators=[DataRequired(_l("Please write what you would like to know."))],
        description=_l("The employee reads this and answers on their request's page."),
    )
    ask_for_document = BooleanField(
        _l("Ask for a document"),
        description=_l(
            "The employee is asked to add it on their request's page (a PDF, or a "
            "JPEG or PNG picture), and their email says so."
        ),
    )


class ExtraDaysForm(DecisionForm):
    days = IntegerField(
        _l("Extra days"),
        validators=[
            InputRequired(_l("Please give the number of days.")),
            NumberRange(min=1, max=365, message=_l("A whole number from 1 to 365.")),
        ],
    )
    reason = TextAreaField(
        _l("Reason"),
        id="extra-days-reason",
        filters=[_stripped],
        validators=[DataRequired(_l("Please write why these days are granted."))],
        description=_l("Kept with the request and shown next to the entitlement."),
    )

