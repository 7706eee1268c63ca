"""The questions about a family's news that "Plan my leave" and a leave request both ask.

Field syntax only; the rules live in portal.domain. The labels are a contract read outside this
repository: change one here and both forms change together.
"""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional

ROLE_CHOICES = [
    SelectChoice("birthing", "Birthing parent"),
    SelectChoice("non_birthing", "Non-birthing parent"),
    SelectChoice("adoptive", "Adoptive parent"),
    SelectChoice("intended", "Intended parent"),
]
EVENT_CHOICES = [
    SelectChoice("birth", "Birth"),
    SelectChoice("adoption", "Adoption"),
    SelectChoice("surrogacy", "Surrogacy"),
    SelectChoice("pregnancy_loss", "Pregnancy loss"),
]


class CaseQuestions(FlaskForm):
    """Role, event, its date, the first and last day of leave, neonatal care days and gestation."""

    role = SelectField(
        "Role",
        choices=ROLE_CHOICES,
        description="Intended parent means you are welcoming a child through surrogacy.",
    )
    event = SelectField("Event", choices=EVENT_CHOICES)
    event_date = DateField(
        "Event date",
        validators=[InputRequired("Please give the date, or the date you expect.")],
        description="The birth, placement or loss. If it is still to come, the date you expect.",
    )
    start = DateField(
        "First day of leave",
        validators=[Optional()],
        description="Leave it empty to start on the event date.",
    )
    end = DateField(
        "Last day of leave",
        validators=[Optional()],
        description="Leave it empty for the longest leave you can take. You can choose to come "
        "back earlier, once the weeks the law asks you to stay at home are over.",
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
