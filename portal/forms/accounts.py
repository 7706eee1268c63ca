"""Forms for signing in and out: field syntax only."""

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Length

from portal.forms.words import lazy_gettext as _l


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=1024)])
    submit = SubmitField(_l("Sign in"))


class SignOutForm(FlaskForm):
    """A POST with a CSRF token, so another site cannot sign anyone out."""

    submit = SubmitField(_l("Sign out"))
