"""The application factory: a short list of named steps."""

from __future__ import annotations

import os

from flask import Flask, Response, request
from sqlalchemy import event

from config import BASE_DIR, Config, config_from_environment
from portal import commands, formatting, request_log, security
from portal.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from portal.services import mailer
from portal.views import (
    access,
    auth,
    errors,
    feeds,
    health,
    hr,
    hr_calendar,  # noqa: F401  (adds its routes to the hr blueprint)
    leave,
    locations,
    passwords,
    people,
    people_import,
    request_display,
    settings,
    team,
)


def create_app(config: type[Config] | None = None) -> Flask:
    config = config or config_from_environment()
    config.check()
    app = Flask(
        __name__,
        instance_path=str(BASE_DIR / "instance"),
        template_folder=str(BASE_DIR / "templates"),
    )
    app.config.from_object(config)
    os.makedirs(app.instance_path, exist_ok=True)

    register_extensions(app)
    configure_sqlite(app)
    register_blueprints(app)
    register_template_helpers(app)
    errors.register_error_handlers(app)
    commands.register_commands(app)
    security.register_security_headers(app)
    request_log.register_request_logging(app)
    register_console_mail(app)
    return app


def register_console_mail(app: Flask) -> None:
    """Development: print the emails a request wrote once it is done (MAIL_BACKEND console)."""
    if app.config["MAIL_BACKEND"] != "console" or app.config.get("TESTING"):
        return

    def print_new_mail(response: Response) -> Response:
        if request.endpoint not in (None, "static", "bootstrap.static"):
            try:
                mailer.print_pending_to_console()
            except Exception:  # the page matters more than the console copy of an email
                app.logger.exception("Could not print the outbox to the console")
        return response

    app.after_request(print_new_mail)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(BASE_DIR / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    bootstrap.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.user_loader(auth.load_signed_in_employee)


def register_template_helpers(app: Flask) -> None:
    app.context_processor(access.navigation_context)
    app.jinja_env.filters.update(
        long_date=formatting.long_date,
        iso_long_date=formatting.iso_long_date,
        short_date=formatting.short_date,
        weeks_and_days=formatting.weeks_and_days,
        days_a_week=formatting.days_a_week,
        local_time=formatting.local_time,  # {{ moment | local_time(current_user.timezone) }}
        status_label=request_display.status_label,
    )


def configure_sqlite(app: Flask) -> None:
    """WAL lets readers work while one request writes; the busy timeout waits out a writer."""
    busy_timeout = int(app.config["SQLITE_BUSY_TIMEOUT_MS"])

    def set_pragmas(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", set_pragmas)


def register_blueprints(app: Flask) -> None:
    for blueprint in (
        auth.bp, passwords.bp, leave.bp, team.bp, hr.bp, people.bp, people_import.bp,
        locations.bp, health.bp, settings.bp, feeds.bp,
    ):
        app.register_blueprint(blueprint)
