"""The application factory: a short list of named steps."""

from __future__ import annotations

import os

from flask import Flask, Response, request
from sqlalchemy import event
from werkzeug.middleware.proxy_fix import ProxyFix

from config import BASE_DIR, Config, config_from_environment
from portal import (
    api_commands,
    commands,
    compression,
    document_commands,
    formatting,
    i18n,
    input_guards,
    request_log,
    scim_commands,
    security,
    webhook_commands,
    wording,
)
from portal.domain.documents import size_in_words
from portal.extensions import bootstrap, csrf, db, limiter, login_manager, migrate
from portal.passwords import configure as configure_password_hashing
from portal.services import mailer
from portal.views import (
    access,
    api_claims,
    api_docs,
    api_estimates,
    api_leave,
    api_payroll,
    api_payroll_page,
    api_people,
    auth,
    benefits,
    calendar_days,
    company_sign_in,
    documents,
    errors,
    feeds,
    health,
    hr,
    hr_calendar,
    hr_claims,
    leave,
    locations,
    outbox,
    passwords,
    people,
    people_import,
    request_display,
    rules,
    scim,
    settings,
    team,
    webhooks,
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
    trust_proxies(app)

    register_extensions(app)
    i18n.init_app(app)
    configure_sqlite(app)
    input_guards.register_input_guards(app)  # before the routes: they use its converter
    register_blueprints(app)
    register_template_helpers(app)
    errors.register_error_handlers(app)
    commands.register_commands(app)
    app.cli.add_command(scim_commands.scim_token)
    app.cli.add_command(webhook_commands.send_webhooks)
    app.cli.add_command(api_commands.api_token)
    document_commands.register_document_commands(app)
    security.register_security_headers(app)
    request_log.register_request_logging(app)
    register_console_mail(app)
    compression.register_compression(app)  # BREACH: see portal/compression.py
    return app


def trust_proxies(app: Flask) -> None:
    """Behind PROXIES_IN_FRONT proxies, the client's address and scheme are the ones they
    forwarded: sign-in limits count per client address, not per proxy."""
    hops = int(app.config["PROXIES_IN_FRONT"])
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


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
    configure_password_hashing(
        app.config["ARGON2_TIME_COST"], app.config["ARGON2_MEMORY_KIB"],
        app.config["ARGON2_PARALLELISM"],
    )
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
    company_sign_in.init_app(app)  # an Authlib client when OIDC_ISSUER is set


def register_template_helpers(app: Flask) -> None:
    app.context_processor(access.navigation_context)
    app.jinja_env.globals["away_by_day"] = calendar_days.away_by_day  # a month grid as a list
    app.jinja_env.filters.update(
        long_date=formatting.long_date,
        iso_long_date=formatting.iso_long_date,
        short_date=formatting.short_date,
        weekday_short=formatting.weekday_short,
        month_name=formatting.month_name,  # {{ month | month_name }}: "Dezember 2026"
        weeks_and_days=formatting.weeks_and_days,
        days_a_week=formatting.days_a_week,
        number=formatting.number,
        rate=formatting.rate,  # an exchange rate, every decimal kept
        explain=wording.explain,  # an explanation item (or its stored dict) in words
        policy_text=wording.policy_text,  # a text from the policy data, translated
        words=wording.words,  # a message from the domain (a Phrase), translated
        role_list=wording.role_list,  # ("birthing", "adoptive") in words
        event_list=wording.event_list,  # ("birth", "adoption") in words
        duration=formatting.duration,
        local_time=formatting.local_time,  # {{ moment | local_time(current_user.timezone) }}
        status_label=request_display.status_label,
        policy_date=request_display.policy_date,  # a policy version's id: the day it took effect
        file_size=size_in_words,  # {{ document.size | file_size }}: "830 KB", "2.4 MB"
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
        auth.bp, passwords.bp, leave.bp, team.bp, hr.bp, hr_calendar.bp, people.bp,
        company_sign_in.bp,
        people_import.bp, locations.bp, rules.bp, outbox.bp, health.bp, settings.bp, feeds.bp,
        scim.bp, benefits.bp, hr_claims.bp, documents.bp, webhooks.bp,
        api_people.bp, api_leave.bp, api_payroll.bp, api_claims.bp, api_estimates.bp,
        api_docs.bp, api_payroll_page.bp,
    ):
        app.register_blueprint(blueprint)
