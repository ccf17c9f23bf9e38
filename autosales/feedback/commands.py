"""``autosales feedback list``: the operator's view of what users sent."""

from __future__ import annotations

import click

from autosales.feedback import bp
from autosales.feedback.services import all_feedback


@bp.cli.command("list")
@click.option(
    "--limit", default=50, show_default=True, type=click.IntRange(1), help="Show this many."
)
def list_command(limit: int) -> None:
    """Print feedback newest first: id, time (UTC), account, category, page, message."""
    rows = all_feedback(limit)
    if not rows:
        click.echo("no feedback yet")
        return
    for record, email in rows:
        page = record.page or "-"
        message = " ".join(record.message.split())
        click.echo(
            f"{record.id}\t{record.created_at:%Y-%m-%d %H:%M}\t{email}\t{record.category}\t"
            f"{page}\t{message}"
        )
