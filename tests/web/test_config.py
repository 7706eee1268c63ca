"""Configuration read from the environment."""

import pytest

from config import (
    INSTANCE_DIR,
    ConfigError,
    config_from_environment,
    database_url,
    engine_options,
)


def test_the_default_database_is_a_sqlite_file_in_instance():
    assert database_url(None) == f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_plain_postgresql_urls_use_psycopg_3(given):
    assert database_url(given) == "postgresql+psycopg://u@h/db"


def test_an_unknown_configuration_name_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PORTAL_CONFIG", "staging")
    with pytest.raises(ConfigError, match="use one of development, production, test"):
        config_from_environment()


def test_postgresql_sessions_compile_no_query_and_stop_slow_ones():
    url = "postgresql+psycopg://portal@db/portal"
    assert engine_options(url, 3, 5000)["connect_args"] == {
        "connect_timeout": 3, "options": "-c jit=off -c statement_timeout=5000"}
    assert engine_options(url, 3, 0)["connect_args"]["options"] == "-c jit=off"
    assert "connect_args" not in engine_options("sqlite:///portal.sqlite3", 3, 5000)
