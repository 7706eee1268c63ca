"""Flask extensions, created unbound and initialised by the application factory."""

import logging

from flask import current_app, has_app_context, request
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def client_address() -> str:
    """The address limits are counted against: the peer's (behind a reverse proxy, the client's
    only once ProxyFix has put it in remote_addr)."""
    return request.remote_addr or "unknown"


class _ApplicationLog(logging.LoggerAdapter):
    """The limiter's own messages (storage unreachable, falling back to memory, recovered) go
    to the application's log with the request id, rather than to a logger nobody listens to."""

    def __init__(self) -> None:
        super().__init__(logging.getLogger("flask-limiter"))

    def log(self, level, msg, *args, **kwargs) -> None:
        (current_app.logger if has_app_context() else self.logger).log(level, msg, *args, **kwargs)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=client_address)
limiter.logger = _ApplicationLog()
bootstrap = Bootstrap5()
