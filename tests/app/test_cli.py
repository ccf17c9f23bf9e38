"""The `autosales` command line: accounts and the demo account."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskCliRunner

from autosales.auth.accounts import authenticate


def test_users_create_reads_the_password_from_stdin_and_verifies_the_account(
    app: Flask, runner: FlaskCliRunner
) -> None:
    result = runner.invoke(
        args=["users", "create", "Owner@Example.com", "--name", "Olu Owner"],
        input="a long and private passphrase\n",
    )

    assert result.exit_code == 0, result.output
    assert "created account" in result.output
    with app.test_request_context():
        user = authenticate("owner@example.com", "a long and private passphrase")
        assert user is not None
        assert user.is_verified
        assert user.name == "Olu Owner"


def test_users_create_refuses_an_address_that_has_an_account(runner: FlaskCliRunner) -> None:
    arguments = ["users", "create", "twice@example.com", "--name", "Twice"]
    runner.invoke(args=arguments, input="a long and private passphrase\n")

    result = runner.invoke(args=arguments, input="another long passphrase\n")

    assert result.exit_code != 0
    assert "already exists" in result.output


def test_users_create_refuses_a_short_password(runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["users", "create", "short@example.com", "--name", "Short"], input="tiny\n"
    )

    assert result.exit_code != 0
    assert "12 to 128 characters" in result.output
