"""HR's forms for people: the People page's filters, a person's record, and deactivation.
Field syntax only; the rules are in domain.people and the services."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Optional

from portal.forms.words import lazy_gettext as _l
from portal.input_guards import database_id


def _stripped(text: str | None) -> str | None:
    return text.strip() if isinstance(text, str) else text


class PeopleFilterForm(FlaskForm):
    """The People page's filters, read from the query string; the view fills in the choices."""

    class Meta:
        csrf = False  # a GET that changes nothing

    q = StringField(
        _l("Name or email"), filters=[_stripped], validators=[Optional(), Length(max=254)]
    )
    location = SelectField(_l("Location"), validators=[Optional()])
    manager = StringField(
        _l("Manager's email"), filters=[_stripped], validators=[Optional(), Length(max=254)],
        description=_l("Everyone below this manager, at any depth."),
    )
    status = SelectField(_l("Status"), validators=[Optional()])


class PersonForm(FlaskForm):
    email = EmailField(
        _l("Email"), filters=[_stripped],
        validators=[DataRequired(_l("Please enter an email address.")), Length(max=254)],
    )
    name = StringField(
        _l("Name"), filters=[_stripped],
        validators=[DataRequired(_l("Please enter the person's name.")), Length(max=120)],
    )
    manager_email = EmailField(
        _l("Manager's email"), filters=[_stripped], validators=[Optional(), Length(max=254)],
        description=_l("Leave empty for someone without a manager."),
    )
    # An id the database can hold, or None ("choose a location"): never int() of anything typed.
    location = SelectField(
        _l("Location"), coerce=lambda value: database_id(str(value)) or 0, validate_choice=False
    )
    hire_date = DateField(_l("Hire date"), validators=[Optional()])
    is_hr = BooleanField(
        _l("HR"),
        description=_l("HR people decide leave requests and look after everyone's records."),
    )
    may_use_password = BooleanField(
        _l("May use a password"),
        description=_l(
            "When everyone signs in with their company account, this person may still "
            "sign in with a password: for HR, a way in if company sign-in is down."
        ),
    )
    submit = SubmitField(_l("Save person"))


class DeactivateForm(FlaskForm):
    reports_to = EmailField(
        _l("Their reports move to (manager's email)"), filters=[_stripped],
        validators=[Optional(), Length(max=254)],
    )
    submit = SubmitField(_l("Deactivate"))


class ConfirmForm(FlaskForm):
    """A button that only needs its CSRF token: Reactivate, Resend invitation."""
