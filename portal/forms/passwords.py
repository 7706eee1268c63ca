"""Forms for choosing a password and asking for a reset link: field syntax only (the rules a
password must meet live in portal.passwords, checked by the service)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired("Please enter the email you use for work."),
            Length(max=254, message="That is longer than any email we know."),
        ],
        render_kw={"autocomplete": "username"},
    )
    submit = SubmitField("Send reset link")


class ChoosePasswordForm(FlaskForm):
    new_password = PasswordField(
        "New password",
        validators=[
            DataRequired("Please choose a password."),
            Length(max=1024, message="Please choose a password of at most 1024 characters."),
        ],
        render_kw={"autocomplete": "new-password"},
        description="At least 12 characters. A few unrelated words make a password that is "
        "long, hard to guess and easy to remember.",
    )
    confirm_password = PasswordField(
        "Confirm password",
        validators=[
            DataRequired("Please type the same password again."),
            EqualTo("new_password", "The two passwords are not the same. Please type them again."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Set password")
