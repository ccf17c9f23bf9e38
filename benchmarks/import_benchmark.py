"""Import speed: 1,000,000 sales rows through the real pipeline, against a naive baseline.

Generates a CSV of about 40 MB, then measures in child processes (so each peak memory is its
own): two naive baselines (``pandas.read_csv`` then ``DataFrame.to_sql``: into a new plain
SQLite table, as the issue describes, and into the ``sales`` table our migrations create, with
its indexes, which is the fair comparison and the one the ratios use), our import into SQLite
(read, map, clean, dedupe, store), the same file imported again (every row a duplicate), and
our import into a private MariaDB when its server is installed. Times run from reading the
file to the commit; starting the process and the app is not counted.

    .venv/bin/python benchmarks/import_benchmark.py [--rows 1000000] [--skip-mariadb]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

NAIVE_COLUMNS = {
    "Date": "sale_date",
    "Make": "make",
    "Model": "model",
    "Region": "region",
    "Quantity": "quantity",
    "Unit Price": "unit_price",
}
MAKES = {
    "Toyota": ["Corolla", "Yaris", "RAV4", "C-HR"],
    "Volkswagen": ["Golf", "Polo", "Tiguan", "ID.4"],
    "Ford": ["Focus", "Fiesta", "Kuga", "Transit"],
    "Kia": ["Ceed", "Niro", "Sportage"],
    "Volvo": ["XC40", "XC60", "V60"],
    "Skoda": ["Octavia", "Fabia", "Kodiaq"],
}


def generate_csv(path: Path, rows: int, seed: int = 1) -> None:
    """Write a dealer-style export: date, make, model, region, quantity, unit price (~36 MB a
    million rows)."""
    rng = np.random.default_rng(seed)
    pairs = [(make, model) for make, models in MAKES.items() for model in models]
    choice = rng.integers(0, len(pairs), rows)
    days = rng.integers(0, 5 * 365, rows)
    frame = pd.DataFrame(
        {
            "Date": (pd.Timestamp("2020-01-01") + pd.to_timedelta(days, unit="D")).strftime(
                "%Y-%m-%d"
            ),
            "Make": [pairs[i][0] for i in choice],
            "Model": [pairs[i][1] for i in choice],
            "Region": rng.choice(["North", "South", "East", "West", "Central"], rows),
            "Quantity": rng.integers(1, 4, rows),
            "Unit Price": np.round(rng.lognormal(10.2, 0.3, rows), 2),
        }
    )
    frame.to_csv(path, index=False)


def naive_baseline(csv_path: Path, folder: Path) -> tuple[int, float]:
    """The issue's naive baseline: read_csv, then to_sql into a new plain SQLite table (six
    columns, no indexes, no owner). Gives the rows and the seconds from reading to commit."""
    started = time.perf_counter()
    frame = pd.read_csv(csv_path)
    with sqlite3.connect(folder / "naive.sqlite3") as connection:
        frame.to_sql("sales", connection, index=False, if_exists="replace", chunksize=50_000)
    return len(frame), time.perf_counter() - started


def naive_into_sales_table(csv_path: Path, folder: Path) -> tuple[int, float]:
    """The naive baseline writing what we write: read_csv, rename to our columns, add the
    owner, creation time and a row hash (pandas' own, as 32 hex digits: the column is required
    and indexed), then to_sql appending to the ``sales`` table our migrations create (same five
    indexes, foreign keys and checks) through the app's engine (same connection settings). No
    cleaning, no deduplication. Gives the rows and the seconds from reading to commit."""
    from autosales.extensions import db
    from autosales.models.types import utc_now

    app, user_id = _migrated_app(f"sqlite:///{folder / 'naive_sales.sqlite3'}")
    with app.app_context():
        started = time.perf_counter()
        frame = pd.read_csv(csv_path).rename(columns=NAIVE_COLUMNS)
        frame["owner_id"] = user_id
        frame["created_at"] = utc_now()
        hashes = pd.util.hash_pandas_object(frame[list(NAIVE_COLUMNS.values())], index=False)
        frame["fingerprint"] = hashes.map("{:032x}".format)
        frame.to_sql("sales", db.engine, index=False, if_exists="append", chunksize=50_000)
        return len(frame), time.perf_counter() - started


def _migrated_app(database_url: str) -> tuple[Any, int]:
    """Give an app on a freshly migrated database and the id of its one user."""
    import flask_migrate

    from autosales import create_app
    from autosales.auth.accounts import create_user

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "benchmark" * 5,
            "ARGON2_PROFILE": "test-cheapest",
            "REDIS_URL": None,
            "LOG_LEVEL": "WARNING",
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
        user = create_user("bench@example.com", "Bench", "a long benchmark password")
        return app, user.id


def our_import(csv_path: Path, database_url: str, folder: Path, times: int = 1) -> list[dict]:
    from autosales.models import owner_scope
    from autosales.sales.importing import ImportChoices, import_file

    app, user_id = _migrated_app(database_url)
    outcomes = []
    with app.app_context():
        data = csv_path.read_bytes()
        for _ in range(times):
            started = time.perf_counter()
            with owner_scope(user_id):
                report = import_file(csv_path.name, data, ImportChoices())
            report["seconds"] = time.perf_counter() - started
            outcomes.append(report)
    return outcomes


def in_child(function: Callable[..., Any], *args: Any) -> tuple[Any, float, float]:
    """Run the function in a fresh process; give its result, seconds and peak memory (MiB,
    from the child's maximum resident set size).

    Dirty pages an earlier run left for the kernel to write are flushed first, so no run's
    commit waits behind another run's writes.
    """
    os.sync()
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        started = time.perf_counter()
        result = pool.apply(_measured, (function, *args))
        seconds = time.perf_counter() - started
    value, peak_kb = result
    return value, seconds, peak_kb / 1024


def _measured(function: Callable[..., Any], *args: Any) -> tuple[Any, int]:
    value = function(*args)
    return value, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def mariadb_url(folder: Path) -> tuple[Any, str] | None:
    from tests import services

    try:
        server = services.mariadb_server(folder / "mariadb")
        settings = server.__enter__()
    except (RuntimeError, FileNotFoundError) as error:
        print(f"MariaDB: skipped ({error})")
        return None
    return server, services.create_mariadb_database(settings, "import_bench")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--skip-mariadb", action="store_true")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        csv_path = folder / "sales.csv"
        generate_csv(csv_path, options.rows)
        size_mb = csv_path.stat().st_size / 1e6
        print(f"file: {options.rows:,} rows, {size_mb:.1f} MB")

        (rows, plain_s), _seconds, plain_mb = in_child(naive_baseline, csv_path, folder)
        print(
            f"naive read_csv + to_sql, plain table (SQLite): {plain_s:6.1f} s"
            f"  {rows / plain_s:9,.0f} rows/s  peak {plain_mb:6.0f} MiB"
            "  (6 columns, no indexes, nothing checked)"
        )
        (rows, naive_s), _seconds, naive_mb = in_child(naive_into_sales_table, csv_path, folder)
        print(
            f"naive read_csv + to_sql, our sales table (SQLite): {naive_s:6.1f} s"
            f"  {rows / naive_s:9,.0f} rows/s  peak {naive_mb:6.0f} MiB"
            "  (our schema and its indexes; no cleaning, no dedupe; the baseline for the ratios)"
        )
        sqlite_url = f"sqlite:///{folder / 'ours.sqlite3'}"
        (first, again), _seconds, ours_mb = in_child(our_import, csv_path, sqlite_url, folder, 2)
        report("ours into SQLite", first, ours_mb, naive_s, plain_s)
        report("same file again (all duplicates)", again, ours_mb, naive_s, plain_s)
        if not options.skip_mariadb and (found := mariadb_url(folder)):
            server, url = found
            try:
                (maria,), _s, maria_mb = in_child(our_import, csv_path, url, folder, 1)
                report("ours into MariaDB", maria, maria_mb, naive_s, plain_s)
            finally:
                server.__exit__(None, None, None)


def report(label: str, outcome: dict, peak_mb: float, naive_s: float, plain_s: float) -> None:
    seconds = outcome["seconds"]
    print(
        f"{label}: {seconds:6.1f} s  {outcome['rows_read'] / seconds:9,.0f} rows/s"
        f"  peak {peak_mb:6.0f} MiB  stored {outcome['rows_stored']:,}"
        f"  duplicates {outcome['duplicates']:,}  rejected {outcome['rejected']:,}"
        f"  ({naive_s / seconds:.2f}x the naive baseline's speed into our table,"
        f" {plain_s / seconds:.2f}x into a plain table)"
    )


if __name__ == "__main__":
    main()
