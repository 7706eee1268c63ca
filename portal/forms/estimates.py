"""The questions of "Plan my leave": field syntax only; the rules live in portal.domain."""

from wtforms import SelectField, SubmitField

from portal.forms.case_questions import CaseQuestions
from portal.forms.words import lazy_gettext as _l


class PlanLeaveForm(CaseQuestions):
    """The estimate's questions (those of a request, and where one works); read from the query
    string, nothing is stored."""

    class Meta:
        csrf = False  # a GET that changes nothing

    location = SelectField(_l("Work location"), coerce=int)
    submit = SubmitField(_l("Show my leave"))
