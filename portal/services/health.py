"""Whether the portal can reach its database."""

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db


def database_reachable() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True
