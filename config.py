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


def engine_options(url: str | None, connect_timeout_seconds: int,
                   statement_timeout_ms: int) -> dict:
    """SQLAlchemy engine options for the database at `url`.

    On PostgreSQL, a server that refuses connections or accepts them and never answers fails the
    request within seconds (the "briefly unavailable" page) instead of holding a worker until
    gunicorn kills it: libpq's connect_timeout bounds the connection, the server's
    statement_timeout each statement. 0 turns either off. SQLite waits SQLITE_BUSY_TIMEOUT_MS.
    """
    options: dict = {"pool_pre_ping": True}
    if url and url.startswith("postgresql"):
        # No JIT compilation: it costs each larger query more (10 ms and up) than the query
        # itself takes here; PostgreSQL's own advice for short, frequent queries.
        settings = "-c jit=off"
        if statement_timeout_ms:
            settings += f" -c statement_timeout={statement_timeout_ms}"
        connect_args: dict = {"connect_timeout": connect_timeout_seconds, "options": settings}
        options["connect_args"] = connect_args
    return options


class Config:
    NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", "development-only-not-a-secret")
    SQLALCHEMY_DATABASE_URI = database_url(os.environ.get("DATABASE_URL"))
    # PostgreSQL only: the longest wait for a connection, and for one statement (a long job,
    # such as a migration of a large table, may need DATABASE_STATEMENT_TIMEOUT_MS=0).
    DATABASE_CONNECT_TIMEOUT_SECONDS = env_int("DATABASE_CONNECT_TIMEOUT_SECONDS", 3)
    DATABASE_STATEMENT_TIMEOUT_MS = env_int("DATABASE_STATEMENT_TIMEOUT_MS", 5000)
    SQLALCHEMY_ENGINE_OPTIONS = engine_options(
        SQLALCHEMY_DATABASE_URI, DATABASE_CONNECT_TIMEOUT_SECONDS, DATABASE_STATEMENT_TIMEOUT_MS
    )
    SQLITE_BUSY_TIMEOUT_MS = 5000

    def __init_subclass__(cls, **kwargs) -> None:
        """A configuration for another database (production's, a test's) gets engine options
        for that one, unless it names its own."""
        super().__init_subclass__(**kwargs)
        if "SQLALCHEMY_ENGINE_OPTIONS" not in vars(cls):
            cls.SQLALCHEMY_ENGINE_OPTIONS = engine_options(
                cls.SQLALCHEMY_DATABASE_URI, cls.DATABASE_CONNECT_TIMEOUT_SECONDS,
                cls.DATABASE_STATEMENT_TIMEOUT_MS,
            )

    # Sessions: a signed cookie that names a server-side session row (see services.accounts).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)

    # Password hashing cost (argon2id): RFC 9106's low-memory profile.
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_KIB = 64 * 1024
    ARGON2_PARALLELISM = 4

    MAX_CONTENT_LENGTH = 1024 * 1024
    MAX_FORM_MEMORY_SIZE = 512 * 1024

    # The JSON API (portal/views/api*.py): calls per token, and the largest body it reads.
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600 per minute")
    API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 64 * 1024)

    # Failed sign-ins (see views.auth); a full counter answers 429 with Retry-After. One account
    # from one address, and one address across accounts (password spraying):
    LOGIN_FAILURE_LIMIT = "10 per 15 minutes"
    LOGIN_ADDRESS_FAILURE_LIMIT = "20 per 15 minutes"
    # One account from every address: past this, a browser that has not signed in to the account
    # before gets LOGIN_ACCOUNT_SLOW_DOWN more failures for it. A browser that has (a signed
    # cookie, kept KNOWN_DEVICE_LIFETIME from its last sign-in) is held up by neither this nor
    # the address counter; 40 an hour plus 1 a minute keeps to ASVS's 100 failures an hour.
    LOGIN_ACCOUNT_FAILURE_LIMIT = "40 per hour"
    LOGIN_ACCOUNT_SLOW_DOWN = "1 per minute"
    KNOWN_DEVICE_LIFETIME = timedelta(days=180)
    # "Forgot password?": emails per address asked for, and requests per client address.
    RESET_LINKS_PER_EMAIL_LIMIT = "5 per 15 minutes"
    RESET_LINKS_PER_ADDRESS_LIMIT = "20 per 15 minutes"
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    # Redis unreachable (or slower than this): each process counts on its own, logs a warning,
    # and /healthz says "degraded", rather than refusing sign-ins.
    RATELIMIT_STORAGE_TIMEOUT_SECONDS = env_int("RATELIMIT_STORAGE_TIMEOUT_SECONDS", 1)
    RATELIMIT_STORAGE_OPTIONS = {
        "socket_connect_timeout": RATELIMIT_STORAGE_TIMEOUT_SECONDS,
        "socket_timeout": RATELIMIT_STORAGE_TIMEOUT_SECONDS,
        "wrap_exceptions": True,
    }
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # Every limit of a request is checked, so a 429's Retry-After is the longest wait; that header
    # is set on 429s only (views.auth), not the X-RateLimit-* counters on every answer.
    RATELIMIT_FAIL_ON_FIRST_BREACH = False
    RATELIMIT_HEADERS_ENABLED = False
    # How many proxies in front of the portal set X-Forwarded-For/-Proto: the sign-in limits
    # count per client address, so behind a proxy this must be right (0: no proxy).
    PROXIES_IN_FRONT = env_int("PROXIES_IN_FRONT", 0)

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
    MAIL_TIMEOUT_SECONDS = env_int("MAIL_TIMEOUT_SECONDS", 10)
    # A message that has failed for this many days is set aside for HR (Undelivered mail).
    MAIL_GIVE_UP_AFTER_DAYS = env_int("MAIL_GIVE_UP_AFTER_DAYS", 3)
    # How long a sender holds the messages it took: if it dies, another sends them after this.
    MAIL_CLAIM_SECONDS = env_int("MAIL_CLAIM_SECONDS", 300)

    # Webhooks (see `flask send-webhooks`). Endpoints on loopback, link-local or private
    # addresses are refused unless WEBHOOKS_ALLOW_PRIVATE_ADDRESSES (development and tests only:
    # production always refuses them, and always requires https://).
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = os.environ.get(
        "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", "1").strip().lower() in ("1", "true", "yes", "on")
    WEBHOOKS_REQUIRE_HTTPS = env_flag("WEBHOOKS_REQUIRE_HTTPS")
    WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10)
    WEBHOOK_GIVE_UP_AFTER_DAYS = env_int("WEBHOOK_GIVE_UP_AFTER_DAYS", 3)
    WEBHOOK_CLAIM_SECONDS = env_int("WEBHOOK_CLAIM_SECONDS", 300)

    # Single sign-on (OpenID Connect; see views.company_sign_in): the company's identity
    # provider, found through <OIDC_ISSUER>/.well-known/openid-configuration. Unset: no company
    # sign-in. OIDC_ONLY: passwords only for the people HR marks "may use a password".
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "").strip()
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "").strip()
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "").strip()
    OIDC_ONLY = env_flag("OIDC_ONLY")
    OIDC_TIMEOUT_SECONDS = env_int("OIDC_TIMEOUT_SECONDS", 10)
    # Documents (see portal/storage.py): files in DOCUMENT_DIRECTORY, or in an S3-compatible
    # bucket when DOCUMENT_S3_BUCKET is set (credentials from the usual AWS environment:
    # AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, an instance role, ...). Documents released by a
    # deleted draft or a withdrawn claim are removed DOCUMENT_RETENTION_DAYS later by
    # `flask documents purge` (checked by that command, so a typo there stops only it).
    DOCUMENT_DIRECTORY = os.environ.get("DOCUMENT_DIRECTORY") or str(INSTANCE_DIR / "documents")
    DOCUMENT_S3_BUCKET = os.environ.get("DOCUMENT_S3_BUCKET", "")
    DOCUMENT_S3_ENDPOINT_URL = os.environ.get("DOCUMENT_S3_ENDPOINT_URL", "")
    DOCUMENT_S3_REGION = os.environ.get("DOCUMENT_S3_REGION", "")
    DOCUMENT_S3_PREFIX = os.environ.get("DOCUMENT_S3_PREFIX", "")
    DOCUMENT_RETENTION_DAYS = os.environ.get("DOCUMENT_RETENTION_DAYS", "90")

    BOOTSTRAP_SERVE_LOCAL = True
    HSTS = False
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

    @classmethod
    def check(cls) -> None:
        """Refuse a configuration that cannot run safely."""
        check_company_sign_in(cls)


