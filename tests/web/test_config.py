"""Configuration read from the environment."""

import pytest

from config import INSTANCE_DIR, ConfigError, config_from_environment, database_url


def test_the_default_database_is_a_sqlite_file_in_instance():
    assert database_url(None) == f"sqlite:///{INSTANCE_DIR / 'portal.sqlite3'}"


@pytest.mark.parametrize("given", ["postgres://u@h/db", "postgresql://u@h/db"])
def test_plain_postgresql_urls_use_psycopg_3(given):
    assert database_url(given) == "postgresql+psycopg://u@h/db"


def test_an_unknown_configuration_name_is_a_clear_error(monkeypatch):
    monkeypatch.setenv("PORTAL_CONFIG", "staging")
    with pytest.raises(ConfigError, match="use one of development, production, test"):
        config_from_environment()
