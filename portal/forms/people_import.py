"""HR's forms for importing people: the file to check, and the Import button. Field syntax only."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired

from portal.forms.words import lazy_gettext as _l


class PeopleFileForm(FlaskForm):
    csv_file = FileField(
        _l("CSV file"),
        validators=[FileRequired(_l("Please choose a CSV file to check."))],
        # The column names and yes/no are what the file holds, in English whatever the page's
        # language; spaces stand for underscores ("hire date" is read as hire_date).
        description=_l(
            "Columns %(email)s, %(name)s, %(manager_email)s, %(location)s, %(hire_date)s "
            "(YYYY-MM-DD) and %(hr)s (%(yes)s or %(no)s, optional), separated by commas or "
            "semicolons, saved as CSV UTF-8. At most 16 MB.",
            email="email", name="name", manager_email="manager email", location="location",
            hire_date="hire date", hr="hr", yes="yes", no="no",
        ),
        render_kw={"accept": ".csv,text/csv"},
    )


class ApplyImportForm(FlaskForm):
    """Only the CSRF token: the checked file is named in the address."""
