"""Leave requests: filing them, moving them through the workflow, life events, and reading them.

One module per job: `filing` (new requests and drafts), `moves` (workflow steps), `life_events`
(the baby has arrived, neonatal care, a loss), `reading` (who may open what, and what pages
show), `plans` (cases, plans and one leave at a time) and `unit_of_work` (history and mail
committed with the change, or nothing). Every change writes the request, its history and its
outbox mail in one transaction; the request's version column makes two people acting at once
record one decision, not two.
"""

from portal.records import RequestInput, case_at, pending_revision
from portal.services.requests.filing import edit_draft, file_request
from portal.services.requests.life_events import (
    life_events_allowed,
    record_birth,
    record_neonatal_care,
    record_pregnancy_loss,
)
from portal.services.requests.moves import (
    MAX_EXTRA_DAYS,
    act,
    allowed_actions,
    first_day,
    grant_extra_days,
    leave_started,
)
from portal.services.requests.plans import Proposal, propose
from portal.services.requests.reading import (
    get_request,
    other_requests,
    record_details_read,
    request_for,
    requests_of,
    state,
)
from portal.services.requests.unit_of_work import STALE_MESSAGE

__all__ = [
    "MAX_EXTRA_DAYS",
    "STALE_MESSAGE",
    "Proposal",
    "RequestInput",
    "act",
    "allowed_actions",
    "case_at",
    "edit_draft",
    "file_request",
    "first_day",
    "get_request",
    "grant_extra_days",
    "leave_started",
    "life_events_allowed",
    "other_requests",
    "pending_revision",
    "propose",
    "record_birth",
    "record_details_read",
    "record_neonatal_care",
    "record_pregnancy_loss",
    "request_for",
    "requests_of",
    "state",
]
