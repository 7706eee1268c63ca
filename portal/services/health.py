"""Whether the portal can reach its database and the shared store of its rate limits."""

from limits.storage import MemoryStorage
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db, limiter


def database_reachable() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


def rate_limit_storage_state() -> str | None:
    """How the store the processes share their counts in (Redis) is doing.

    "ok" when it answers, "degraded" when it does not (each process then counts on its own), and
    None when the limits are kept in each process by configuration (memory://).
    """
    storage = limiter.storage
    if isinstance(storage, MemoryStorage):
        return None
    return "ok" if storage.check() else "degraded"
