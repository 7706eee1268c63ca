"""HR's webhook endpoints: registering one (its address checked, its secret made and shown
once), rotating the secret, turning it off and on, deleting it, and listing them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select

from portal.domain.webhook_addresses import AddressRefused
from portal.domain.webhook_events import chosen_events
from portal.extensions import db
from portal.i18n import N_
from portal.models import INTEGER_MAX, Employee, WebhookDelivery, WebhookEndpoint, utcnow
from portal.services.webhooks import signing
from portal.services.webhooks.targets import checked_target

DESCRIPTION_LENGTH = 200
# The reasons portal.domain.webhook_addresses gives (it is pure: no gettext), for the catalogues;
# `check_url` translates them with the English sentence as the msgid.
ADDRESS_REFUSALS = (
    N_("Please give the address the portal should send events to."),
    N_("An address has at most %(count)d characters."),
    N_("An address cannot contain spaces or control characters."),
    N_("This is not a web address the portal can read."),
    N_("The address must start with https:// (or http:// for testing)."),
    N_("The address must start with https://: events are sent encrypted."),
    N_("The address needs a host name, such as hooks.example.com."),
    N_("Please leave the user name and password out of the address: each delivery is signed, "
       "and the receiver checks the signature instead."),
    N_("Please leave out the part after “#”: it is never sent."),
    N_("The name %(host)s could not be found."),
    N_("The portal does not send events to %(host)s: it is not an address on the public "
       "internet, and calls into the company's own network are refused."),
    N_("The portal does not send events to %(host)s (which points at %(address)s): it is not "
       "an address on the public internet, and calls into the company's own network are "
       "refused."),
)
# After a rotation the old secret also signs for this long, so receivers can switch over.
ROTATION_OVERLAP = timedelta(hours=24)


class EndpointProblem(Exception):
    """What is wrong with an endpoint HR typed, by form field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class EndpointRow:
    endpoint: WebhookEndpoint
    waiting: int
    given_up: int
    secret_readable: bool


def _secret_key() -> str:
    return current_app.config["SECRET_KEY"]


def check_url(url: str) -> str:
    """The URL as it will be stored, or EndpointProblem("url", why not)."""
    try:
        checked_target(url, current_app.config)
    except AddressRefused as refused:
        raise EndpointProblem("url", _(refused.words, **refused.values)) from None
    return url.strip()


def create_endpoint(hr: Employee, url: str, description: str, events: list[str]
                    ) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its secret, which is never shown again."""
    chosen = chosen_events(events)
    if not chosen:
        raise EndpointProblem("events", _("Please choose at least one event to send."))
    description = description.strip()
    if len(description) > DESCRIPTION_LENGTH:
        raise EndpointProblem("description", _("At most %(count)d characters.",
                                                    count=DESCRIPTION_LENGTH))
    stored_url = check_url(url)
    secret = signing.new_secret()
    endpoint = WebhookEndpoint(
        url=stored_url, description=description, events=" ".join(chosen),
        secret=signing.seal(secret, _secret_key()), created_by_id=hr.id,
    )
    db.session.add(endpoint)
    db.session.commit()
    return endpoint, secret


def rotate_secret(endpoint: WebhookEndpoint, *, at_once: bool = False,
                  now: datetime | None = None) -> str:
    """A new secret, returned to show once. The old one keeps signing for ROTATION_OVERLAP
    (each delivery then carries both signatures), or stops at once if it may have leaked."""
    now = now or utcnow()
    secret = signing.new_secret()
    if at_once:
        endpoint.previous_secret, endpoint.previous_secret_until = None, None
    else:
        endpoint.previous_secret = endpoint.secret
        endpoint.previous_secret_until = now + ROTATION_OVERLAP
    endpoint.secret = signing.seal(secret, _secret_key())
    endpoint.secret_rotated_at = now
    db.session.commit()
    return secret


def set_active(endpoint: WebhookEndpoint, active: bool) -> None:
    """Off: no new events are queued for it and what waits is held until it is on again."""
    endpoint.active = active
    db.session.commit()


def delete_endpoint(endpoint: WebhookEndpoint) -> None:
    """The endpoint and its deliveries go."""
    db.session.execute(delete(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)
    db.session.commit()


def endpoint_by_id(endpoint_id: int) -> WebhookEndpoint | None:
    if not 0 < endpoint_id <= INTEGER_MAX:
        return None
    return db.session.get(WebhookEndpoint, endpoint_id)


def _readable(endpoint: WebhookEndpoint) -> bool:
    try:
        signing.unseal(endpoint.secret, _secret_key())
    except signing.UnreadableSecret:
        return False
    return True


def endpoint_rows() -> list[EndpointRow]:
    """Every endpoint, the oldest first, with how many deliveries wait and were given up."""
    endpoints = list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))
    pending = WebhookDelivery.delivered_at.is_(None)
    counts = {
        (endpoint_id, given_up): count
        for endpoint_id, given_up, count in db.session.execute(
            select(WebhookDelivery.endpoint_id, WebhookDelivery.given_up_at.is_not(None),
                   func.count())
            .where(pending)
            .group_by(WebhookDelivery.endpoint_id, WebhookDelivery.given_up_at.is_not(None))
        )
    }
    return [
        EndpointRow(endpoint, counts.get((endpoint.id, False), 0),
                    counts.get((endpoint.id, True), 0), _readable(endpoint))
        for endpoint in endpoints
    ]
