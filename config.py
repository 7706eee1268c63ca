"""Settings read from the environment, with safe development defaults."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"


class ConfigError(RuntimeError):
    """The configuration cannot run the portal; the message says what to set."""


def env_flag(name: str) -> bool:
    """A yes/no setting: 1, true, yes or on (any case) mean yes; anything else, or unset, no."""
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a whole number.") from None


def database_url(url: str | None) -> str:
    """Use psycopg 3 for plain PostgreSQL URLs (the only driver we install)."""
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


class Config:
    NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-a-secret")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = 5000

    # Sessions: a signed cookie that names a server-side session row (see services.accounts).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024

    # Ten failed sign-ins for one account in fifteen minutes, then 429.
    LOGIN_FAILURE_LIMIT = "10 per 15 minutes"
    # "Forgot password?": emails per address asked for, and requests per client address.
    RESET_LINKS_PER_EMAIL_LIMIT = "5 per 15 minutes"
    RESET_LINKS_PER_ADDRESS_LIMIT = "20 per 15 minutes"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_HEADERS_ENABLED = False

    # Links in emails point here.
    PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:5000")

    # Mail (see `flask send-mail`): printed to the console in development, unless MAIL_SERVER
    # names an SMTP server. MAIL_USE_TLS is STARTTLS on a plain port; MAIL_USE_SSL is TLS from
    # the first byte (usually port 465) and wins if both are set.
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or ("smtp" if MAIL_SERVER else "console")
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USE_TLS = env_flag("MAIL_USE_TLS")
    MAIL_USE_SSL = env_flag("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Parental leave portal <no-reply@example.com>")
    MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
    MAIL_TIMEOUT_SECONDS = env_int("MAIL_TIMEOUT_SECONDS", 10)

    BOOTSTRAP_SERVE_LOCAL = True
    HSTS = False
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    @classmethod
    def check(cls) -> None:
        """Refuse a configuration that cannot run safely."""


class TestConfig(Config):
    NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    # SMTP to a loopback port where nothing listens, unless a test starts a server there.
    MAIL_BACKEND = "smtp"
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 9
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME = ""
    MAIL_PASSWORD = ""  # noqa: S105
    MAIL_SENDER = "Parental leave portal <no-reply@example.com>"
    MAIL_MAX_ATTEMPTS = 8
    MAIL_TIMEOUT_SECONDS = 5


class ProductionConfig(Config):
    NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = (
        database_url(os.environ["DATABASE_URL"]) if os.environ.get("DATABASE_URL") else None
    )
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or "smtp"
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or "localhost"
    # Links in emails and feeds are built on this address alone (never on a request's Host).
    PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL")
    # Host names the portal answers to: PORTAL_BASE_URL's, plus any listed here (comma
    # separated, e.g. an internal name for health checks). Any other Host header gets 400.
    EXTRA_TRUSTED_HOSTS = os.environ.get("TRUSTED_HOSTS", "")

    @classmethod
    def check(cls) -> None:
        missing = [
            name
            for name, value in (
                ("SECRET_KEY", cls.SECRET_KEY),
                ("DATABASE_URL", cls.SQLALCHEMY_DATABASE_URI),
                ("PORTAL_BASE_URL", cls.PORTAL_BASE_URL),
            )
            if not value
        ]
        if missing:
            raise ConfigError(
                "The production configuration needs "
                + " and ".join(missing)
                + " in the environment; the portal will not start without "
                + ("them." if len(missing) > 1 else "it.")
            )
        base = urlsplit(cls.PORTAL_BASE_URL)
        if base.scheme != "https" or not base.hostname:
            raise ConfigError(
                f"PORTAL_BASE_URL={cls.PORTAL_BASE_URL!r} must be the portal's https:// address, "
                "such as https://leave.example.com: links in emails point there."
            )
        cls.TRUSTED_HOSTS = [
            base.hostname,
            *(host.strip() for host in cls.EXTRA_TRUSTED_HOSTS.split(",") if host.strip()),
        ]


CONFIGS: dict[str, type[Config]] = {
    "development": Config,
    "production": ProductionConfig,
    "test": TestConfig,
}


def config_from_environment() -> type[Config]:
    """The class named by PORTAL_CONFIG (development, production or test)."""
    name = os.environ.get("PORTAL_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise ConfigError(
            f"PORTAL_CONFIG={name!r} is not a configuration; use one of {', '.join(CONFIGS)}."
        ) from None
