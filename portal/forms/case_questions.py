"""The questions about a family's news that "Plan my leave" and a leave request both ask.

Field syntax only; the rules live in portal.domain. The labels are a contract read outside this
repository: change one here and both forms change together.
"""

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from portal.domain.case import ALLOWED_PAIRS, Event, Role, roles_for
from portal.forms.words import lazy_gettext as _l

ROLE_CHOICES = [
    SelectChoice("birthing", _l("Birthing parent")),
    SelectChoice("non_birthing", _l("Non-birthing parent")),
    SelectChoice("adoptive", _l("Adoptive parent")),
    SelectChoice("intended", _l("Intended parent")),
]


def _event(value: str, label) -> SelectChoice:
    """An event, naming the roles that go with it (POLICY §2): case_pairs.js offers only those."""
    roles = " ".join(str(role) for role in roles_for(Event(value)))
    return SelectChoice(value, label, render_kw={"data-roles": roles})


EVENT_CHOICES = [
    _event("birth", _l("Birth")),
    _event("adoption", _l("Adoption")),
    _event("surrogacy", _l("Surrogacy")),
    _event("pregnancy_loss", _l("Pregnancy loss")),
]


class CaseQuestions(FlaskForm):
    """Role, event, its date, the first and last day of leave, neonatal care days and gestation."""

    role = SelectField(
        _l("Role"),
        choices=ROLE_CHOICES,
        description=_l("Intended parent means you are welcoming a child through surrogacy."),
    )
    event = SelectField(_l("Event"), choices=EVENT_CHOICES)
    event_date = DateField(
        _l("Event date"),
        validators=[InputRequired(_l("Please give the date, or the date you expect."))],
        description=_l(
            "The birth, placement or loss. If it is still to come, the date you expect."
        ),
    )
    start = DateField(
        _l("First day of leave"),
        validators=[Optional()],
        description=_l("Leave it empty to start on the event date."),
    )
    end = DateField(
        _l("Last day of leave"),
        validators=[Optional()],
        description=_l(
            "Leave it empty for the longest leave you can take. You can choose to come "
            "back earlier, once the weeks the law asks you to stay at home are over."
        ),
    )
    nicu_days = IntegerField(
        _l("Days in neonatal care"),
        validators=[Optional(), NumberRange(min=0, max=3650)],
        description=_l(
            "If your baby needs neonatal intensive care, the days so far or expected."
        ),
    )
    gestation_weeks = IntegerField(
        _l("Completed weeks of pregnancy"),
        validators=[Optional(), NumberRange(min=0, max=45)],
        description=_l("An estimate is fine."),
    )

    def validate_role(self, field) -> None:
        """A role and an event that do not go together (only without JavaScript, which offers
        the events of the chosen role alone)."""
        if field.data not in {r.value for r in Role} or self.event.data not in {
            e.value for e in Event
        }:
            return  # not a choice at all: the fields say so
        if (Role(field.data), Event(self.event.data)) not in ALLOWED_PAIRS:
            raise ValidationError(_l(
                "This role does not go with the event you chose. Please choose another role, "
                "or another event."
            ))
    # Asked for a birth, or a birth and an adoption (ASKED_FOR): the estimate and the request ask
    # the same, so that they agree.
    expected_date = DateField(
        _l("Expected date"),
        validators=[Optional()],
        description=_l("Only if the baby came earlier or later than expected."),
    )
    babies = IntegerField(
        _l("Number of babies"), validators=[Optional(), NumberRange(min=1, max=9)], default=1
    )
    child_number = IntegerField(
        _l("Which child is this for you?"),
        validators=[Optional(), NumberRange(min=1, max=30)],
        default=1,
        description=_l(
            "1 for a first child, 2 for a second, and so on. Some countries' rules use it."
        ),
    )
