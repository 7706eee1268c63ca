"""The questions of "Plan my leave": field syntax only; the rules live in portal.domain."""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional


class PlanLeaveForm(FlaskForm):
    """The estimate's questions; read from the query string, nothing is stored."""

    class Meta:
        csrf = False  # a GET that changes nothing

    role = SelectField(
        "Role",
        choices=[
            SelectChoice("birthing", "Birthing parent"),
            SelectChoice("non_birthing", "Non-birthing parent"),
            SelectChoice("adoptive", "Adoptive parent"),
            SelectChoice("intended", "Intended parent"),
        ],
        description="Intended parent means you are welcoming a child through surrogacy.",
    )
    event = SelectField(
        "Event",
        choices=[
            SelectChoice("birth", "Birth"),
            SelectChoice("adoption", "Adoption"),
            SelectChoice("surrogacy", "Surrogacy"),
            SelectChoice("pregnancy_loss", "Pregnancy loss"),
        ],
    )
    event_date = DateField(
        "Event date",
        validators=[InputRequired("Please give the date, or the date you expect.")],
        description="The birth, placement or loss. If it is still to come, the date you expect.",
    )
    expected_date = DateField(
        "Expected date",
        validators=[Optional()],
        description="Only if the baby came earlier or later than expected.",
    )
    start = DateField(
        "First day of leave",
        validators=[Optional()],
        description="Leave it empty to start on the event date.",
    )
    nicu_days = IntegerField(
        "Days in neonatal care",
        validators=[Optional(), NumberRange(min=0, max=3650)],
        description="If your baby needs neonatal intensive care, the days so far or expected.",
    )
    gestation_weeks = IntegerField(
        "Completed weeks of pregnancy",
        validators=[Optional(), NumberRange(min=0, max=45)],
        description="An estimate is fine.",
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
