"""Webhook events, queued in the same transaction as the change that caused them (the outbox):
one delivery per active endpoint that asked for the event, committed with the change or not
at all. The payloads carry ids, dates, status and pay dates, never health details."""

from __future__ import annotations

import json
import secrets

from sqlalchemy import select

from portal.domain.webhook_events import EVENTS, event_for_move, integration_label
from portal.domain.workflow import Action
from portal.extensions import db
from portal.models import Employee, LeaveRequest, WebhookDelivery, WebhookEndpoint, utcnow


def new_event_id() -> str:
    return "msg_" + secrets.token_hex(16)


def _subscribed(event_type: str) -> list[WebhookEndpoint]:
    endpoints = db.session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.active).order_by(WebhookEndpoint.id)
    )
    return [endpoint for endpoint in endpoints if event_type in endpoint.event_names]


def queue_event(event_type: str, data: dict) -> str | None:
    """Write one delivery of this event to each endpoint that asked for it, without committing
    (the caller's transaction carries it). Returns the event id, or None if nobody asked."""
    event_ids = queue_events(event_type, [data])
    return event_ids[0] if event_ids else None


def queue_events(event_type: str, datas: list[dict]) -> list[str]:
    """One event of this type for each of `datas`, as queue_event (the endpoints read once)."""
    if event_type not in EVENTS:
        raise ValueError(f"unknown webhook event {event_type!r}")
    endpoints = _subscribed(event_type) if datas else []
    if not endpoints:
        return []
    now = utcnow()
    timestamp = now.isoformat().replace("+00:00", "Z")
    event_ids = []
    for data in datas:
        event_id = new_event_id()
        body = json.dumps({"type": event_type, "timestamp": timestamp, "data": data},
                          ensure_ascii=False, separators=(",", ":"))
        db.session.add_all(WebhookDelivery(
            endpoint_id=endpoint.id, event_id=event_id, event_type=event_type, body=body,
            created_at=now, next_attempt_at=now,
        ) for endpoint in endpoints)
        event_ids.append(event_id)
    return event_ids


def person_data(person: Employee) -> dict:
    return {
        "id": person.id, "email": person.email, "external_id": person.scim_external_id,
        "active": person.active,
    }


def _pay(request: LeaveRequest) -> dict:
    """The pay dates, from the entitlement in force: never its explanation, grants or day
    counts, which name or hint at neonatal care or a loss (the payroll API has the pay by day)."""
    entitlement = request.details.entitlement if request.details else {}
    statutory = entitlement.get("statutory") or {}
    phased = entitlement.get("phased_return")
    return {
        "statutory_end": statutory.get("end"),
        "phased_return": None if not phased else {
            "start": phased["start"], "end": phased["end"],
            "work_days_per_week": phased["work_days_per_week"],
        },
    }


def leave_data(request: LeaveRequest) -> dict:
    employee = request.employee
    return {
        "request_id": request.id,
        "person": {"id": employee.id, "email": employee.email,
                   "external_id": employee.scim_external_id},
        "status": request.status,
        "label": integration_label(employee.show_as_out_of_office),
        "start": request.start.isoformat(),
        "end": request.end.isoformat(),
        "return_date": request.return_date.isoformat(),
        "blocks": [{"start": block.start.isoformat(), "end": block.end.isoformat()}
                   for block in request.blocks],
        "pay": _pay(request),
    }


def leave_moved(request: LeaveRequest, action: Action, before: str, *, dates_changed: bool
                ) -> None:
    """The event a workflow move sends, if any (portal.domain.webhook_events)."""
    event_type = event_for_move(action, before, dates_changed=dates_changed)
    if event_type is not None:
        db.session.flush()  # the plan's new blocks, as they will be committed
        queue_event(event_type, leave_data(request))


def person_changed(person: Employee, event_type: str) -> None:
    """person.created, person.deactivated or person.reactivated (the person has an id)."""
    queue_event(event_type, {"person": person_data(person)})


def people_created(people: list[Employee]) -> None:
    """person.created for each of these new people (an import's: the endpoints read once)."""
    queue_events("person.created", [{"person": person_data(person)} for person in people])
