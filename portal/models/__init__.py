"""Database tables: columns, relations, constraints and indexes, nothing else.

One module per area; everything is importable from `portal.models`.
"""

from __future__ import annotations

from sqlalchemy import event

from portal.models.api import ApiCall
from portal.models.base import INTEGER_MAX, UTCDateTime, utcnow
from portal.models.benefits import BenefitClaim, ClaimEvent, ExchangeRate
from portal.models.documents import Document
from portal.models.feeds import FeedCache, LeaveVersion
from portal.models.integrations import IntegrationToken
from portal.models.leave import (
    LeaveRequest,
    PlanBlock,
    RequestDetails,
    RequestEvent,
    RequestRevision,
)
from portal.models.mail import OutboxMessage
from portal.models.people import (
    AccountLink,
    AuthSession,
    Employee,
    Location,
    PeopleImport,
    PersonChange,
)
from portal.models.webhooks import WebhookDelivery, WebhookEndpoint

__all__ = [
    "INTEGER_MAX",
    "AccountLink",
    "ApiCall",
    "AuthSession",
    "BenefitClaim",
    "ClaimEvent",
    "Document",
    "Employee",
    "ExchangeRate",
    "FeedCache",
    "IntegrationToken",
    "LeaveRequest",
    "LeaveVersion",
    "Location",
    "OutboxMessage",
    "PeopleImport",
    "PersonChange",
    "PlanBlock",
    "RequestDetails",
    "RequestEvent",
    "RequestRevision",
    "UTCDateTime",
    "WebhookDelivery",
    "WebhookEndpoint",
    "utcnow",
]


@event.listens_for(ClaimEvent, "before_update")
@event.listens_for(ClaimEvent, "before_delete")
@event.listens_for(RequestEvent, "before_update")
@event.listens_for(RequestEvent, "before_delete")
@event.listens_for(PersonChange, "before_update")
@event.listens_for(PersonChange, "before_delete")
def _history_is_append_only(
    _mapper, _connection, target: RequestEvent | PersonChange | ClaimEvent
) -> None:
    raise ValueError(f"history is append-only ({type(target).__name__} {target.id})")
