"""The questions of "Plan my leave": field syntax only; the rules live in portal.domain."""

from wtforms import DateField, IntegerField, SelectField, SubmitField
from wtforms.validators import NumberRange, Optional

from portal.forms.case_questions import CaseQuestions


class PlanLeaveForm(CaseQuestions):
    """The estimate's questions; read from the query string, nothing is stored."""

    class Meta:
        csrf = False  # a GET that changes nothing

    expected_date = DateField(
        "Expected date",
        validators=[Optional()],
        description="Only if the baby came earlier or later than expected.",
    )
    babies = IntegerField(
        "Number of babies", validators=[Optional(), NumberRange(min=1, max=9)], default=1
    )
    child_number = IntegerField(
        "Which child is this for you?",
        validators=[Optional(), NumberRange(min=1, max=30)],
        default=1,
        description="1 for a first child, 2 for a second, and so on. Some countries' rules use it.",
    )
    location = SelectField("Work location", coerce=int)
    submit = SubmitField("Show my leave")
