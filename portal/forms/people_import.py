"""HR's forms for importing people: the file to check, and the Import button. Field syntax only."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired


class PeopleFileForm(FlaskForm):
    csv_file = FileField(
        "CSV file",
        validators=[FileRequired("Please choose a CSV file to check.")],
        description=(
            "Columns email, name, manager_email, location, hire_date (YYYY-MM-DD) and hr "
            "(yes or no, optional), separated by commas or semicolons, saved as CSV UTF-8. "
            "At most 16 MB."
        ),
        render_kw={"accept": ".csv,text/csv"},
    )


class ApplyImportForm(FlaskForm):
    """Only the CSRF token: the checked file is named in the address."""
