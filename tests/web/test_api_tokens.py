"""`flask api-token create|revoke|list`: scoped tokens shown once, kept as digests, clear errors
on stderr with exit code 2; a revoked token stops working at once."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import IntegrationToken
from portal.services.accounts import token_digest
from tests.web.api_helpers import signed


def test_create_prints_the_token_once_and_keeps_only_its_digest_and_scopes(runner):
    result = runner.invoke(args=["api-token", "create", "payroll", "--scope", "read:leave",
                                 "--scope", "read:people"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("plp_") and len(token) > 40
    stored = db.session.scalars(select(IntegrationToken)).one()
    assert (stored.kind, stored.name, stored.digest) == ("api", "payroll", token_digest(token))
    assert stored.scopes == "read:people read:leave"


def test_bad_names_scopes_and_unknown_tokens_are_refused_with_exit_code_2(runner):
    assert runner.invoke(args=["api-token", "create", "hr", "--scope", "estimate"]).exit_code == 0
    for args, words in (
        (["create", "hr", "--scope", "estimate"], "already an API token called"),
        (["create", "new"], "at least one scope"),
        (["create", "new", "--scope", "write:everything"], "is not a scope"),
        (["create", " spaced", "--scope", "estimate"], "token name"),
        (["revoke", "nobody"], "no API token called"),
    ):
        result = runner.invoke(args=["api-token", *args])
        assert result.exit_code == 2, args
        assert words in result.stderr and "Traceback" not in result.output


def test_a_revoked_token_stops_working_and_the_list_says_so(runner, client):
    token = runner.invoke(args=["api-token", "create", "hr-system", "--scope", "read:people"]
                          ).output.strip().splitlines()[-1]
    assert client.get("/api/v1/people", headers=signed(token)).status_code == 200
    assert runner.invoke(args=["api-token", "revoke", "hr-system"]).exit_code == 0
    assert client.get("/api/v1/people", headers=signed(token)).status_code == 401
    listed = runner.invoke(args=["api-token", "list"]).output
    assert "hr-system (read:people)" in listed and "revoked" in listed
    again = runner.invoke(args=["api-token", "revoke", "hr-system"])
    assert again.exit_code == 2 and "already revoked" in again.stderr


def test_the_list_says_how_to_make_the_first_token(runner):
    assert "flask api-token create" in runner.invoke(args=["api-token", "list"]).output
