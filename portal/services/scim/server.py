"""scim2-server's protocol handling (routing, PATCH, PUT, responses, errors) over the portal's
people: a storage that reads with `queries` and writes with `writes`, and the defaults the
portal fills in before a request is checked."""

from __future__ import annotations

import json
from functools import cache
from http import HTTPStatus
from typing import Any, cast

from scim2_models import (
    NotImplementedException,
    PatchOp,
    Resource,
    ResourceType,
    ResponseParameters,
    SCIMException,
    SearchRequest,
)
from scim2_server.handler import ScimHandler
from scim2_server.requests import ScimRequest
from scim2_server.responses import ScimResponse
from scim2_server.routing import Operation
from scim2_server.service import ScimService
from scim2_server.storage import ScimStorage, SearchPage

from portal.services.scim import queries, writes
from portal.services.scim.mapping import (
    user_for,
    user_json,
    values_of,
    with_defaults,
    with_manager_objects,
)
from portal.services.scim.schema import (
    ENTERPRISE,
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    EnterpriseUser,
    provider,
)

LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse"


class PeopleStorage(ScimStorage):
    """The portal's people as SCIM users; changes are made in the name of one token."""

    def __init__(self, token_name: str) -> None:
        self.token_name = token_name

    def get(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        response_parameters: ResponseParameters[Any] | None = None,
    ) -> Resource[Any]:
        return queries.user(resource_id)

    def search(
        self,
        resource_types: list[ResourceType],
        search_request: SearchRequest[Any],
        *,
        position: Any = None,
    ) -> SearchPage:
        scim_filter = search_request.filter
        count = PAGE_SIZE if search_request.count is None else search_request.count
        total, users = queries.page(
            scim_filter.ast if scim_filter is not None else None,
            search_request.start_index or 1,
            min(count, MAX_PAGE_SIZE),
        )
        return SearchPage(total=total, resources=users)

    def create(self, resource_type: ResourceType, resource: Resource[Any]) -> Resource[Any]:
        person = writes.create(values_of(resource), self.token_name)
        return queries.user(str(person.id))

    def update(
        self,
        resource_type: ResourceType,
        resource: Resource[Any],
        *,
        expected_version: str | None = None,
    ) -> Resource[Any]:
        person = writes.replace(cast(str, resource.id), values_of(resource), self.token_name)
        return user_for(person)

    def delete(
        self,
        resource_type: ResourceType,
        resource_id: str,
        *,
        expected_version: str | None = None,
    ) -> None:
        writes.delete(resource_id, self.token_name)


class PortalService(ScimService):
    """The protocol, with the portal's defaults filled in before a body is checked."""

    def _with_defaults(self, body: bytes, content_type: str | None, **defaults) -> bytes:
        payload = self.decode_body(body, content_type)  # 400 invalidSyntax, 415
        return json.dumps(with_defaults(payload, **defaults)).encode()

    def read_creation(
        self, resource_type: ResourceType, body: bytes, content_type: str | None
    ) -> Resource[Any]:
        return super().read_creation(
            resource_type, self._with_defaults(body, content_type), content_type
        )

    def read_replacement_of(
        self,
        current: Resource[Any],
        resource_type: ResourceType,
        body: bytes,
        content_type: str | None,
    ) -> Resource[Any]:
        """A PUT keeps `active` and the name as they were when it leaves them out, and the
        manager when it leaves out the enterprise extension (Okta, for one, cannot send it)."""
        payload = self.decode_body(body, content_type)  # 400 invalidSyntax, 415
        filled = with_defaults(payload, active=bool(current.active), name=current.display_name)
        replacement = super().read_replacement(
            resource_type, json.dumps(filled).encode(), content_type
        )
        if isinstance(payload, dict) and not any(
            key.casefold() == ENTERPRISE.casefold() for key in payload
        ):
            replacement[EnterpriseUser] = current[EnterpriseUser]
        return replacement

    def read_patch(
        self, resource_type: ResourceType, body: bytes, content_type: str | None
    ) -> PatchOp[Any]:
        self.ensure_patch_supported()
        payload = with_manager_objects(self.decode_body(body, content_type))
        return super().read_patch(resource_type, json.dumps(payload).encode(), content_type)

    def me_target(self, request: ScimRequest):
        raise NotImplementedException(detail="/Me is not supported: the tokens are not people.")


class PortalHandler(ScimHandler):
    """scim2-server's handler, whose PUT reads the body knowing the user it replaces, and whose
    lists (without `attributes` or `excludedAttributes`) are written straight as JSON."""

    service: PortalService
    storage: PeopleStorage

    def search(self, request: ScimRequest) -> ScimResponse:
        if any(key in request.query for key in ("attributes", "excludedAttributes")):
            return super().search(request)
        with self.service.provider:
            target = self.service.route(request, Operation.search)
            resource_types = self.service.searched_types(target.endpoint)
            self.service.authorized_types(request, target, resource_types)
            search_request, _ = self.service.read_search_query(resource_types, request.query)
            scim_filter = search_request.filter
            start = search_request.start_index or 1
            count = PAGE_SIZE if search_request.count is None else search_request.count
            total, people, changes = queries.people_page(
                scim_filter.ast if scim_filter is not None else None, start,
                min(count, MAX_PAGE_SIZE),
            )
        body: dict[str, Any] = {
            "schemas": [LIST_RESPONSE],
            "totalResults": total,
            "startIndex": start,
            "itemsPerPage": len(people),
            "Resources": [
                user_json(person, request.base_url, changes.get(person.id)) for person in people
            ],
        }
        return ScimResponse(HTTPStatus.OK, body)

    def replace(self, request: ScimRequest) -> ScimResponse:
        with self.service.provider:
            target = self.service.route(request, Operation.replace)
            resource_type = self.service.resource_type_at(cast(str, target.endpoint))
            self.service.authorize(request, target, resource_type)
            response_parameters = self.service.read_response_parameters(
                resource_type, request.query
            )
            with self.storage.operation():
                current = self.storage.get(resource_type, cast(str, target.resource_id))
                replacement = self.service.read_replacement_of(
                    current, resource_type, request.body, request.header("Content-Type")
                )
                resource = self.replace_resource(
                    resource_type, current, replacement, self.service.read_conditions(request)
                )
            return self.service.replacement_response(
                request.base_url, resource, response_parameters
            )


@cache
def service() -> PortalService:
    return PortalService(provider())


def handle(request: ScimRequest, token_name: str) -> ScimResponse:
    """Serve one SCIM request made with the token called `token_name`; a SCIMException
    becomes a SCIM error response."""
    handler = PortalHandler(service(), PeopleStorage(token_name))
    try:
        return handler.handle(request)
    except SCIMException as error:  # any other exception is a bug, for the 500 handler
        return service().error_response(error)


def error_response(error: Exception) -> ScimResponse:
    return service().error_response(error)
