"""The ``autosales`` command: Flask's CLI with the app preset, plus the product's own commands."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    app.cli.add_command(sales)
    app.cli.add_command(report_command)
    app.cli.add_command(jobs_command)


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


@click.group(cls=AppGroup)
def sales() -> None:
    """Import and export an account's sales."""


@sales.command("import")
@click.argument("email")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read COLUMN as FIELD (repeatable); other columns are matched automatically.",
)
@click.option(
    "--default",
    "defaults",
    multiple=True,
    metavar="FIELD=VALUE",
    help="A value for every row of a required field the file lacks, e.g. region=Main.",
)
@click.option("--keep-duplicates", is_flag=True, help="Store rows identical to others too.")
def import_command(
    email: str,
    path: Path,
    mappings: tuple[str, ...],
    defaults: tuple[str, ...],
    keep_duplicates: bool,
) -> None:
    """Import FILE into the account of EMAIL and print the import report as JSON."""
    from autosales.sales.importing import ImportChoices, import_file

    choices = ImportChoices(
        mapping=_pairs(mappings, "--map"),
        defaults=_pairs(defaults, "--default"),
        keep_duplicates=keep_duplicates,
    )
    with _owner(email):
        report = import_file(path.name, path.read_bytes(), choices)
    click.echo(json.dumps(report, indent=2, default=str))
    if report.get("status") != "done":
        sys.exit(1)


@sales.command("export")
@click.argument("email")
@click.argument("path", type=click.Path(dir_okay=False, writable=True, path_type=Path))
def export_command(email: str, path: Path) -> None:
    """Write every sale of the account of EMAIL to PATH (.csv, or .xlsx for Excel)."""
    from autosales.ingest.export import sales_to_csv, sales_to_xlsx
    from autosales.sales.filters import SalesFilter
    from autosales.sales.queries import filtered_frame

    with _owner(email):
        frame = filtered_frame(SalesFilter(descending=False))
    data = sales_to_xlsx(frame) if path.suffix.lower() == ".xlsx" else sales_to_csv(frame)
    path.write_bytes(data)
    click.echo(f"wrote {len(frame):,} sales to {path}")


@click.command("report")
@click.argument("email")
@click.option("--from", "date_from", metavar="YYYY-MM-DD", help="First day to include.")
@click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Last day to include.")
@click.option("--make", help="Only this make.")
@click.option("--model", help="Only this model.")
@click.option("--region", help="Only this region.")
@click.option("--freq", type=click.Choice(["day", "week", "month"]), help="Period length.")
@click.option("--horizon", type=click.IntRange(1, 60), help="Periods to forecast.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "html"]),
    default="json",
    show_default=True,
)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="Write here.")
@with_appcontext
def report_command(email: str, output_format: str, output: Path | None, **options: Any) -> None:
    """Analyse the sales of EMAIL's account: KPIs, decomposition, anomalies, forecast with its
    model and every candidate's accuracy, rules, classes and insights."""
    from autosales.jobs.analysis import analysis_params, compute_analysis
    from autosales.reports import render_report_html

    arguments = {"from": options.pop("date_from"), "to": options.pop("date_to"), **options}
    params = analysis_params({key: value for key, value in arguments.items() if value})
    with _owner(email):
        result = compute_analysis(params)
        text = (
            render_report_html(result, params)
            if output_format == "html"
            else json.dumps({"parameters_asked": params, **result}, indent=2, default=str)
        )
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote the {output_format} report to {output}")
    else:
        click.echo(text)


@click.command("jobs")
@click.option("--retry", "retry_id", metavar="JOB_ID", help="Run a failed job again.")
@click.option("--cancel", "cancel_id", metavar="JOB_ID", help="Stop a queued job.")
@click.option("--requeue-pending", is_flag=True, help="Queue jobs kept while Redis was away.")
@with_appcontext
def jobs_command(retry_id: str | None, cancel_id: str | None, requeue_pending: bool) -> None:
    """List the job queue's workers and its queued, running, scheduled, failed and pending
    jobs; retry or cancel one."""
    from flask import current_app

    from autosales.jobs import operator
    from autosales.jobs.queue import enqueue_pending

    if not current_app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: jobs run inside the web process")
    try:
        if retry_id:
            operator.retry(retry_id)
            click.echo(f"job {retry_id} queued again")
        elif cancel_id:
            operator.cancel(cancel_id)
            click.echo(f"job {cancel_id} cancelled")
        elif requeue_pending:
            click.echo(f"{enqueue_pending()} pending jobs queued")
        else:
            _print_overview(operator.overview(), operator.describe)
    except LookupError as error:
        raise click.ClickException(str(error)) from error


def _print_overview(found: Any, describe: Any) -> None:
    click.echo(f"queue {found.queue}; workers: {', '.join(found.workers) or 'none'}")
    for state in ("queued", "running", "scheduled", "failed", "pending"):
        ids = getattr(found, state)
        click.echo(f"{state}: {len(ids)}")
        for job_id in ids[:50]:
            click.echo(f"  {describe(job_id)}")


@contextlib.contextmanager
def _owner(email: str) -> Iterator[None]:
    from autosales.auth.accounts import find_user_by_email
    from autosales.models import owner_scope

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    with owner_scope(user.id):
        yield


def _pairs(values: tuple[str, ...], option: str) -> dict[str, str]:
    pairs = {}
    for value in values:
        key, separator, target = value.partition("=")
        if not separator or not key or not target:
            raise click.BadParameter(f"{value!r} is not NAME=VALUE", param_hint=option)
        pairs[key] = target
    return pairs


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
