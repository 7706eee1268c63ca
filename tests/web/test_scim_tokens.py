"""`flask scim-token create|revoke|list`: a token shown once, kept as a digest, errors on
stderr with exit code 2."""

from __future__ import annotations

from sqlalchemy import select

from portal.extensions import db
from portal.models import IntegrationToken
from portal.services.accounts import token_digest


def test_create_prints_the_token_once_on_its_own_last_line_and_keeps_only_its_digest(runner):
    result = runner.invoke(args=["scim-token", "create", "okta"])
    assert result.exit_code == 0, result.output
    token = result.output.strip().splitlines()[-1]
    assert token.startswith("scim_") and " " not in token and len(token) > 40
    stored = db.session.scalars(select(IntegrationToken)).one()
    assert (stored.kind, stored.name, stored.digest) == ("scim", "okta", token_digest(token))


def test_a_duplicate_bad_or_unknown_name_is_refused_on_stderr_with_exit_code_2(runner):
    assert runner.invoke(args=["scim-token", "create", "okta"]).exit_code == 0
    for args, words in (
        (["create", "okta"], "already a token called"),
        (["create", " spaced"], "token name"),
        (["create", "x" * 101], "token name"),
        (["create", "semi;colon"], "token name"),
        (["revoke", "entra"], "no token called"),
    ):
        result = runner.invoke(args=["scim-token", *args])
        assert result.exit_code == 2, args
        assert words in result.stderr and result.stdout == ""
    assert runner.invoke(args=["scim-token", "revoke", "okta"]).exit_code == 0
    again = runner.invoke(args=["scim-token", "revoke", "okta"])
    assert again.exit_code == 2 and "already revoked" in again.stderr
    reused = runner.invoke(args=["scim-token", "create", "okta"])
    assert reused.exit_code == 2 and "revoked tokens keep their name" in reused.stderr


def test_list_shows_each_token_made_last_used_and_revoked(runner, client):
    assert "no SCIM tokens yet" in runner.invoke(args=["scim-token", "list"]).output
    token = runner.invoke(args=["scim-token", "create", "okta"]).output.strip().splitlines()[-1]
    runner.invoke(args=["scim-token", "create", "entra"])
    client.get("/scim/v2/Users", headers={"Authorization": f"Bearer {token}"})
    runner.invoke(args=["scim-token", "revoke", "entra"])
    lines = runner.invoke(args=["scim-token", "list"]).output.strip().splitlines()
    assert lines[0].startswith("okta: made ") and "last used never" not in lines[0]
    assert lines[0].endswith("in use")
    assert lines[1].startswith("entra: made ") and "last used never" in lines[1]
    assert "; revoked " in lines[1]
    assert all(token not in line for line in lines)