class TestConfig(Config):
    NAME = "test"
    TESTING = True
    # Hashing as cheaply as argon2 allows: the tests sign in hundreds of times.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_KIB = 8
    ARGON2_PARALLELISM = 1
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
    MAIL_TIMEOUT_SECONDS = 5
    MAIL_GIVE_UP_AFTER_DAYS = 3
    MAIL_CLAIM_SECONDS = 300
    API_RATE_LIMIT = "100000 per minute"  # the fuzzing calls fast; a test lowers it
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True  # the tests' receivers listen on loopback
    WEBHOOKS_REQUIRE_HTTPS = False
    WEBHOOK_TIMEOUT_SECONDS = 5
    WEBHOOK_GIVE_UP_AFTER_DAYS = 3
    WEBHOOK_CLAIM_SECONDS = 300
    # The tests' own directory is set by tests/fixtures.py; never a bucket from the environment.
    DOCUMENT_S3_BUCKET = ""
    DOCUMENT_RETENTION_DAYS = "90"


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
    PROXIES_IN_FRONT = env_int("PROXIES_IN_FRONT", 1)  # the TLS-terminating proxy
    MAIL_BACKEND = os.environ.get("MAIL_BACKEND") or "smtp"
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or "localhost"
    WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False  # and ignored: production always refuses them
    WEBHOOKS_REQUIRE_HTTPS = True
    # Links in emails and feeds are built on this address alone (never on a request's Host).
    PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL")
    # Host names the portal answers to: PORTAL_BASE_URL's, plus any listed here (comma
    # separated, e.g. an internal name for health checks). Any other Host header gets 400.
    EXTRA_TRUSTED_HOSTS = os.environ.get("TRUSTED_HOSTS", "")

    @classmethod
    def check(cls) -> None:
        check_company_sign_in(cls)
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


LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})


def check_company_sign_in(config: type[Config]) -> None:
    """Single sign-on needs all three OIDC settings, and an issuer on https:// (http:// only on
    this machine's loopback address, for tests): the ID tokens that sign people in come from it."""
    issuer = config.OIDC_ISSUER
    if not issuer:
        if config.OIDC_ONLY:
            raise ConfigError(
                "OIDC_ONLY is set but OIDC_ISSUER is not: nobody could sign in without a "
                "password. Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET, or unset "
                "OIDC_ONLY."
            )
        return
    missing = [name for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET")
               if not getattr(config, name)]
    if missing:
        raise ConfigError(
            f"OIDC_ISSUER is set, so the portal also needs {' and '.join(missing)} (from the "
            "application registered for the portal at the identity provider)."
        )
    try:
        parts = urlsplit(issuer)
        host = parts.hostname
    except ValueError:
        parts, host = None, None
    loopback_http = parts is not None and parts.scheme == "http" and host in LOOPBACK_HOSTS
    if parts is None or not host or parts.query or parts.fragment or not (
        parts.scheme == "https" or loopback_http
    ):
        raise ConfigError(
            f"OIDC_ISSUER={issuer!r} must be the identity provider's https:// address, such as "
            "https://login.example.com (http:// is accepted only on 127.0.0.1, ::1 or localhost, "
            "for tests). The portal will not start with it."
        )


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
