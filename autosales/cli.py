"""The ``autosales`` command: Flask's CLI with the app preset, plus the product's own commands."""

from __future__ import annotations

import sys

import click
from flask import Flask
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from autosales import create_app


@click.group(cls=FlaskGroup, create_app=create_app)
def cli() -> None:
    """Auto-sales: sales analytics for car dealers."""


def register_commands(app: Flask) -> None:
    """Attach the product's commands to the app, where both `autosales` and tests find them."""
    app.cli.add_command(users)
    app.cli.add_command(demo_data_command)


@click.group(cls=AppGroup)
def users() -> None:
    """Manage accounts."""


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The account holder's name.")
@click.option("--business", default=None, help="The business name shown on reports.")
def create_user_command(email: str, name: str, business: str | None) -> None:
    """Create a verified account; the password is read from standard input."""
    from autosales.auth.accounts import AccountError, create_user

    password = _read_password()
    try:
        user = create_user(email, name, password, verified=True)
    except AccountError as error:
        raise click.ClickException(str(error)) from error
    if business:
        from autosales.extensions import db

        user.business_name = business
        db.session.commit()
    click.echo(f"created account {user.id} for {user.email}")


@click.command("demo-data")
@with_appcontext
@click.option("--email", default=None, help="The demo account's address (default from config).")
@click.option("--years", default=4, show_default=True, help="Years of history to generate.")
@click.option("--replace", is_flag=True, help="Delete and rebuild the demo account if it exists.")
def demo_data_command(email: str | None, years: int, replace: bool) -> None:
    """Create a demo account filled with several years of synthetic dealer sales."""
    from autosales.sales.demo import DEMO_PASSWORD, create_demo_account

    account = create_demo_account(email=email, years=years, replace=replace)
    if account.created:
        click.echo(f"demo account {account.email} with {account.rows:,} sales lines")
        click.echo(f"sign in with {account.email} / {DEMO_PASSWORD}")
    else:
        click.echo(f"demo account {account.email} exists already; --replace rebuilds it")


def _read_password() -> str:
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise click.ClickException("no password given on standard input")
    return password


def main() -> None:
    cli(prog_name="autosales")
