"""Typed shapes the API shares between resources: pages, locations, dates (OpenAPI schemas)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

MAX_PAGE = 500


class PageQuery(BaseModel):
    """A page of a list: at most `limit` items after the `cursor` a previous page gave."""

    model_config = ConfigDict(extra="ignore")

    limit: int = Field(100, ge=1, le=MAX_PAGE, description="Items per page, at most 500.")
    cursor: str | None = Field(
        None, max_length=200, description="The `next_cursor` of the previous page."
    )


class LocationOut(BaseModel):
    """A work location: where working days and public holidays are counted."""

    id: int
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2.")
    subdivision: str | None


class PersonRef(BaseModel):
    """Who: the person's id, name and email."""

    id: int
    name: str
    email: str


def location_out(location) -> dict:
    return {"id": location.id, "name": location.name, "country": location.country,
            "subdivision": location.subdivision}


def person_ref(employee) -> dict:
    return {"id": employee.id, "name": employee.name, "email": employee.email}
