"""The application object that `flask` and gunicorn load."""

from portal.app import create_app

app = create_app()
