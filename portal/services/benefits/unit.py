"""One change to a claim, its history and its mail, committed together or not at all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError

from portal.domain.benefits_claims import ClaimAction, ClaimRefused
from portal.extensions import db
from portal.i18n import N_
from portal.models import BenefitClaim, ClaimEvent, Employee, utcnow
from portal.services.benefits import mail

STALE_MESSAGE = N_(
    "This claim changed since you opened it, so nothing was saved. Here it is as it stands now."
)


class StaleClaim(ClaimRefused):
    """Someone changed the claim since this person opened it; nothing was saved."""


def fresh(claim: BenefitClaim, version: int | None) -> None:
    if version is None or claim.version != version:
        raise StaleClaim(_(STALE_MESSAGE))


@contextmanager
def committed() -> Iterator[None]:
    """Commit what the block did, or roll everything back (a raced change says so)."""
    try:
        yield
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise StaleClaim(_(STALE_MESSAGE)) from None
    except BaseException:
        db.session.rollback()
        raise


def record(claim: BenefitClaim, actor: Employee, action: ClaimAction, note: str = "",
           *, status: str | None = None, notify: bool = True) -> None:
    """Move the claim, add the step to its history and write the mail it sends."""
    now = utcnow()
    if status is not None:
        claim.status = status
    claim.updated_at = now
    claim.history.append(
        ClaimEvent(actor_id=actor.id, action=action, note=note.strip(), created_at=now)
    )
    if notify:
        mail.announce(claim, action, actor)
