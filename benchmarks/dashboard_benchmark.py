"""Dashboard speed: 1,000,000 sales in one account, through the real views and the test client.

Builds (once, then reuses) a SQLite database with one account and ``--rows`` sales generated
with numpy, then times with Flask's test client:

- GET /dashboard with nothing cached (the SQL aggregates and the page),
- GET /dashboard/analysis not cached (starts the job; without REDIS_URL it runs in-process,
  so this is the analysis itself, reported on its own),
- both again once cached, and a filter change (HTMX body swap) once cached,

and prints medians, the page weight, and ratios against a baseline measured in the same run:
``SELECT COUNT(*)`` over the account's sales plus rendering an empty template.

    .venv/bin/python benchmarks/dashboard_benchmark.py [--rows 1000000] [--runs 5] [--rebuild]
"""

from __future__ import annotations

import argparse
import statistics
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

from flask import Flask, render_template_string  # noqa: E402 - after the path is set
from sqlalchemy import func, select, update  # noqa: E402

from autosales import create_app  # noqa: E402
from autosales.extensions import db  # noqa: E402
from autosales.models import Sale, User, owner_scope  # noqa: E402

PASSWORD = "benchmark password 1"  # noqa: S105 - a throwaway benchmark account
EMAIL = "bench@example.com"
MAKES = {
    "Toyota": ["Corolla", "Yaris", "RAV4", "C-HR"],
    "Volkswagen": ["Golf", "Polo", "Tiguan", "ID.4"],
    "Ford": ["Focus", "Fiesta", "Kuga", "Transit"],
    "Kia": ["Ceed", "Niro", "Sportage"],
    "Volvo": ["XC40", "XC60", "V60"],
    "Skoda": ["Octavia", "Fabia", "Kodiaq"],
    "BMW": ["1 Series", "3 Series", "X1"],
    "Renault": ["Clio", "Captur", "Megane"],
    "Peugeot": ["208", "2008", "3008"],
    "Hyundai": ["i20", "i30", "Tucson"],
}
REGIONS = ["North", "South", "East", "West", "Central", "Coast"]


def make_app(path: Path) -> Flask:
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "benchmark-only-secret",
            "ARGON2_PROFILE": "test-cheapest",
            "WTF_CSRF_ENABLED": False,
            "REDIS_URL": None,
            "MAIL_SERVER": None,
            "RATELIMIT_ENABLED": False,
            "OUTBOX_DIR": str(path.parent / "outbox"),
        }
    )


def sales_frame(rows: int, seed: int = 1) -> pd.DataFrame:
    """Give ``rows`` sales over five years ending last month, with seasonality and costs."""
    rng = np.random.default_rng(seed)
    end = pd.Timestamp.today().normalize() - pd.offsets.MonthBegin(1)
    days = pd.date_range(end - pd.DateOffset(years=5), end - pd.Timedelta(days=1), freq="D")
    weights = 1 + 0.3 * np.sin(2 * np.pi * days.day_of_year.to_numpy() / 365.25)
    weights *= np.linspace(0.8, 1.2, len(days))
    dates = days[rng.choice(len(days), rows, p=weights / weights.sum())]
    pairs = [(make, model) for make, models in MAKES.items() for model in models]
    pair = rng.choice(len(pairs), rows, p=_zipf(len(pairs)))
    price = rng.integers(12_000, 60_000, rows) * 100
    cost = (price * rng.uniform(0.78, 0.95, rows)).astype("int64")
    stock_days = rng.gamma(2.0, 30.0, rows).astype("int64")
    return pd.DataFrame(
        {
            "sale_date": dates.date,
            "make": [pairs[index][0] for index in pair],
            "model": [pairs[index][1] for index in pair],
            "region": np.array(REGIONS)[rng.choice(len(REGIONS), rows, p=_zipf(len(REGIONS)))],
            "quantity": rng.choice([1, 1, 1, 1, 2], rows),
            "unit_price_cents": price,
            "unit_cost_cents": cost,
            "stocked_on": (dates - pd.to_timedelta(stock_days, unit="D")).date,
            "fingerprint": [f"{index:032x}" for index in range(rows)],
        }
    )


def _zipf(count: int) -> np.ndarray:
    weights = 1 / np.arange(1, count + 1) ** 0.8
    return weights / weights.sum()


