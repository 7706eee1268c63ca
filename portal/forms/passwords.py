"""Forms for choosing a password and asking for a reset link: field syntax only (the rules a
password must meet live in portal.passwords, checked by the service)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from portal.forms.words import lazy_gettext as _l


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Please enter the email you use for work.")),
            Length(max=254, message=_l("That is longer than any email we know.")),
        ],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField(_l("Send reset link"))


class ChoosePasswordForm(FlaskForm):
    new_password = PasswordField(
        _l("New password"),
        validators=[
            DataRequired(_l("Please choose a password.")),
            Length(max=1024, message=_l("Please choose a password of at most 1024 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
        description=_l(
            "At least 12 characters. A few unrelated words make a password that is "
            "long, hard to guess and easy to remember."
        ),
    )
    confirm_password = PasswordField(
        _l("Confirm password"),
        validators=[
            DataRequired(_l("Please type the same password again.")),
            EqualTo(
                "new_password",
                _l("The two passwords are not the same. Please type them again."),
            ),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField(_l("Set password"))
