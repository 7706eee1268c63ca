"""The API's call log: one row per call, written after the answer is decided; never bodies."""

from __future__ import annotations

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from portal.extensions import db
from portal.models import ApiCall


def record_call(
    token_id: int | None, token_name: str | None, method: str, route: str, status: int,
    duration_ms: int,
) -> None:
    """Write the row in a transaction of its own; a call is answered even if the log fails."""
    try:
        db.session.rollback()  # nothing a read left behind is committed with the log row
        db.session.add(ApiCall(
            token_id=token_id, token_name=token_name, method=method[:10], route=route[:200],
            status=status, duration_ms=max(0, min(duration_ms, 2**31 - 1)),
        ))
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.warning("Could not record an API call", exc_info=True)