def build_database(path: Path, rows: int) -> None:
    import flask_migrate

    from autosales.auth.accounts import create_user
    from autosales.sales.store import store_sales_frame

    path.unlink(missing_ok=True)
    app = make_app(path)
    with app.app_context():
        flask_migrate.upgrade()
        user = create_user(EMAIL, "Bench Motors", PASSWORD, verified=True)
        started = time.perf_counter()
        frame = sales_frame(rows)
        with owner_scope(user.id):
            store_sales_frame(frame, owner_id=user.id)
            db.session.commit()
        print(f"built {rows:,} sales in {time.perf_counter() - started:.1f} s at {path}")


def upgrade(app: Flask) -> None:
    """Bring a database built by an earlier version up to date (summaries included)."""
    import flask_migrate

    with app.app_context():
        started = time.perf_counter()
        flask_migrate.upgrade()
        print(f"database schema up to date ({time.perf_counter() - started:.1f} s)")


def median_seconds(action: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def bump_version(app: Flask) -> None:
    """Make every cached figure stale, as a new import would."""
    with app.app_context():
        db.session.execute(update(User).values(data_version=User.data_version + 1))
        db.session.commit()


def baseline(app: Flask, runs: int) -> float:
    def count_and_render() -> None:
        with app.test_request_context(), owner_scope(1):
            count = db.session.execute(select(func.count(Sale.id))).scalar_one()
            render_template_string("<p>{{ count }}</p>", count=count)

    return median_seconds(count_and_render, runs)


def get(client: Any, url: str, headers: dict[str, str] | None = None) -> int:
    response = client.get(url, headers=headers or {})
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return len(response.get_data())


def measure(app: Flask, runs: int) -> None:
    client = app.test_client()
    client.post("/auth/login", data={"email": EMAIL, "password": PASSWORD})
    base = baseline(app, runs)

    def uncached(url: str) -> Callable[[], None]:
        def act() -> None:
            bump_version(app)
            get(client, url)

        return act

    page_uncached = median_seconds(uncached("/dashboard"), runs) - _bump_cost(app, runs)
    bump_version(app)
    started = time.perf_counter()
    analysis_bytes = get(client, "/dashboard/analysis")
    analysis_seconds = time.perf_counter() - started
    page_bytes = get(client, "/dashboard")
    page_cached = median_seconds(lambda: get(client, "/dashboard"), runs)
    analysis_cached = median_seconds(lambda: get(client, "/dashboard/analysis"), runs)
    swap = {"HX-Request": "true", "HX-Target": "dashboard-body"}
    get(client, "/dashboard?make=Toyota", swap)
    filter_cached = median_seconds(lambda: get(client, "/dashboard?make=Toyota", swap), runs)
    bump_version(app)
    filter_uncached = median_seconds(
        lambda: (bump_version(app), get(client, "/dashboard?make=Toyota", swap)), runs
    ) - _bump_cost(app, runs)
    report(
        base,
        {
            "GET /dashboard, nothing cached": page_uncached,
            "GET /dashboard/analysis, not cached (runs the analysis)": analysis_seconds,
            "GET /dashboard, cached": page_cached,
            "GET /dashboard/analysis, cached": analysis_cached,
            "filter change (make=Toyota), not cached": filter_uncached,
            "filter change (make=Toyota), cached": filter_cached,
        },
    )
    print(
        f"page weight: dashboard HTML {page_bytes:,} bytes, analysis fragment "
        f"{analysis_bytes:,} bytes, together {page_bytes + analysis_bytes:,} bytes "
        "(plus static BokehJS and CSS, cacheable)"
    )
    print(f"static BokehJS on disk: {_bokeh_js_bytes():,} bytes")


def _bump_cost(app: Flask, runs: int) -> float:
    return median_seconds(lambda: bump_version(app), runs)


def _bokeh_js_bytes() -> int:
    import bokeh

    folder = Path(bokeh.__file__).parent / "server" / "static" / "js"
    return sum(
        (folder / name).stat().st_size for name in ("bokeh.min.js",) if (folder / name).exists()
    )


def report(base: float, figures: dict[str, float]) -> None:
    print(f"baseline (SELECT COUNT(*) + empty template): {base * 1000:8.1f} ms")
    for label, seconds in figures.items():
        print(f"{label:58s} {seconds * 1000:9.1f} ms  {seconds / base:7.1f} x baseline")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true")
    arguments = parser.parse_args()
    path = Path(tempfile.gettempdir()) / f"autosales-dashboard-bench-{arguments.rows}.sqlite3"
    if arguments.rebuild or not path.exists():
        build_database(path, arguments.rows)
    app = make_app(path)
    upgrade(app)
    measure(app, arguments.runs)


if __name__ == "__main__":
    main()
