"""What the portal publishes on /Schemas, /ResourceTypes and /ServiceProviderConfig: the User
attributes it stores, and nothing else, so that whatever is written is read back the same."""

from __future__ import annotations

from functools import cache
from typing import Annotated

from pydantic import Field
from scim2_models import (
    URN,
    AuthenticationScheme,
    Bulk,
    CaseExact,
    ChangePassword,
    ComplexAttribute,
    ETag,
    Extension,
    Filter,
    Pagination,
    Patch,
    Reference,
    Required,
    Resource,
    ResourceType,
    ScimPolicy,
    ScimProvider,
    ServiceProviderConfig,
    Sort,
    Uniqueness,
)
from scim2_models.resources.resource_type import SchemaExtension

PAGE_SIZE = 100
MAX_PAGE_SIZE = 200
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


class WorkEmail(ComplexAttribute):
    """The one email the portal keeps: the person's work email."""

    value: Annotated[str | None, Required.true] = None
    """The work email; the portal keeps it in lower case."""

    type: str | None = Field(None, examples=["work"])
    """Always "work": the portal keeps the work email only."""


class WorkAddress(ComplexAttribute):
    """The work address, which chooses the person's location; kept and returned as sent."""

    type: str | None = Field(None, examples=["work"])
    """Always "work": other addresses are not kept."""

    country: str | None = None
    """The country, as its two-letter ISO code (GB, US)."""

    region: str | None = None
    """The state or region, as its code (CA, ENG)."""

    locality: str | None = None
    """The city, matched to the name of a location."""


class ManagerReference(ComplexAttribute):
    """The person's manager: another user of this endpoint."""

    value: Annotated[str | None, Required.true, CaseExact.true] = None
    """The id of the manager's SCIM user."""

    ref: Reference["User"] | None = Field(  # noqa: UP037  (a reference type, not a class)
        None, serialization_alias="$ref", validation_alias="$ref"
    )
    """The address of the manager's SCIM user."""


class EnterpriseUser(Extension):
    """The enterprise extension, of which the portal keeps the manager only."""

    __schema__ = URN(ENTERPRISE)

    manager: ManagerReference | None = None
    """The person's manager."""


class User(Resource):
    """A person who works here, as the identity provider provisions them."""

    __schema__ = URN("urn:ietf:params:scim:schemas:core:2.0:User")

    user_name: Annotated[str | None, Uniqueness.server, Required.true] = None
    """The identity provider's login name for the person, kept as given."""

    display_name: Annotated[str | None, Required.true] = None
    """The person's name as colleagues and HR read it (made from "name" when left out)."""

    emails: Annotated[list[WorkEmail] | None, Required.true] = None
    """The work email (the userName, when that is an email and no email is sent)."""

    active: Annotated[bool | None, Required.true] = None
    """False deactivates the person as HR's "Deactivate" does; true makes them active again."""

    addresses: list[WorkAddress] | None = None
    """The work address; one that matches no location puts the person at HR's default."""


@cache
def user_model() -> type[Resource]:
    """The User resource with its enterprise extension."""
    return User[EnterpriseUser]


def service_provider_config() -> ServiceProviderConfig:
    return ServiceProviderConfig(
        documentation_uri=None,
        patch=Patch(supported=True),
        bulk=Bulk(supported=False, max_operations=0, max_payload_size=0),
        filter=Filter(supported=True, max_results=MAX_PAGE_SIZE),
        change_password=ChangePassword(supported=False),
        sort=Sort(supported=False),
        etag=ETag(supported=False),
        pagination=Pagination(
            index=True, cursor=False, default_page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE
        ),
        authentication_schemes=[
            AuthenticationScheme(
                type=AuthenticationScheme.Type.oauthbearertoken,
                name="Bearer token",
                description="A token made with `flask scim-token create NAME`.",
                primary=True,
            )
        ],
    )


@cache
def provider() -> ScimProvider:
    """The portal's SCIM service: Users only, read tolerantly (Microsoft Entra ID's PATCH
    habits, and attributes the portal does not keep, which are ignored)."""
    resource_type = ResourceType(
        id="User",
        name="User",
        endpoint="/Users",
        description="People who work here",
        schema_=User.__schema__,
        schema_extensions=[SchemaExtension(schema_=URN(ENTERPRISE), required=False)],
    )
    return ScimProvider(
        models=[User, EnterpriseUser],
        resource_types=[resource_type],
        config=service_provider_config(),
        policy=ScimPolicy(
            unknown=ScimPolicy.Unknown.ignore,
            remove_value_as_filter=ScimPolicy.RemoveValue.apply,
            unmatched_path_filter=ScimPolicy.UnmatchedPathFilter.create,
        ),
    )
