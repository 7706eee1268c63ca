"""A person's own settings: how colleagues' calendars name their leave, and their feed links."""

from __future__ import annotations

import secrets
from enum import StrEnum

from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.models import Employee
from portal.services.accounts import roles_of, token_digest


class Feed(StrEnum):
    """The calendar feeds a person may subscribe to; each is one endpoint of the feeds blueprint."""

    MINE = "mine"
    TEAM = "team"
    ORGANISATION = "organisation"


FEED_NAMES = {
    Feed.MINE: "My leave",
    Feed.TEAM: "Team leave",
    Feed.ORGANISATION: "Organisation leave",
}


def feeds_for(employee: Employee) -> list[Feed]:
    """Everyone has their own; managers their team's; HR the organisation's."""
    roles = roles_of(employee)
    feeds = [Feed.MINE]
    if roles.manager:
        feeds.append(Feed.TEAM)
    if roles.hr:
        feeds.append(Feed.ORGANISATION)
    return feeds


def save_preferences(
    employee: Employee, *, show_as_out_of_office: bool, language: str | None = None
) -> None:
    employee.show_as_out_of_office = show_as_out_of_office
    employee.language = language if language in LANGUAGES else None
    db.session.commit()


def new_feed_token(employee: Employee) -> str:
    """A fresh secret for the feed links, returned to be shown once (only its digest is kept);
    the old one stops working with this commit."""
    token = secrets.token_urlsafe(32)
    employee.feed_token_digest = token_digest(token)
    db.session.commit()
    return token
