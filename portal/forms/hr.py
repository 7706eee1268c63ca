"""HR's forms: the queue's filters and the decisions on a request. Field syntax only."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional, Regexp
from wtforms.widgets import HiddenInput


class QueueFilterForm(FlaskForm):
    """The queue's filters, read from the query string; the view fills in the choices."""

    class Meta:
        csrf = False  # a GET that changes nothing

    status = SelectField("Status", validators=[Optional()])
    location = SelectField("Location", validators=[Optional()])
    event = SelectField("Event", validators=[Optional()])
    month = StringField(
        "Leave starts in",
        validators=[Optional(), Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", message="use YYYY-MM")],
        description="A month, as YYYY-MM.",
        render_kw={"type": "month", "placeholder": "YYYY-MM"},
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
        "Reason",
        id="reject-reason",
        filters=[_stripped],
        validators=[DataRequired("Please give a reason; the employee will read it.")],
    )


class RejectChangeForm(DecisionForm):
    reason = TextAreaField(
        "Reason",
        id="reject-change-reason",
        filters=[_stripped],
        validators=[DataRequired("Please give a reason; the employee will read it.")],
    )


class RequestInformationForm(DecisionForm):
    message = TextAreaField(
        "Message",
        filters=[_stripped],
        validators=[DataRequired("Please write what you would like to know.")],
        description="The employee reads this and answers on their request's page.",
    )
    ask_for_document = BooleanField(
        "Ask for a document",
        description="The employee is asked to add it on their request's page (a PDF, or a "
        "JPEG or PNG picture), and their email says so.",
    )


class ExtraDaysForm(DecisionForm):
    days = IntegerField(
        "Extra days",
        validators=[
            InputRequired("Please give the number of days."),
            NumberRange(min=1, max=365, message="A whole number from 1 to 365."),
        ],
    )
    reason = TextAreaField(
        "Reason",
        id="extra-days-reason",
        filters=[_stripped],
        validators=[DataRequired("Please write why these days are granted.")],
        description="Kept with the request and shown next to the entitlement.",
    )

