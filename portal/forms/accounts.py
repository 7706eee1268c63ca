"""Forms for signing in and out: field syntax only."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField("Sign in")


class SignOutForm(FlaskForm):
    """A POST with a CSRF token, so another site cannot sign anyone out."""

    submit = SubmitField("Sign out")
