"""GET /api/v1/people: the directory (scope read:people), without passwords or settings."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from portal.services.api.people import people_page
from portal.views.api import (
    api_blueprint,
    decode_cursor,
    json_answer,
    next_cursor,
    operation,
    query_of,
)
from portal.views.api_schemas import LocationOut, PageQuery, location_out

bp = api_blueprint("api_people")


class PersonOut(BaseModel):
    """A person of the directory."""

    id: int
    email: str
    name: str
    active: bool
    is_hr: bool
    manager_id: int | None
    hire_date: date | None
    timezone: str
    location: LocationOut


class PeoplePage(BaseModel):
    """A page of people, by id."""

    items: list[PersonOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at "
                                                "the end.")


@bp.get("/people")
@operation("read:people", ok=PeoplePage, query=PageQuery, tag="people")
def list_people():
    """The people of the organisation

    Everyone in the directory, active or not, by id; never passwords or settings.
    """
    chosen = query_of(PageQuery)
    people, more = people_page(decode_cursor(chosen.cursor), chosen.limit)
    items = [{
        "id": person.id, "email": person.email, "name": person.name, "active": person.active,
        "is_hr": person.is_hr, "manager_id": person.manager_id,
        "hire_date": person.hire_date.isoformat() if person.hire_date else None,
        "timezone": person.timezone, "location": location_out(person.location),
    } for person in people]
    return json_answer({"items": items,
                        "next_cursor": next_cursor([p.id for p in people], more)})
