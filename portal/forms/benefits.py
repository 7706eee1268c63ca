"""Benefit claim forms, for employees and for HR. Field syntax only: the claims service checks
what the fields mean and says what is wrong."""

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FileField,
    IntegerField,
    MultipleFileField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Optional
from wtforms.widgets import HiddenInput

from portal.forms.words import lazy_gettext as _l


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


class VersionForm(FlaskForm):
    """Every change carries the version of the claim the person was looking at."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ClaimForm(FlaskForm):
    """A new claim, or a draft being edited; the view fills in the choices."""

    programme_id = SelectField(_l("Programme"), validate_choice=False)
    journey_label = StringField(
        _l("Journey"), filters=[_stripped],
        description=_l(
            "Your own name for this adoption or surrogacy, such as “Our adoption”. "
            "Claims with the same name count against the same cap."
        ),
    )
    expense_kind = SelectField(_l("What the expense was for"), validate_choice=False)
    amount = StringField(_l("Amount"), filters=[_stripped], render_kw={"inputmode": "decimal"})
    currency = SelectField(_l("Currency"), validate_choice=False)
    expense_date = DateField(_l("Date of expense"), validators=[Optional()])
    description = TextAreaField(_l("Description"), filters=[_stripped])
    receipts = MultipleFileField(
        _l("Receipts"), render_kw={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,"
                                         "image/png"},
        description=_l("PDF, JPEG or PNG, up to 10 MB each, at most 5 for a claim."),
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])


class AnswerForm(VersionForm):
    note = TextAreaField(_l("Your answer"), filters=[_stripped])
    receipts = MultipleFileField(
        _l("Receipts"), description=_l("PDF, JPEG or PNG, up to 10 MB each.")
    )


class ApproveForm(VersionForm):
    amount = StringField(_l("Approved amount"), filters=[_stripped])
    rate = StringField(_l("Rate"), filters=[_stripped])
    note = TextAreaField(_l("Note for the history (optional)"), filters=[_stripped])


class RejectForm(VersionForm):
    reason = TextAreaField(_l("Reason"), id="reject-reason", filters=[_stripped])


class QuestionForm(VersionForm):
    question = TextAreaField(_l("Your question"), id="question", filters=[_stripped])


class PaidForm(VersionForm):
    reference = StringField(_l("Payment reference"), filters=[_stripped])


class ClaimFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    programme = SelectField(_l("Programme"), validate_choice=False)
    status = SelectField(_l("Status"), validate_choice=False)
    location = SelectField(_l("Location"), validate_choice=False)


class RatesFileForm(FlaskForm):
    rates_file = FileField(_l("The ECB's reference rates (eurofxref.csv)"))


class TypedRateForm(FlaskForm):
    currency = SelectField(_l("Currency"), validate_choice=False)
    rate = StringField(_l("Units of the currency for one euro"), filters=[_stripped])
    day = DateField(_l("Date of the rate"), validators=[Optional()])
