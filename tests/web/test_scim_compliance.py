"""scim2-tester's compliance checks against the SCIM endpoint, in-process: any failed check
fails the test (checks of features ServiceProviderConfig declares unsupported may skip)."""

from __future__ import annotations

from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_models import ScimProvider
from scim2_tester import Status, check_server

from portal.services.scim.tokens import create_token
from tests.builders import make_location

PASSED = {Status.SUCCESS, Status.COMPLIANT, Status.ACCEPTABLE}


def test_scim2_tester_finds_nothing_wrong_with_the_endpoint(app):
    # The tester sends made-up addresses: they need a default location to land at.
    make_location(name="Headquarters", is_default=True)
    token = create_token("compliance")
    client = WSGISCIMClient(
        app,
        base_url=app.config["PORTAL_BASE_URL"].rstrip("/") + "/scim/v2",
        headers={"Authorization": f"Bearer {token}"},
        provider=ScimProvider(),  # described by what the endpoint publishes
    )
    results = check_server(client)
    failed = [
        f"{result.title}: {result.status.name}: {result.reason}"
        for result in results if result.status not in PASSED | {Status.SKIPPED}
    ]
    assert failed == []
    skipped = [result for result in results if result.status == Status.SKIPPED]
    assert skipped == [], [f"{result.title}: {result.reason}" for result in skipped]
    assert len(results) >= 40  # discovery, CRUD, filtering of attributes and every PATCH
