"""Settings: local defaults for a newcomer, the environment for production."""

from __future__ import annotations

from pathlib import Path

import pytest

from autosales import config, create_app


def test_settings_come_from_the_environment_with_their_types() -> None:
    found = config.settings_from_environment(
        {"DATABASE_URL": "mysql+pymysql://u@h/db", "MAIL_PORT": "2525", "MAIL_USE_TLS": "yes"}
    )

    assert found == {
        "SQLALCHEMY_DATABASE_URI": "mysql+pymysql://u@h/db",
        "MAIL_PORT": 2525,
        "MAIL_USE_TLS": True,
    }


def test_a_newcomer_gets_sqlite_and_a_secret_kept_in_the_instance_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for variable in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "AUTOSALES_ENV"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("AUTOSALES_INSTANCE_PATH", str(tmp_path))

    first, second = create_app(), create_app()

    assert first.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'autosales.sqlite3'}"
    assert first.config["REDIS_URL"] is None
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert len(first.config["SECRET_KEY"]) >= 32
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_production_refuses_to_start_without_a_secret_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("AUTOSALES_ENV", "production")
    monkeypatch.setenv("AUTOSALES_INSTANCE_PATH", str(tmp_path))

    with pytest.raises(RuntimeError, match="SECRET_KEY must be set"):
        create_app()


def test_upload_limit_follows_max_upload_mb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MAX_UPLOAD_MB", "7")
    monkeypatch.setenv("AUTOSALES_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "x" * 40)

    assert create_app().config["MAX_CONTENT_LENGTH"] == 7 * 1024 * 1024
